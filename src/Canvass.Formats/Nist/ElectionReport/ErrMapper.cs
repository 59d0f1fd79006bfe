using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Validates an ElectionReport (either encoding) as a whole and maps it to the domain, collecting every problem.</summary>
internal sealed class ErrMapper(ProblemList problems)
{
    private const string KindGpUnit = "GpUnit";
    private const string KindParty = "Party";
    private const string KindPerson = "Person";
    private const string KindOffice = "Office";
    private const string KindHeader = "Header";
    private const string KindCandidate = "Candidate";
    private const string KindContest = "Contest";
    private const string KindSelection = "ContestSelection";

    private readonly ProblemList _problems = problems;
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _candidateNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _partyNames = new(StringComparer.Ordinal);
    private readonly Dictionary<CountKey, CountCell> _counts = [];
    private readonly List<CountKey> _countOrder = [];
    private readonly List<ReportedContestCounts> _contestCounts = [];
    private readonly SourcePlaces.Builder _contestCountPlaces = new();

    /// <summary>When <see cref="Map"/> found problems after reading every count: the counts it could read, with their
    /// places (a count whose own references are broken is among them, as written), so that they can still be checked
    /// against another election. Null when it stopped earlier or found no problem.</summary>
    public PlacedResults? Partial { get; private set; }

    public ElectionReportDocument? Map(ErrNode root)
    {
        CheckType(root, "ElectionReport", isAbstract: false);
        var format = RequiredString(root, "Format");
        if (format is not null && !NistNames.ReportDetailLevels.Contains(format))
        {
            Add(ProblemCodes.BadValue, $"Format '{format}' is not a NIST ReportDetailLevel.", root, "Format");
        }

        var generated = DateTimeOffset.MinValue;
        var generatedText = RequiredString(root, "GeneratedDate");
        if (generatedText is not null
            && !DateTimeOffset.TryParse(generatedText, CultureInfo.InvariantCulture, DateTimeStyles.None, out generated))
        {
            Add(ProblemCodes.BadValue, $"GeneratedDate '{generatedText}' is not a date and time with a zone.", root, "GeneratedDate");
        }

        var issuer = RequiredString(root, "Issuer") ?? "";
        var issuerAbbreviation = RequiredString(root, "IssuerAbbreviation") ?? "";
        RequiredInteger(root, "SequenceStart");
        RequiredInteger(root, "SequenceEnd");
        var status = RequiredString(root, "Status") ?? "";
        if (status.Length > 0 && !NistNames.ResultsStatuses.Contains(status))
        {
            Add(ProblemCodes.BadValue, $"Status '{status}' is not a NIST ResultsStatus.", root, "Status");
        }

        RequiredString(root, "VendorApplicationId");

        // Phase 1: register every id, so references can be checked in any order.
        var gpUnitNodes = root.Children("GpUnit");
        var partyNodes = root.Children("Party");
        var personNodes = root.Children("Person");
        var elections = root.Children("Election");
        Register(gpUnitNodes, KindGpUnit);
        Register(partyNodes, KindParty);
        Register(personNodes, KindPerson);
        Register(root.Children("Office"), KindOffice);
        Register(root.Children("Header"), KindHeader);
        if (elections.Count == 0)
        {
            Add(ProblemCodes.Schema, "The report has no Election.", root, "Election");
            return null;
        }

        if (elections.Count > 1)
        {
            Add(ProblemCodes.Unsupported, "The report has more than one Election; Canvass reads one election per file.", elections[1], null);
        }

        var election = elections[0];
        CheckType(election, "Election", isAbstract: false);
        var candidateNodes = election.Children("Candidate");
        var contestNodes = election.Children("Contest");
        Register(candidateNodes, KindCandidate);
        Register(contestNodes, KindContest);
        foreach (var c in contestNodes)
        {
            Register(c.Children("ContestSelection"), KindSelection);
        }

        // Phase 2: map, checking references.
        var gpUnits = MapGpUnits(gpUnitNodes);
        var unitPositions = Positions(gpUnits);
        CheckCycles(gpUnits, unitPositions, gpUnitNodes);
        CheckCounties(gpUnits, unitPositions, gpUnitNodes);
        var parties = ImmutableArray.CreateBuilder<Party>(partyNodes.Count);
        foreach (var p in partyNodes)
        {
            if (MapParty(p) is { } party)
            {
                parties.Add(party);
            }
        }

        var people = ImmutableArray.CreateBuilder<Person>(personNodes.Count);
        foreach (var p in personNodes)
        {
            if (MapPerson(p) is { } person)
            {
                people.Add(person);
            }
        }

        var candidates = ImmutableArray.CreateBuilder<Candidate>(candidateNodes.Count);
        foreach (var c in candidateNodes)
        {
            if (MapCandidate(c) is { } candidate)
            {
                candidates.Add(candidate);
            }
        }

        var contests = ImmutableArray.CreateBuilder<Contest>(contestNodes.Count);
        foreach (var c in contestNodes)
        {
            if (MapContest(c) is { } contest)
            {
                contests.Add(contest);
            }
        }

        var styles = MapBallotStyles(election.Children("BallotStyle"));
        foreach (var bc in election.Children("BallotCounts"))
        {
            CheckBallotCounts(bc);
        }

        var scope = RequiredString(election, "ElectionScopeId");
        if (scope is not null)
        {
            Ref(election, "ElectionScopeId", scope, KindGpUnit);
        }

        var name = election.IntlText("Name");
        if (name is null)
        {
            Missing(election, "Name");
        }

        var start = RequiredDate(election, "StartDate");
        var end = RequiredDate(election, "EndDate");
        var type = RequiredString(election, "Type") ?? "";
        if (type.Length > 0 && !NistNames.ElectionTypes.Contains(type))
        {
            Add(ProblemCodes.BadValue, $"Type '{type}' is not a NIST ElectionType.", election, "Type");
        }
        else if (type == "other" && election.TryScalar("OtherType", out var otherType, out _) && otherType.Length > 0)
        {
            type = otherType;
        }

        var counts = BuildCounts();
        var countPlaces = new SourcePlaces.Builder();
        foreach (var key in _countOrder)
        {
            _counts[key].Node.AddPlaceTo(countPlaces);
        }

        if (_problems.HasProblems)
        {
            Partial = new PlacedResults(new ReportedResults(counts, [.. _contestCounts]), countPlaces.ToSourcePlaces(), _contestCountPlaces.ToSourcePlaces());
            return null;
        }

        var definition = new ElectionDefinition(
            name!, new GpUnitId(scope!), start, end, type, issuer, issuerAbbreviation,
            gpUnits, parties.ToImmutable(), people.ToImmutable(), candidates.ToImmutable(), contests.ToImmutable(), styles);
        return new ElectionReportDocument(definition, new ReportedResults(counts, [.. _contestCounts]), status, generated)
        {
            CountPlaces = countPlaces.ToSourcePlaces(),
            ContestCountPlaces = _contestCountPlaces.ToSourcePlaces(),
        };
    }

    private ImmutableArray<GpUnit> MapGpUnits(IReadOnlyList<ErrNode> nodes)
    {
        var units = ImmutableArray.CreateBuilder<GpUnit>(nodes.Count);
        foreach (var n in nodes)
        {
            var kind = n.DeclaredType;
            if (kind is not ("ReportingUnit" or "ReportingDevice"))
            {
                WrongType(n, "ReportingUnit or ReportingDevice");
                continue;
            }

            var id = n.Id;
            var composing = RefList(n, "ComposingGpUnitIds", KindGpUnit);
            var externals = MapExternalIdentifiers(n);
            var name = n.IntlText("Name") ?? id ?? "";
            string type;
            string? otherType = OptionalString(n, "OtherType");
            if (kind == "ReportingDevice")
            {
                // Canvass has no device units: a device is kept as a unit of type "other" so its counts resolve.
                type = "other";
                otherType ??= "reporting-device";
            }
            else
            {
                type = RequiredString(n, "Type") ?? "";
                if (type.Length > 0 && !NistNames.ReportingUnitTypes.Contains(type))
                {
                    Add(ProblemCodes.BadValue, $"Type '{type}' is not a NIST ReportingUnitType.", n, "Type");
                }
            }

            if (id is not null)
            {
                units.Add(new GpUnit(new GpUnitId(id), name, type, composing.Select(c => new GpUnitId(c)).ToImmutableArray(), externals, otherType));
            }
        }

        return units.ToImmutable();
    }

    private static Dictionary<GpUnitId, int> Positions(ImmutableArray<GpUnit> units)
    {
        var index = new Dictionary<GpUnitId, int>();
        for (var i = 0; i < units.Length; i++)
        {
            index.TryAdd(units[i].Id, i);
        }

        return index;
    }

    private void CheckCycles(ImmutableArray<GpUnit> units, Dictionary<GpUnitId, int> index, IReadOnlyList<ErrNode> nodes)
    {
        var state = new byte[units.Length]; // 0 new, 1 on stack, 2 done
        var stack = new Stack<(int Unit, int Next)>();
        for (var s = 0; s < units.Length; s++)
        {
            if (state[s] != 0)
            {
                continue;
            }

            stack.Push((s, 0));
            state[s] = 1;
            while (stack.Count > 0)
            {
                var (u, next) = stack.Pop();
                var children = units[u].ComposingUnits;
                if (next >= children.Length)
                {
                    state[u] = 2;
                    continue;
                }

                stack.Push((u, next + 1));
                if (!index.TryGetValue(children[next], out var c))
                {
                    continue;
                }

                if (state[c] == 1)
                {
                    var node = FindNode(nodes, units[u].Id.Value);
                    Add(ProblemCodes.BadValue, $"GpUnit '{units[u].Id}' is composed of '{children[next]}', which contains it: the composition has a cycle.", node, "ComposingGpUnitIds");
                }
                else if (state[c] == 0)
                {
                    state[c] = 1;
                    stack.Push((c, 0));
                }
            }
        }
    }

    /// <summary>Refuses a unit inside two counties, directly or through other units: its ballots and totals belong to
    /// its county (<see cref="ElectionIndex.CountyOf(int)"/>), and with two that would depend on the order of the units.
    /// A unit may lie in any number of districts; a county inside another county is its own county.</summary>
    private void CheckCounties(ImmutableArray<GpUnit> units, Dictionary<GpUnitId, int> index, IReadOnlyList<ErrNode> nodes)
    {
        var countyOf = new Dictionary<int, int>();
        var stack = new Stack<int>();
        for (var county = 0; county < units.Length; county++)
        {
            if (!ElectionIndex.IsCounty(units[county]))
            {
                continue;
            }

            var seen = new HashSet<int> { county };
            stack.Push(county);
            while (stack.Count > 0)
            {
                foreach (var child in units[stack.Pop()].ComposingUnits)
                {
                    if (!index.TryGetValue(child, out var c) || !seen.Add(c) || ElectionIndex.IsCounty(units[c]))
                    {
                        continue;
                    }

                    if (countyOf.TryAdd(c, county))
                    {
                        stack.Push(c);
                        continue;
                    }

                    // Reported once, at the topmost shared unit: what it is made of is in both counties through it.
                    Add(ProblemCodes.BadValue,
                        $"GpUnit '{units[c].Id}' lies in two counties, '{units[countyOf[c]].Id}' and '{units[county].Id}' (directly or through the units composing them); a unit's ballots and totals belong to one county. A unit may lie in any number of districts, but in one county only.",
                        FindNode(nodes, units[county].Id.Value), "ComposingGpUnitIds");
                }
            }
        }
    }

    private static ErrNode? FindNode(IReadOnlyList<ErrNode> nodes, string id)
    {
        foreach (var n in nodes)
        {
            if (string.Equals(n.Id, id, StringComparison.Ordinal))
            {
                return n;
            }
        }

        return null;
    }

    private Party? MapParty(ErrNode n)
    {
        // Party is concrete in the XSD (Coalition extends it), so an XML Party needs no xsi:type.
        var partyType = n.DeclaredType ?? (n.IsXml ? "Party" : null);
        if (partyType is not ("Party" or "Coalition"))
        {
            WrongType(n, "Party or Coalition");
            return null;
        }

        var name = n.IntlText("Name");
        if (name is null)
        {
            Missing(n, "Name");
        }

        var abbreviation = n.IntlText("Abbreviation");
        if (partyType == "Coalition")
        {
            RefList(n, "PartyIds", KindParty);
            RefList(n, "ContestIds", KindContest);
        }

        if (n.Id is not { } id || name is null)
        {
            return null;
        }

        _partyNames[id] = name;
        return new Party(new PartyId(id), name, abbreviation);
    }

    private Person? MapPerson(ErrNode n)
    {
        CheckType(n, "Person", isAbstract: false);
        var fullName = n.IntlText("FullName");
        if (fullName is null)
        {
            var parts = new List<string>();
            foreach (var field in new[] { "Prefix", "FirstName", "MiddleName", "LastName", "Suffix" })
            {
                if (n.TryScalar(field, out var t, out var k) && k == ScalarKind.String && t.Length > 0)
                {
                    parts.Add(t);
                }
            }

            fullName = string.Join(' ', parts);
        }

        var party = OptionalRef(n, "PartyId", KindParty);
        return n.Id is { } id ? new Person(new PersonId(id), fullName, party is null ? null : new PartyId(party)) : null;
    }

    private Candidate? MapCandidate(ErrNode n)
    {
        CheckType(n, "Candidate", isAbstract: false);
        var ballotName = n.IntlText("BallotName");
        if (ballotName is null)
        {
            Missing(n, "BallotName");
        }

        var party = OptionalRef(n, "PartyId", KindParty);
        var person = OptionalRef(n, "PersonId", KindPerson);
        if (n.Id is not { } id || ballotName is null)
        {
            return null;
        }

        _candidateNames[id] = ballotName;
        return new Candidate(new CandidateId(id), ballotName, party is null ? null : new PartyId(party), person is null ? null : new PersonId(person));
    }

    private Contest? MapContest(ErrNode n)
    {
        ContestKind kind;
        switch (n.DeclaredType)
        {
            case "CandidateContest": kind = ContestKind.Candidate; break;
            case "BallotMeasureContest": kind = ContestKind.BallotMeasure; break;
            case "PartyContest": kind = ContestKind.Party; break;
            case "RetentionContest": kind = ContestKind.Retention; break;
            default:
                WrongType(n, "CandidateContest, BallotMeasureContest, PartyContest or RetentionContest");
                return null;
        }

        var id = n.Id;
        var name = RequiredString(n, "Name");
        var district = RequiredString(n, "ElectionDistrictId");
        if (district is not null)
        {
            Ref(n, "ElectionDistrictId", district, KindGpUnit);
        }

        var votesAllowed = 1;
        var numberElected = 1;
        if (kind == ContestKind.Candidate)
        {
            votesAllowed = RequiredInteger(n, "VotesAllowed") ?? 1;
            numberElected = OptionalInteger(n, "NumberElected") ?? 1;
            if (votesAllowed < 1)
            {
                Add(ProblemCodes.BadValue, "VotesAllowed must be at least 1.", n, "VotesAllowed");
            }

            if (numberElected < 1)
            {
                Add(ProblemCodes.BadValue, "NumberElected must be at least 1.", n, "NumberElected");
            }

            RefList(n, "OfficeIds", KindOffice);
            RefList(n, "PrimaryPartyIds", KindParty);
        }

        PassageThreshold? threshold = null;
        if (kind is ContestKind.BallotMeasure or ContestKind.Retention)
        {
            var text = n.IntlText("PassageThreshold");
            if (text is not null)
            {
                if (!PassageThresholdText.TryParse(text, out threshold))
                {
                    Add(ProblemCodes.BadValue, $"PassageThreshold '{text}' is not understood; write it as a fraction ('2/3') or percentage ('60%').", n, "PassageThreshold");
                }
            }
        }

        string? retained = null;
        if (kind == ContestKind.Retention)
        {
            retained = RequiredString(n, "CandidateId");
            if (retained is not null)
            {
                Ref(n, "CandidateId", retained, KindCandidate);
            }
        }

        VoteVariation variation;
        string? otherVariation = OptionalString(n, "OtherVoteVariation");
        var variationText = OptionalString(n, "VoteVariation");
        if (variationText is null)
        {
            variation = kind is ContestKind.BallotMeasure or ContestKind.Retention
                ? (threshold is null || threshold == PassageThreshold.SimpleMajority ? VoteVariation.Majority : VoteVariation.SuperMajority)
                : votesAllowed == 1 ? VoteVariation.Plurality : VoteVariation.NOfM;
        }
        else if (!NistNames.TryParseVoteVariation(variationText, out variation))
        {
            if (NistNames.OtherVoteVariations.Contains(variationText))
            {
                variation = VoteVariation.Other;
                otherVariation ??= variationText;
            }
            else
            {
                Add(ProblemCodes.BadValue, $"VoteVariation '{variationText}' is not a NIST VoteVariation.", n, "VoteVariation");
            }
        }

        if (variation == VoteVariation.SuperMajority && threshold is null && kind is ContestKind.BallotMeasure or ContestKind.Retention)
        {
            // The share differs from place to place (2/3, 3/5, 55 % …), and guessing it would decide the outcome.
            Add(ProblemCodes.Schema, "A super-majority measure needs its PassageThreshold (for example '2/3' or '60%').", n, "PassageThreshold");
        }

        var contestId = new ContestId(id ?? "");
        var selections = ImmutableArray.CreateBuilder<ContestSelection>();
        foreach (var s in n.Children("ContestSelection"))
        {
            if (MapSelection(s, kind, contestId, retained) is { } selection)
            {
                selections.Add(selection);
            }
        }

        foreach (var oc in n.Children("OtherCounts"))
        {
            MapOtherCounts(oc, contestId);
        }

        if (id is null || name is null || district is null)
        {
            return null;
        }

        return new Contest(contestId, name, kind, new GpUnitId(district), votesAllowed, numberElected, variation,
            selections.ToImmutable(), threshold, otherVariation);
    }

    private ContestSelection? MapSelection(ErrNode n, ContestKind kind, ContestId contest, string? retained)
    {
        var expected = kind switch
        {
            ContestKind.Candidate => "CandidateSelection",
            ContestKind.Party => "PartySelection",
            _ => "BallotMeasureSelection",
        };
        if (n.DeclaredType != expected)
        {
            WrongType(n, expected);
            return null;
        }

        var candidateIds = ImmutableArray<CandidateId>.Empty;
        var partyIds = ImmutableArray<PartyId>.Empty;
        var isWriteIn = false;
        string text;
        switch (kind)
        {
            case ContestKind.Candidate:
            {
                var cands = RefList(n, "CandidateIds", KindCandidate);
                var endorsers = RefList(n, "EndorsementPartyIds", KindParty);
                isWriteIn = OptionalBool(n, "IsWriteIn") ?? false;
                candidateIds = cands.Select(c => new CandidateId(c)).ToImmutableArray();
                partyIds = endorsers.Select(p => new PartyId(p)).ToImmutableArray();
                var names = new List<string>(cands.Count);
                foreach (var c in cands)
                {
                    if (_candidateNames.TryGetValue(c, out var bn))
                    {
                        names.Add(bn);
                    }
                }

                text = names.Count > 0 ? string.Join(" / ", names) : isWriteIn ? "Write-in" : "";
                break;
            }

            case ContestKind.Party:
            {
                var parties = RefList(n, "PartyIds", KindParty);
                if (!n.Has("PartyIds") || parties.Count == 0)
                {
                    Missing(n, "PartyIds");
                }

                partyIds = parties.Select(p => new PartyId(p)).ToImmutableArray();
                var names = new List<string>(parties.Count);
                foreach (var p in parties)
                {
                    if (_partyNames.TryGetValue(p, out var pn))
                    {
                        names.Add(pn);
                    }
                }

                text = string.Join(" / ", names);
                break;
            }

            default:
            {
                var sel = n.IntlText("Selection");
                if (sel is null)
                {
                    Missing(n, "Selection");
                }

                text = sel ?? "";
                if (retained is not null)
                {
                    // The domain has no RetentionContest.CandidateId: the retained candidate is kept on each answer.
                    candidateIds = [new CandidateId(retained)];
                }

                break;
            }
        }

        var id = n.Id;
        var selectionId = new SelectionId(id ?? "");
        foreach (var vc in n.Children("VoteCounts"))
        {
            MapVoteCounts(vc, contest, selectionId);
        }

        return id is null ? null : new ContestSelection(selectionId, candidateIds, isWriteIn, text, partyIds);
    }

    private void MapVoteCounts(ErrNode n, ContestId contest, SelectionId selection)
    {
        CheckType(n, "VoteCounts", isAbstract: false);
        var unit = RequiredString(n, "GpUnitId");
        if (unit is not null)
        {
            Ref(n, "GpUnitId", unit, KindGpUnit);
        }

        var method = CountType(n);
        var round = OptionalInteger(n, "Round");
        var hasDevice = n.Has("DeviceClass");
        var device = hasDevice ? DeviceKey(n) : null;
        long? votes = null;
        if (!n.TryScalar("Count", out var text, out var kind))
        {
            Missing(n, "Count");
        }
        else
        {
            votes = ParseCount(n, "Count", text, kind);
        }

        // Seats won (balance of power) are checked but are not votes: counted as votes they replaced the total.
        if (unit is null || method is null || votes is null || method == CountItemType.Seats)
        {
            return;
        }

        var key = new CountKey(contest, selection, new GpUnitId(unit), method.Value);
        if (!_counts.TryGetValue(key, out var cell))
        {
            _counts[key] = new CountCell(votes.Value, round, hasDevice, n) { Devices = device is null ? null : [device] };
            _countOrder.Add(key);
            return;
        }

        if (round != cell.Round)
        {
            // RCV rounds: keep the first round (the first choices), which is what a ballot-level count gives.
            if (round is not null && (cell.Round is null || round < cell.Round))
            {
                _counts[key] = new CountCell(votes.Value, round, hasDevice, n) { Devices = device is null ? null : [device] };
            }

            return;
        }

        if (hasDevice && cell.HasDevice)
        {
            // Counts split by device class add up to the unit's count; the same class twice is the same count twice.
            if (!cell.Devices!.Add(device!))
            {
                Add(ProblemCodes.Inconsistent, $"Selection '{selection}' has two '{method.Value.ToNistName()}' counts for unit '{unit}' from the same DeviceClass ({device}).", n, "DeviceClass");
                return;
            }

            _counts[key] = cell with { Votes = checked(cell.Votes + votes.Value) };
            return;
        }

        Add(ProblemCodes.Inconsistent, $"Selection '{selection}' has two '{method.Value.ToNistName()}' counts for unit '{unit}'.", n, null);
    }

    private void MapOtherCounts(ErrNode n, ContestId contest)
    {
        CheckType(n, "OtherCounts", isAbstract: false);
        var unit = RequiredString(n, "GpUnitId");
        if (unit is not null)
        {
            Ref(n, "GpUnitId", unit, KindGpUnit);
        }

        long? over = null;
        long? under = null;
        if (n.TryScalar("Overvotes", out var o, out var ok))
        {
            over = ParseCount(n, "Overvotes", o, ok);
        }

        if (n.TryScalar("Undervotes", out var u, out var uk))
        {
            under = ParseCount(n, "Undervotes", u, uk);
        }

        if (n.TryScalar("WriteIns", out var w, out var wk))
        {
            ParseCount(n, "WriteIns", w, wk);
        }

        if (unit is not null)
        {
            _contestCounts.Add(new ReportedContestCounts(contest, new GpUnitId(unit), CountItemType.Total, null, over, under));
            n.AddPlaceTo(_contestCountPlaces);
        }
    }

    private void CheckBallotCounts(ErrNode n)
    {
        // Election-level BallotCounts are not per contest, so they are validated but not mapped (ReportedContestCounts
        // is per contest).
        CheckType(n, "BallotCounts", isAbstract: false);
        var unit = RequiredString(n, "GpUnitId");
        if (unit is not null)
        {
            Ref(n, "GpUnitId", unit, KindGpUnit);
        }

        CountType(n);
        foreach (var field in new[] { "BallotsCast", "BallotsOutstanding", "BallotsRejected" })
        {
            if (n.TryScalar(field, out var t, out var k))
            {
                ParseCount(n, field, t, k);
            }
        }
    }

    private CountItemType? CountType(ErrNode n)
    {
        var type = RequiredString(n, "Type");
        if (type is null)
        {
            return null;
        }

        if (!CountItemTypes.TryParse(type, out var method))
        {
            Add(ProblemCodes.BadValue, $"Type '{type}' is not a NIST CountItemType.", n, "Type");
        }

        return method;
    }

    private ImmutableArray<ReportedCount> BuildCounts()
    {
        var result = ImmutableArray.CreateBuilder<ReportedCount>(_countOrder.Count);
        var breakdown = new Dictionary<(SelectionId, GpUnitId), long>();
        foreach (var key in _countOrder)
        {
            var cell = _counts[key];
            result.Add(new ReportedCount(key.Contest, key.Selection, key.Unit, key.Method, cell.Votes));
            if (key.Method != CountItemType.Total)
            {
                breakdown[(key.Selection, key.Unit)] = breakdown.GetValueOrDefault((key.Selection, key.Unit)) + cell.Votes;
            }
        }

        foreach (var key in _countOrder)
        {
            if (key.Method == CountItemType.Total && breakdown.TryGetValue((key.Selection, key.Unit), out var sum))
            {
                var cell = _counts[key];
                if (sum != cell.Votes)
                {
                    Add(ProblemCodes.Inconsistent,
                        $"Selection '{key.Selection}' in unit '{key.Unit}': the total is {cell.Votes.ToString(CultureInfo.InvariantCulture)} but the breakdown by vote method sums to {sum.ToString(CultureInfo.InvariantCulture)}.",
                        cell.Node, null);
                }
            }
        }

        return result.ToImmutable();
    }

    private ImmutableArray<BallotStyle> MapBallotStyles(IReadOnlyList<ErrNode> nodes)
    {
        var styles = ImmutableArray.CreateBuilder<BallotStyle>(nodes.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var n in nodes)
        {
            number++;
            CheckType(n, "BallotStyle", isAbstract: false);
            var externals = MapExternalIdentifiers(n);
            var units = RefList(n, "GpUnitIds", KindGpUnit);
            if (units.Count == 0)
            {
                Missing(n, "GpUnitIds");
            }

            var parties = RefList(n, "PartyIds", KindParty);
            var contests = ImmutableArray.CreateBuilder<ContestId>();
            CollectOrderedContent(n, contests, 0);
            var id = externals.Length > 0 && externals[0].Value.Length > 0 && !used.Contains(externals[0].Value)
                ? externals[0].Value
                : "bs-" + number.ToString(CultureInfo.InvariantCulture);
            used.Add(id);
            styles.Add(new BallotStyle(
                new BallotStyleId(id),
                units.Select(u => new GpUnitId(u)).ToImmutableArray(),
                contests.ToImmutable(),
                parties.Select(p => new PartyId(p)).ToImmutableArray()));
        }

        return styles.ToImmutable();
    }

    private void CollectOrderedContent(ErrNode n, ImmutableArray<ContestId>.Builder contests, int depth)
    {
        foreach (var c in n.Children("OrderedContent"))
        {
            switch (c.DeclaredType)
            {
                case "OrderedContest":
                    var id = RequiredString(c, "ContestId");
                    if (id is not null && Ref(c, "ContestId", id, KindContest))
                    {
                        contests.Add(new ContestId(id));
                    }

                    RefList(c, "OrderedContestSelectionIds", KindSelection);
                    break;
                case "OrderedHeader":
                    var header = RequiredString(c, "HeaderId");
                    if (header is not null)
                    {
                        Ref(c, "HeaderId", header, KindHeader);
                    }

                    if (depth < 32)
                    {
                        CollectOrderedContent(c, contests, depth + 1);
                    }

                    break;
                default:
                    WrongType(c, "OrderedContest or OrderedHeader");
                    break;
            }
        }
    }

    private ImmutableArray<ExternalIdentifier> MapExternalIdentifiers(ErrNode n)
    {
        var nodes = n.Children("ExternalIdentifier");
        if (nodes.Count == 0)
        {
            return [];
        }

        var list = ImmutableArray.CreateBuilder<ExternalIdentifier>(nodes.Count);
        foreach (var e in nodes)
        {
            CheckType(e, "ExternalIdentifier", isAbstract: false);
            var type = RequiredString(e, "Type");
            var value = RequiredString(e, "Value");
            if (type is not null && !NistNames.IdentifierTypes.Contains(type))
            {
                Add(ProblemCodes.BadValue, $"Type '{type}' is not a NIST IdentifierType.", e, "Type");
            }

            if (type is not null && value is not null)
            {
                list.Add(new ExternalIdentifier(type, value, OptionalString(e, "OtherType")));
            }
        }

        return list.ToImmutable();
    }

    private void Register(IReadOnlyList<ErrNode> nodes, string kind)
    {
        foreach (var n in nodes)
        {
            var id = n.Id;
            if (id is null)
            {
                Add(ProblemCodes.Schema, $"{kind} has no {(n.IsXml ? "ObjectId" : "@id")}.", n, null);
                continue;
            }

            if (id.Length == 0)
            {
                Add(ProblemCodes.BadValue, $"{kind} has an empty id.", n, null);
                continue;
            }

            if (!XmlText.IsNCName(id))
            {
                // Still registered below, so references to it are not reported as well.
                Add(ProblemCodes.BadValue, XmlText.NotAnId(id, kind), n, n.IdField);
            }

            if (!_ids.TryAdd(id, kind))
            {
                Add(ProblemCodes.DuplicateId, $"The id '{id}' is defined more than once (as {_ids[id]} and as {kind}).", n, null);
            }
        }
    }

    private bool Ref(ErrNode n, string field, string id, string kind)
    {
        if (_ids.TryGetValue(id, out var actual) && actual == kind)
        {
            return true;
        }

        var why = actual is null ? "no object has that id" : $"it is a {actual}";
        Add(ProblemCodes.UnknownReference, $"{field} '{id}' must name a {kind}, but {why}.", n, field);
        return false;
    }

    private List<string> RefList(ErrNode n, string field, string kind)
    {
        var ids = n.IdRefs(field);
        if (ids is null)
        {
            return [];
        }

        var list = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (Ref(n, field, id, kind))
            {
                list.Add(id);
            }
        }

        return list;
    }

    private string? OptionalRef(ErrNode n, string field, string kind)
    {
        var id = OptionalString(n, field);
        return id is not null && Ref(n, field, id, kind) ? id : null;
    }

    private void CheckType(ErrNode n, string expected, bool isAbstract)
    {
        var declared = n.DeclaredType;
        if (declared is null)
        {
            if (!n.IsXml || isAbstract)
            {
                Add(ProblemCodes.Schema, $"Missing {(n.IsXml ? "xsi:type" : "@type")}; expected {expected}.", n, null);
            }

            return;
        }

        if (declared != expected)
        {
            WrongType(n, expected);
        }
    }

    private void WrongType(ErrNode n, string expected)
    {
        var declared = n.DeclaredType;
        var field = n.IsXml ? "xsi:type" : "@type";
        var message = declared is null
            ? $"Missing {field}; expected {expected}."
            : $"{field} '{declared}' is wrong here; expected {expected}.";
        Add(ProblemCodes.Schema, message, n, null);
    }

    private string? RequiredString(ErrNode n, string field)
    {
        if (!n.TryScalar(field, out var text, out var kind))
        {
            Missing(n, field);
            return null;
        }

        if (kind != ScalarKind.String || (n.IsXml && text.Length == 0))
        {
            Add(ProblemCodes.Schema, $"{field} must be a non-empty string.", n, field);
            return null;
        }

        return text;
    }

    private string? OptionalString(ErrNode n, string field)
    {
        if (!n.TryScalar(field, out var text, out var kind))
        {
            return null;
        }

        if (kind != ScalarKind.String)
        {
            Add(ProblemCodes.Schema, $"{field} must be a string.", n, field);
            return null;
        }

        return text;
    }

    private bool? OptionalBool(ErrNode n, string field)
    {
        if (!n.TryScalar(field, out var text, out var kind))
        {
            return null;
        }

        if (kind == ScalarKind.Boolean || (n.IsXml && kind == ScalarKind.String))
        {
            switch (text)
            {
                case "true" or "1": return true;
                case "false" or "0": return false;
            }
        }

        Add(ProblemCodes.Schema, $"{field} must be true or false.", n, field);
        return null;
    }

    private int? RequiredInteger(ErrNode n, string field)
    {
        if (!n.Has(field))
        {
            Missing(n, field);
            return null;
        }

        return OptionalInteger(n, field);
    }

    private int? OptionalInteger(ErrNode n, string field)
    {
        if (!n.TryScalar(field, out var text, out var kind))
        {
            return null;
        }

        if ((kind == ScalarKind.Number || (n.IsXml && kind == ScalarKind.String))
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Add(ProblemCodes.Schema, $"{field} must be an integer, not '{text}'.", n, field);
        return null;
    }

    private DateOnly RequiredDate(ErrNode n, string field)
    {
        var text = RequiredString(n, field);
        if (text is null)
        {
            return default;
        }

        // xsd:date may carry a zone ("2024-11-05Z", "2024-11-05-05:00"); the date part is what matters.
        if (text.Length >= 10
            && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Add(ProblemCodes.BadValue, $"{field} '{text}' is not a date (yyyy-MM-dd).", n, field);
        return default;
    }

    private long? ParseCount(ErrNode n, string field, string text, ScalarKind kind)
    {
        if (kind == ScalarKind.Number || (n.IsXml && kind == ScalarKind.String))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                if (value < 0)
                {
                    Add(ProblemCodes.BadCount, $"{field} {text} is negative.", n, field);
                    return null;
                }

                if (value != Math.Floor(value))
                {
                    Add(ProblemCodes.BadCount, $"{field} {text} is not a whole number.", n, field);
                    return null;
                }

                if (value > CountText.Max)
                {
                    Add(ProblemCodes.BadCount, $"{field} {text} {CountText.TooLarge}.", n, field);
                    return null;
                }

                return (long)value;
            }
        }

        Add(ProblemCodes.BadCount, $"{field} '{text}' is not a number.", n, field);
        return null;
    }

    private void Missing(ErrNode n, string field) =>
        Add(ProblemCodes.Schema, $"Required field {field} is missing.", n, field);

    private void Add(string code, string message, ErrNode? n, string? field)
    {
        var path = n is null ? null : field is null ? n.Path : n.ChildPath(field);
        _problems.Add(code, message, n?.Line, path);
    }

    private readonly record struct CountKey(ContestId Contest, SelectionId Selection, GpUnitId Unit, CountItemType Method);

    private sealed record CountCell(long Votes, int? Round, bool HasDevice, ErrNode Node)
    {
        /// <summary>The device classes counted so far (<see cref="DeviceKey"/>), when split by device class.</summary>
        public HashSet<string>? Devices { get; init; }
    }

    /// <summary>A <c>DeviceClass</c> as one text: its type (or other type), manufacturer and model.</summary>
    private static string DeviceKey(ErrNode voteCounts)
    {
        var parts = new List<string>();
        foreach (var device in voteCounts.Children("DeviceClass"))
        {
            foreach (var field in new[] { "Type", "OtherType", "Manufacturer", "Model" })
            {
                if (device.TryScalar(field, out var text, out _) && text.Length > 0)
                {
                    parts.Add(field + " " + text);
                }
            }
        }

        return string.Join(", ", parts);
    }
}
