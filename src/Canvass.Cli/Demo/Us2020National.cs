using System.Collections.Immutable;
using System.Globalization;
using Canvass.Cli.Imports;
using Canvass.Domain.Elections;
using Canvass.Domain.Electoral;
using nietras.SeparatedValues;

namespace Canvass.Cli.Demo;

/// <summary>The national contest of the demo, <c>us-president-2020</c>: the six county-level states are joined by every
/// other state and DC as statewide contests, Maine's and Nebraska's congressional districts as contests of their own,
/// and the Electoral College contest that they decide. Which states use the district method and ranked choice, and
/// every unit's OCD-ID, come from the Electoral College rules, not from this code.</summary>
internal static class Us2020National
{
    public const string ContestId = "us-president-2020";

    public static string DistrictUnit(string statePo, string district) =>
        "ru-" + statePo.ToLowerInvariant() + "-" + district.ToLowerInvariant();

    public static string DistrictContestId(string statePo, string district) =>
        "cc-" + statePo.ToLowerInvariant() + "-" + district.ToLowerInvariant() + "-president";

    public static string DistrictSelectionId(string statePo, string district, string candidate) =>
        Us2020Election.SelectionId(statePo, candidate).Replace("cs-" + statePo.ToLowerInvariant() + "-",
            "cs-" + statePo.ToLowerInvariant() + "-" + district.ToLowerInvariant() + "-", StringComparison.Ordinal);

    /// <summary>The rules the demo's national contest is allocated by (the embedded 2020 rules).</summary>
    public static ElectoralCollegeRules Rules() =>
        Electoral.ElectoralRulesCatalog.Load(null, new DateOnly(2020, 11, 3)).Value;

    /// <summary>Adds every other state, the districts and the national contest to the six-state definition.</summary>
    public static ElectionDefinition Extend(ElectionDefinition sixStates, IReadOnlyList<StateRow> states, IReadOnlyList<DistrictRow> districts)
    {
        var rules = Rules();
        var units = sixStates.GpUnits.ToList();
        var contests = sixStates.Contests.ToList();
        var stateUnits = new List<GpUnitId>();
        foreach (var rule in rules.States)
        {
            var id = new GpUnitId(Us2020Election.StateUnit(rule.State));
            stateUnits.Add(id);
            var rows = states.Where(r => r.StatePo == rule.State).ToList();
            var districtUnits = rule.Units.Where(u => !u.IsAtLarge).ToList();
            var existing = units.FindIndex(u => u.Id == id);
            if (existing < 0)
            {
                units.Add(new GpUnit(id, rule.Name, "state", [.. districtUnits.Select(d => new GpUnitId(DistrictUnit(rule.State, d.Id)))],
                    [new ExternalIdentifier(ElectoralContests.OcdIdType, rule.Units[0].OcdId)]));
                contests.Add(StateContest(rule, rows));
            }

            foreach (var d in districtUnits)
            {
                units.Add(new GpUnit(new GpUnitId(DistrictUnit(rule.State, d.Id)), $"{rule.Name} {Ordinal(d.Id)} Congressional District", "congressional", [],
                    [new ExternalIdentifier(ElectoralContests.OcdIdType, d.OcdId)]));
                contests.Add(DistrictContest(rule, d, districts.Where(r => r.StatePo == rule.State && r.District == d.Id).ToList()));
            }
        }

        var country = units.FindIndex(u => u.Id == sixStates.ElectionScopeId);
        units[country] = units[country] with { ComposingUnits = [.. stateUnits] };
        contests.Add(new Contest(new ContestId(ContestId), "President of the United States (Electoral College)", ContestKind.Candidate,
            sixStates.ElectionScopeId, 1, 1, VoteVariation.Other,
            [
                .. Us2020Election.Candidates.Select(c => new ContestSelection(new SelectionId("cs-us-" + c.Key), [new CandidateId("cand-" + c.Key)],
                    false, c.Name, [new PartyId(c.Party)])),
            ],
            null, ElectoralContests.ElectoralCollegeVariation));
        return sixStates with
        {
            Name = "2020 General Election: President (Electoral College; MEDSL returns, county level in six states)",
            GpUnits = [.. units],
            Contests = [.. contests],
        };
    }

    /// <summary>Writes and imports the statewide totals of every state not counted by county, and the district totals.</summary>
    public static async Task ImportAsync(
        ElectionSession session,
        string workDirectory,
        IReadOnlySet<string> countyStates,
        List<ImportOutcome> outcomes,
        Action<long, long> progress,
        CancellationToken cancellationToken)
    {
        var states = NationalData.LoadStates();
        var districts = NationalData.LoadDistricts();
        var rules = Rules();
        var directory = Path.Combine(workDirectory, "results", "statewide");
        Directory.CreateDirectory(directory);
        var todo = rules.States.Where(s => !countyStates.Contains(s.State)).ToList();
        for (var i = 0; i < todo.Count; i++)
        {
            var rule = todo[i];
            var file = Path.Combine(directory, rule.State.ToLowerInvariant() + "-statewide.csv");
            var cells = new List<(string Unit, string Contest, string Selection, long Votes)>();
            foreach (var g in states.Where(r => r.StatePo == rule.State).GroupBy(r => Us2020Election.SelectionId(rule.State, r.Candidate)))
            {
                cells.Add((Us2020Election.StateUnit(rule.State), Us2020Election.ContestId(rule.State), g.Key, g.Sum(r => r.Votes)));
            }

            foreach (var d in districts.Where(r => r.StatePo == rule.State))
            {
                cells.Add((DistrictUnit(rule.State, d.District), DistrictContestId(rule.State, d.District), DistrictSelectionId(rule.State, d.District, d.Candidate), d.Votes));
            }

            WriteIfChanged(file, cells);
            outcomes.Add(await ResultsImporter.ImportAsync(session, file, cancellationToken));
            progress(i + 1, todo.Count);
        }
    }

    private static Contest StateContest(ElectoralStateRule rule, List<StateRow> rows)
    {
        var po = rule.State.ToLowerInvariant();
        var selections = ImmutableArray.CreateBuilder<ContestSelection>();
        foreach (var c in Us2020Election.Candidates.Where(c => rows.Any(r => r.Candidate == c.Candidate)))
        {
            selections.Add(new ContestSelection(new SelectionId(Us2020Election.SelectionId(rule.State, c.Candidate)), [new CandidateId("cand-" + c.Key)], false, c.Name, [new PartyId(c.Party)]));
        }

        if (rows.Any(r => Us2020Election.Candidates.All(c => c.Candidate != r.Candidate)))
        {
            selections.Add(new ContestSelection(new SelectionId("cs-" + po + "-other"), [new CandidateId("cand-other")], false, "Other candidates", []));
        }

        return new Contest(new ContestId(Us2020Election.ContestId(rule.State)), $"President of the United States ({rule.Name})", ContestKind.Candidate,
            new GpUnitId(Us2020Election.StateUnit(rule.State)), 1, 1, Variation(rule), selections.ToImmutable());
    }

    private static Contest DistrictContest(ElectoralStateRule rule, ElectoralUnitRule unit, List<DistrictRow> rows)
    {
        var selections = Us2020Election.Candidates.Where(c => rows.Any(r => r.Candidate == c.Candidate))
            .Select(c => new ContestSelection(new SelectionId(DistrictSelectionId(rule.State, unit.Id, c.Candidate)), [new CandidateId("cand-" + c.Key)], false, c.Name, [new PartyId(c.Party)]))
            .ToImmutableArray();
        return new Contest(new ContestId(DistrictContestId(rule.State, unit.Id)), $"President of the United States ({rule.Name} {Ordinal(unit.Id)} Congressional District)",
            ContestKind.Candidate, new GpUnitId(DistrictUnit(rule.State, unit.Id)), 1, 1, Variation(rule), selections);
    }

    private static VoteVariation Variation(ElectoralStateRule rule) =>
        rule.Counting == ElectoralCounting.RankedChoice ? VoteVariation.Rcv : VoteVariation.Plurality;

    /// <summary>"CD-2" → "2nd".</summary>
    private static string Ordinal(string unit)
    {
        var n = int.Parse(unit.AsSpan(unit.LastIndexOf('-') + 1), CultureInfo.InvariantCulture);
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>Writes the OpenElections-style file (unit and contest by id) only when its bytes change, so a second demo
    /// run imports the same bytes and changes nothing.</summary>
    private static void WriteIfChanged(string path, List<(string Unit, string Contest, string Selection, long Votes)> cells)
    {
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).To(buffer))
        {
            foreach (var (unit, contest, selection, votes) in cells)
            {
                using var row = writer.NewRow();
                row["county"].Set(unit);
                row["office"].Set(contest);
                row["candidate"].Set(selection);
                row["votes"].Format(votes);
            }
        }

        var text = buffer.ToString();
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            File.WriteAllText(path, text);
        }
    }
}
