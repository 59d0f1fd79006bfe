using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml;
using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;
using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Writes a NIST SP 1500-100 v2 <c>ElectionReport</c> (JSON or XML) from an election definition and,
/// optionally, its tabulation. Streams to the output; builds no document in memory.</summary>
/// <remarks>
/// Each selection gets one <c>VoteCounts</c> per tabulation cell (<see cref="UnitCounts"/>: unit × vote method), plus a
/// roll-up on each county that is not itself a cell unit: per vote method when every cell of the county has a method,
/// otherwise a single <c>total</c> of all its cells (a partial breakdown is never labelled <c>total</c>). A cell unit that
/// also has cell units inside it (a county's ballots with no precinct next to its precincts') is written whole, its
/// cells and theirs summed, because a reader takes a unit above others as a roll-up and counts only its remainder.
/// Overvotes and undervotes, when known, go to <c>OtherCounts</c> per unit (summed over methods) and per rolled-up county.
/// <para>A ranked-choice contest with rounds (<see cref="ContestResult.Rounds"/>) also gets, per selection, one
/// <c>VoteCounts</c> per round: <c>Round</c> from 1 (consecutive across the passes of multi-pass IRV), <c>GpUnitId</c>
/// the contest's <c>ElectionDistrictId</c>, <c>Type</c> <c>total</c>, <c>Count</c> the round's tally (fractional in STV);
/// a selection no longer in the count (eliminated, or elected in an earlier pass) is written with 0. Inactive
/// (exhausted) ballots have no place in the schema and are not written.</para>
/// </remarks>
public static class ElectionReportWriter
{
    private const string BallotStyleIdType = "canvass-ballot-style-id";

    /// <summary>Writes the JSON encoding.</summary>
    public static void WriteJson(Stream stream, ElectionDefinition definition, ElectionTabulation? tabulation, ElectionReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new Utf8JsonWriter(stream, JsonFiles.Writer(options.Indented));
        var sink = new JsonErrSink(writer);
        Write(sink, definition, tabulation, options);
        sink.Flush();
    }

    /// <summary>Writes the XML encoding (namespace <c>http://itl.nist.gov/ns/voting/1500-100/v2</c>).</summary>
    public static void WriteXml(Stream stream, ElectionDefinition definition, ElectionTabulation? tabulation, ElectionReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = options.Indented,
            CloseOutput = false,
        };
        using var writer = XmlWriter.Create(stream, settings);
        var sink = new XmlErrSink(writer);
        Write(sink, definition, tabulation, options);
        sink.Flush();
    }

    private static void Write(IErrSink w, ElectionDefinition d, ElectionTabulation? tabulation, ElectionReportOptions options)
    {
        var results = new Dictionary<ContestId, ContestResult>();
        if (tabulation is not null)
        {
            foreach (var r in tabulation.Contests)
            {
                results[r.ContestId] = r;
            }
        }

        w.StartRoot();

        w.StartList("Election");
        w.StartItem("Election", isAbstract: false, id: null);
        WriteBallotStyles(w, d);
        WriteCandidates(w, d);
        w.StartList("Contest");
        var inside = new UnitsInside(d);
        foreach (var contest in d.Contests)
        {
            WriteContest(w, contest, results.GetValueOrDefault(contest.Id), options.Format == ElectionReportFormat.SummaryContest, inside);
        }

        w.EndList();
        w.String("ElectionScopeId", d.ElectionScopeId.Value);
        w.IntlText("Name", d.Name);
        w.String("StartDate", d.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.String("EndDate", d.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (NistNames.ElectionTypes.Contains(d.Type))
        {
            w.String("Type", d.Type);
        }
        else
        {
            w.String("Type", "other");
            w.String("OtherType", d.Type);
        }

        w.EndItem();
        w.EndList();

        w.String("Format", options.Format.ToNistName());
        w.String("GeneratedDate", options.GeneratedDate.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
        WriteGpUnits(w, d);
        w.String("Issuer", d.Issuer);
        w.String("IssuerAbbreviation", d.IssuerAbbreviation);
        WriteParties(w, d);
        WritePeople(w, d);
        w.Integer("SequenceStart", 1);
        w.Integer("SequenceEnd", 1);
        w.String("Status", options.Status.ToNistName());
        w.String("VendorApplicationId", "Canvass " + (options.Version ?? DefaultVersion()));
        w.EndRoot();
    }

    private static string DefaultVersion()
    {
        var assembly = typeof(ElectionReportWriter).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null)
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus > 0 ? informational[..plus] : informational;
        }

        return assembly.GetName().Version?.ToString() ?? "0.0.0";
    }

    private static void WriteBallotStyles(IErrSink w, ElectionDefinition d)
    {
        if (d.BallotStyles.IsDefaultOrEmpty)
        {
            return;
        }

        w.StartList("BallotStyle");
        foreach (var style in d.BallotStyles)
        {
            w.StartItem("BallotStyle", isAbstract: false, id: null);
            w.StartList("ExternalIdentifier");
            WriteExternalIdentifier(w, new ExternalIdentifier("other", style.Id.Value, BallotStyleIdType));
            w.EndList();
            w.IdRefs("GpUnitIds", Strings(style.GpUnitIds, u => u.Value));
            if (!style.ContestIds.IsDefaultOrEmpty)
            {
                w.StartList("OrderedContent");
                foreach (var c in style.ContestIds)
                {
                    w.StartItem("OrderedContest", isAbstract: true, id: null);
                    w.String("ContestId", c.Value);
                    w.EndItem();
                }

                w.EndList();
            }

            w.IdRefs("PartyIds", Strings(style.PartyIds, p => p.Value));
            w.EndItem();
        }

        w.EndList();
    }

    private static void WriteCandidates(IErrSink w, ElectionDefinition d)
    {
        if (d.Candidates.IsDefaultOrEmpty)
        {
            return;
        }

        w.StartList("Candidate");
        foreach (var c in d.Candidates)
        {
            w.StartItem("Candidate", isAbstract: false, id: c.Id.Value);
            w.IntlText("BallotName", c.BallotName);
            if (c.PartyId is { } party)
            {
                w.String("PartyId", party.Value);
            }

            if (c.PersonId is { } person)
            {
                w.String("PersonId", person.Value);
            }

            w.EndItem();
        }

        w.EndList();
    }

    private static void WriteContest(IErrSink w, Contest contest, ContestResult? result, bool summary, UnitsInside inside)
    {
        var type = contest.Kind switch
        {
            ContestKind.Candidate => "CandidateContest",
            ContestKind.BallotMeasure => "BallotMeasureContest",
            ContestKind.Party => "PartyContest",
            ContestKind.Retention => "RetentionContest",
            _ => throw new ArgumentOutOfRangeException(nameof(contest), "Unknown contest kind."),
        };
        var cells = result is null || result.Units.IsDefault ? ImmutableArray<UnitCounts>.Empty : result.Units;
        if (summary && result is not null && cells.Length > 0)
        {
            // summary-contest: the contest's totals, on its district, and nothing per unit or vote method.
            cells = [new UnitCounts(contest.ElectionDistrictId, contest.ElectionDistrictId, CountItemType.Total, result.Votes,
                result.BallotsCast, result.Overvotes, result.Undervotes, cells[0].Source)];
        }

        foreach (var cell in cells)
        {
            if (cell.Votes.Length != contest.Selections.Length)
            {
                throw new ArgumentException($"Contest {contest.Id}: a cell has {cell.Votes.Length} votes for {contest.Selections.Length} selections.", nameof(result));
            }
        }

        var rollups = CountyRollups(cells, inside);
        cells = WholeUnits(cells, inside);

        var rounds = result?.Rounds is { } rcv && contest.VoteVariation == VoteVariation.Rcv
            ? [.. rcv.Passes.SelectMany(p => p.Rounds).Select(r => RankedChoiceRounds.SelectionVotes(contest, r))]
            : new List<ImmutableArray<decimal>>();

        w.StartItem(type, isAbstract: true, id: contest.Id.Value);
        w.StartList("ContestSelection");
        var methodUnits = cells.Where(c => c.Method != CountItemType.Total).Select(c => c.Unit).ToHashSet();
        ImmutableArray<UnitCounts> voteCells = [.. cells.Where(c => !(c.Method == CountItemType.Total && c.Votes.All(v => v == 0) && methodUnits.Contains(c.Unit)))];
        for (var i = 0; i < contest.Selections.Length; i++)
        {
            WriteSelection(w, contest, i, voteCells, rollups, rounds);
        }

        w.EndList();
        w.String("ElectionDistrictId", contest.ElectionDistrictId.Value);
        w.String("Name", contest.Name);
        WriteOtherCounts(w, cells, rollups);
        w.String("VoteVariation", contest.VoteVariation.ToNistName());
        if (contest.VoteVariation == VoteVariation.Other && contest.OtherVoteVariation is { } other)
        {
            w.String("OtherVoteVariation", other);
        }

        switch (contest.Kind)
        {
            case ContestKind.Candidate:
                w.Integer("NumberElected", contest.NumberElected);
                w.Integer("VotesAllowed", contest.VotesAllowed);
                break;
            case ContestKind.BallotMeasure:
            case ContestKind.Retention:
                if (contest.PassageThreshold is { } threshold)
                {
                    w.IntlText("PassageThreshold", threshold.ToString());
                }

                if (contest.Kind == ContestKind.Retention)
                {
                    foreach (var s in contest.Selections)
                    {
                        if (!s.CandidateIds.IsDefaultOrEmpty)
                        {
                            w.String("CandidateId", s.CandidateIds[0].Value);
                            break;
                        }
                    }
                }

                break;
        }

        w.EndItem();
    }

    private static void WriteSelection(IErrSink w, Contest contest, int index, ImmutableArray<UnitCounts> cells, List<Rollup> rollups,
        List<ImmutableArray<decimal>> rounds)
    {
        var s = contest.Selections[index];
        var type = contest.Kind switch
        {
            ContestKind.Candidate => "CandidateSelection",
            ContestKind.Party => "PartySelection",
            _ => "BallotMeasureSelection",
        };
        w.StartItem(type, isAbstract: true, id: s.Id.Value);
        if (cells.Length > 0 || rounds.Count > 0)
        {
            w.StartList("VoteCounts");
            foreach (var cell in cells)
            {
                WriteVoteCounts(w, cell.Unit, cell.Method, cell.Votes[index]);
            }

            foreach (var r in rollups)
            {
                WriteVoteCounts(w, r.County, r.Method, r.Votes[index]);
            }

            for (var n = 0; n < rounds.Count; n++)
            {
                w.StartItem("VoteCounts", isAbstract: false, id: null);
                w.String("GpUnitId", contest.ElectionDistrictId.Value);
                w.Integer("Round", n + 1);
                w.String("Type", CountItemType.Total.ToNistName());
                w.Number("Count", rounds[n][index]);
                w.EndItem();
            }

            w.EndList();
        }

        switch (contest.Kind)
        {
            case ContestKind.Candidate:
                w.IdRefs("CandidateIds", Strings(s.CandidateIds, c => c.Value));
                w.IdRefs("EndorsementPartyIds", Strings(s.PartyIds, p => p.Value));
                w.Boolean("IsWriteIn", s.IsWriteIn);
                break;
            case ContestKind.Party:
                w.IdRefs("PartyIds", Strings(s.PartyIds, p => p.Value));
                break;
            default:
                w.IntlText("Selection", s.Text);
                break;
        }

        w.EndItem();
    }

    private static void WriteVoteCounts(IErrSink w, GpUnitId unit, CountItemType method, long votes)
    {
        w.StartItem("VoteCounts", isAbstract: false, id: null);
        w.String("GpUnitId", unit.Value);
        w.String("Type", method.ToNistName());
        w.Integer("Count", votes);
        w.EndItem();
    }

    private static void WriteOtherCounts(IErrSink w, ImmutableArray<UnitCounts> cells, List<Rollup> rollups)
    {
        // Per unit, as tabulation knows them (Tabulator.Known: summed over vote methods, or the unit's own total's).
        var units = new List<GpUnitId>();
        var byUnit = new Dictionary<GpUnitId, List<UnitCounts>>();
        foreach (var cell in cells)
        {
            if (!byUnit.TryGetValue(cell.Unit, out var list))
            {
                units.Add(cell.Unit);
                list = [];
                byUnit[cell.Unit] = list;
            }

            list.Add(cell);
        }

        var sums = new Dictionary<GpUnitId, (long? Over, long? Under)>();
        foreach (var (unit, list) in byUnit)
        {
            var (_, over, under) = Tabulator.Known(list);
            sums[unit] = (over, under);
        }

        var any = false;
        foreach (var u in units)
        {
            var (over, under) = sums[u];
            if (over is not null || under is not null)
            {
                any = true;
                break;
            }
        }

        if (!any)
        {
            return;
        }

        w.StartList("OtherCounts");
        foreach (var u in units)
        {
            var (over, under) = sums[u];
            WriteOtherCount(w, u, over, under);
        }

        foreach (var r in rollups)
        {
            if (r.FirstOfCounty)
            {
                WriteOtherCount(w, r.County, r.Overvotes, r.Undervotes);
            }
        }

        w.EndList();
    }

    private static void WriteOtherCount(IErrSink w, GpUnitId unit, long? over, long? under)
    {
        if (over is null && under is null)
        {
            return;
        }

        w.StartItem("OtherCounts", isAbstract: false, id: null);
        w.String("GpUnitId", unit.Value);
        if (over is { } o)
        {
            w.Integer("Overvotes", o);
        }

        if (under is { } u)
        {
            w.Integer("Undervotes", u);
        }

        w.EndItem();
    }

    private static List<Rollup> CountyRollups(ImmutableArray<UnitCounts> cells, UnitsInside inside)
    {
        var rollups = new List<Rollup>();
        if (cells.Length == 0)
        {
            return rollups;
        }

        // A county's roll-up is every cell inside it, as a reader sets it against them: the election scope, which is also
        // the county of units under no county, holds every unit.
        var cellUnits = new HashSet<GpUnitId>();
        var counties = new List<GpUnitId>();
        foreach (var cell in cells)
        {
            cellUnits.Add(cell.Unit);
            if (!counties.Contains(cell.County))
            {
                counties.Add(cell.County);
            }
        }

        var byCounty = new Dictionary<GpUnitId, List<UnitCounts>>();
        foreach (var county in counties)
        {
            var within = inside.Of(county);
            byCounty[county] = [.. cells.Where(c => within.Contains(c.Unit))];
        }

        var width = cells[0].Votes.Length;
        foreach (var county in counties)
        {
            if (cellUnits.Contains(county))
            {
                continue;
            }

            var list = byCounty[county];
            var (_, over, under) = Tabulator.Known(list);
            var anyTotal = list.Any(c => c.Method == CountItemType.Total && !IsCountsOnly(c, list));

            if (anyTotal)
            {
                // Some cells have no breakdown: only a total of all cells is correct.
                rollups.Add(new Rollup(county, CountItemType.Total, Sum(list, null, width), true, over, under));
                continue;
            }

            var methods = new List<CountItemType>();
            foreach (var cell in list)
            {
                if (cell.Method != CountItemType.Total && !methods.Contains(cell.Method))
                {
                    methods.Add(cell.Method);
                }
            }

            for (var m = 0; m < methods.Count; m++)
            {
                rollups.Add(new Rollup(county, methods[m], Sum(list, methods[m], width), m == 0, over, under));
            }
        }

        return rollups;
    }

    /// <summary>The cells as written: a unit with counts of its own and counts in units inside it (a county's ballots with no
    /// precinct next to its precincts' ballots; what a re-import left on a county as its remainder) is written whole, its
    /// cells and every cell inside it summed, per vote method when none of them is a <c>total</c>, otherwise as one
    /// <c>total</c>. Its own part alone would read, on import, as a roll-up smaller than its parts.</summary>
    private static ImmutableArray<UnitCounts> WholeUnits(ImmutableArray<UnitCounts> cells, UnitsInside inside)
    {
        var byUnit = new Dictionary<GpUnitId, List<UnitCounts>>();
        foreach (var cell in cells)
        {
            if (!byUnit.TryGetValue(cell.Unit, out var list))
            {
                list = [];
                byUnit[cell.Unit] = list;
            }

            list.Add(cell);
        }

        if (byUnit.Count < 2)
        {
            return cells;
        }

        var written = ImmutableArray.CreateBuilder<UnitCounts>(cells.Length);
        var done = new HashSet<GpUnitId>();
        foreach (var cell in cells)
        {
            if (!done.Add(cell.Unit))
            {
                continue;
            }

            var whole = new List<UnitCounts>(byUnit[cell.Unit]);
            foreach (var unit in inside.Of(cell.Unit))
            {
                if (byUnit.TryGetValue(unit, out var list))
                {
                    whole.AddRange(list);
                }
            }

            if (whole.Count == byUnit[cell.Unit].Count)
            {
                written.AddRange(whole);
                continue;
            }

            var width = cell.Votes.Length;
            var (ballots, over, under) = Tabulator.Known(whole);
            if (whole.Any(c => c.Method == CountItemType.Total && !IsCountsOnly(c, whole)))
            {
                written.Add(new UnitCounts(cell.Unit, cell.County, CountItemType.Total, [.. Sum(whole, null, width)], ballots, over, under, CountSource.ReportedResults));
                continue;
            }

            // By vote method, with the unit's ballots, overvotes and undervotes (which have no method) on a total of no votes.
            foreach (var method in whole.Select(c => c.Method).Where(m => m != CountItemType.Total).Distinct())
            {
                written.Add(new UnitCounts(cell.Unit, cell.County, method, [.. Sum(whole, method, width)], null, null, null, CountSource.ReportedResults));
            }

            if (ballots is not null || over is not null || under is not null)
            {
                // Written as a roll-up is, so Tabulator.Known takes the unit's counts from this cell.
                written.Add(new UnitCounts(cell.Unit, cell.County, CountItemType.Total, [.. new long[width]], ballots, over, under, CountSource.ReportedResults));
            }
        }

        return written.ToImmutable();
    }

    /// <summary>A <c>total</c> of no votes beside a unit's counts by vote method: it only carries the unit's ballots,
    /// overvotes and undervotes (an OpenElections "Over Votes" row, NIST's <c>OtherCounts</c>), which have no method.
    /// Written as a <c>VoteCounts</c> it would read as a total of 0 next to the breakdown.</summary>
    private static bool IsCountsOnly(UnitCounts cell, IEnumerable<UnitCounts> cells) =>
        cell.Method == CountItemType.Total && cell.Votes.All(v => v == 0)
        && cells.Any(c => c.Unit == cell.Unit && c.Method != CountItemType.Total);

    private static long[] Sum(List<UnitCounts> cells, CountItemType? method, int width)
    {
        var sums = new long[width];
        foreach (var cell in cells)
        {
            if (method is not null && cell.Method != method)
            {
                continue;
            }

            for (var i = 0; i < width; i++)
            {
                sums[i] = checked(sums[i] + cell.Votes[i]);
            }
        }

        return sums;
    }

    private static void WriteGpUnits(IErrSink w, ElectionDefinition d)
    {
        if (d.GpUnits.IsDefaultOrEmpty)
        {
            return;
        }

        w.StartList("GpUnit");
        foreach (var u in d.GpUnits)
        {
            w.StartItem("ReportingUnit", isAbstract: true, id: u.Id.Value);
            w.IdRefs("ComposingGpUnitIds", Strings(u.ComposingUnits, c => c.Value));
            WriteExternalIdentifiers(w, u.ExternalIdentifiers);
            if (u.Name.Length > 0)
            {
                w.IntlText("Name", u.Name);
            }

            if (NistNames.ReportingUnitTypes.Contains(u.Type))
            {
                w.String("Type", u.Type);
                if (u.OtherType is { } ot)
                {
                    w.String("OtherType", ot);
                }
            }
            else
            {
                w.String("Type", "other");
                w.String("OtherType", u.OtherType ?? u.Type);
            }

            w.EndItem();
        }

        w.EndList();
    }

    private static void WriteParties(IErrSink w, ElectionDefinition d)
    {
        if (d.Parties.IsDefaultOrEmpty)
        {
            return;
        }

        w.StartList("Party");
        foreach (var p in d.Parties)
        {
            w.StartItem("Party", isAbstract: false, id: p.Id.Value);
            if (p.Abbreviation is { } abbreviation)
            {
                w.IntlText("Abbreviation", abbreviation);
            }

            w.IntlText("Name", p.Name);
            w.EndItem();
        }

        w.EndList();
    }

    private static void WritePeople(IErrSink w, ElectionDefinition d)
    {
        if (d.People.IsDefaultOrEmpty)
        {
            return;
        }

        w.StartList("Person");
        foreach (var p in d.People)
        {
            w.StartItem("Person", isAbstract: false, id: p.Id.Value);
            if (p.FullName.Length > 0)
            {
                w.IntlText("FullName", p.FullName);
            }

            if (p.PartyId is { } party)
            {
                w.String("PartyId", party.Value);
            }

            w.EndItem();
        }

        w.EndList();
    }

    private static void WriteExternalIdentifiers(IErrSink w, ImmutableArray<ExternalIdentifier> identifiers)
    {
        if (identifiers.IsDefaultOrEmpty)
        {
            return;
        }

        w.StartList("ExternalIdentifier");
        foreach (var e in identifiers)
        {
            WriteExternalIdentifier(w, e);
        }

        w.EndList();
    }

    private static void WriteExternalIdentifier(IErrSink w, ExternalIdentifier e)
    {
        w.StartItem("ExternalIdentifier", isAbstract: false, id: null);
        if (NistNames.IdentifierTypes.Contains(e.Type))
        {
            w.String("Type", e.Type);
            if (e.OtherType is { } ot)
            {
                w.String("OtherType", ot);
            }
        }
        else
        {
            w.String("Type", "other");
            w.String("OtherType", e.OtherType ?? e.Type);
        }

        w.String("Value", e.Value);
        w.EndItem();
    }

    private static List<string> Strings<T>(ImmutableArray<T> items, Func<T, string> value)
    {
        var list = new List<string>(items.IsDefault ? 0 : items.Length);
        if (!items.IsDefault)
        {
            foreach (var item in items)
            {
                list.Add(value(item));
            }
        }

        return list;
    }

    /// <summary>The units inside each unit other than itself, as tabulation has them (<see cref="ElectionIndex.Inside"/>:
    /// composition, transitively, and the election scope holds every unit), by id; the index is built only when a
    /// tabulation has cells to write.</summary>
    private sealed class UnitsInside(ElectionDefinition definition)
    {
        private readonly Dictionary<GpUnitId, HashSet<GpUnitId>> _inside = [];
        private ElectionIndex? _index;

        public HashSet<GpUnitId> Of(GpUnitId unit)
        {
            if (_inside.TryGetValue(unit, out var found))
            {
                return found;
            }

            _index ??= new ElectionIndex(definition);
            found = _index.TryGetUnit(unit, out int at)
                ? [.. _index.Inside(at).Where(u => u != at).Select(u => definition.GpUnits[u].Id)]
                : [];
            _inside[unit] = found;
            return found;
        }
    }

    private sealed record Rollup(GpUnitId County, CountItemType Method, long[] Votes, bool FirstOfCounty, long? Overvotes, long? Undervotes);
}
