using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Electoral;
using Canvass.Cli.Commands;
using Canvass.Domain.Elections;
using Canvass.Domain.Electoral;
using Canvass.Domain.Tabulation;

namespace Canvass.Cli.Demo;

/// <summary>The demo's national part, printed after the six states: every other state's and district's totals checked
/// against the published figures, the pledged Electoral College checked unit by unit against the published winners,
/// and the electoral votes cast on 14 December 2020 rolled up beside them.</summary>
internal static class ElectoralDemoReport
{
    /// <summary>Prints the national summary; true when every total and every unit's winner equals the published one.</summary>
    public static bool Print(Output output, ElectionDefinition definition, ElectionTabulation tabulation, string workDirectory, string store)
    {
        var c = CultureInfo.InvariantCulture;
        var states = NationalData.LoadStates();
        var districts = NationalData.LoadDistricts();
        var results = tabulation.Contests.ToDictionary(r => r.ContestId);
        var rules = Us2020National.Rules();
        var countyStates = MedslData.Load().Select(r => r.StatePo).ToHashSet(StringComparer.Ordinal);
        var checkedContests = 0;
        var mismatches = new List<string>();
        foreach (var contest in definition.Contests)
        {
            var expected = Expected(contest, states, districts, countyStates);
            if (expected is null)
            {
                continue;
            }

            checkedContests++;
            var result = results[contest.Id];
            for (var i = 0; i < contest.Selections.Length; i++)
            {
                var want = expected.GetValueOrDefault(contest.Selections[i].Id.Value);
                if (want != result.Votes[i])
                {
                    mismatches.Add($"{contest.Id} {contest.Selections[i].Id}: {result.Votes[i].ToString("N0", c)} ≠ published {want.ToString("N0", c)}");
                }
            }
        }

        output.Line($"{checkedContests} more contests from statewide and district totals (every other state, DC, and Maine's and Nebraska's districts):");
        output.Line(mismatches.Count == 0 ? "  every total equals the published figure." : "  " + string.Join(Environment.NewLine + "  ", mismatches));
        output.Line();

        var contestId = new ContestId(Us2020National.ContestId);
        var allocation = ElectoralRollUp.Allocate(rules, definition, contestId, tabulation);
        if (!allocation.IsSuccess)
        {
            output.Problems("The Electoral College cannot be rolled up.", allocation.Problems);
            return false;
        }

        var published = NationalData.LoadPublishedWinners();
        var candidateOf = Us2020Election.Candidates.ToDictionary(x => x.Candidate, x => "cand-" + x.Key, StringComparer.Ordinal);
        var wrongUnits = allocation.Value.States.SelectMany(s => s.Units)
            .Where(u => !published.TryGetValue((u.Outcome.State, u.Unit.Id), out var w) || candidateOf.GetValueOrDefault(w) != u.PledgedTo)
            .Select(u => $"{u.Outcome.State} {u.Unit.Id}")
            .ToList();

        // The electors' votes of 14 December 2020, as the demo's work files, so 'canvass electoral --cast' can read them.
        var castFile = Path.Combine(workDirectory, "electoral", "us2020-electoral-votes.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(castFile)!);
        using (var source = NationalData.Open(NationalData.ElectoralVotesResource))
        using (var target = File.Create(castFile))
        {
            source.CopyTo(target);
        }

        var cast = ElectoralRollUp.ReadCast(castFile, definition, contestId);
        var rolled = ElectoralCollege.RollUpCast(rules, cast.Value.Select(r => r.Votes), allocation.Value);
        var report = ElectoralReport.From(definition, contestId, allocation.Value, rolled.Value, Path.GetFileName(castFile));
        output.Line($"{definition.Contests.Single(x => x.Id == contestId).Name} [{contestId}] — {rules.TotalElectors} electors, {rules.Majority} to win");
        foreach (var split in report.States.Where(s => s.Split))
        {
            output.Line($"  {split.Name}: {string.Join(", ", split.Units.Select(u => $"{u.Unit} {ElectoralCommand.Short(u.WinnerName ?? u.Status)} {u.ElectoralVotes}"))}");
        }

        output.Line($"  Pledged from the popular vote: {string.Join(", ", report.Pledged.Select(p => $"{ElectoralCommand.Short(p.Name)} {p.Votes}"))}"
            + (wrongUnits.Count == 0 ? "  = published, unit by unit" : "  ≠ published in " + string.Join(", ", wrongUnits)));
        output.Line($"  Cast on 14 December 2020:      {string.Join(", ", report.Cast!.President.Select(p => $"{ElectoralCommand.Short(p.Name)} {p.Votes}"))}"
            + (report.Cast.Deviations.Count == 0 ? "  (no faithless electors)" : $"  ({report.Cast.Deviations.Count} deviations)"));
        output.Line("  " + ElectoralCommand.Describe(report.Outcome, report.Pledged, report.TotalElectors));
        output.Line($"Try: canvass electoral --store {StoreLocation.Argument(store)} --cast {StoreLocation.Argument(castFile)}");
        output.Line();
        return mismatches.Count == 0 && wrongUnits.Count == 0;
    }

    /// <summary>The published votes per selection of a statewide (not county-level) or district contest; null for the
    /// six county-level states and the national contest.</summary>
    private static Dictionary<string, long>? Expected(Contest contest, IReadOnlyList<StateRow> states, IReadOnlyList<DistrictRow> districts, HashSet<string> countyStates)
    {
        var district = districts.Where(d => Us2020National.DistrictContestId(d.StatePo, d.District) == contest.Id.Value).ToList();
        if (district.Count > 0)
        {
            return district.ToDictionary(d => Us2020National.DistrictSelectionId(d.StatePo, d.District, d.Candidate), d => d.Votes, StringComparer.Ordinal);
        }

        var state = states.Where(s => Us2020Election.ContestId(s.StatePo) == contest.Id.Value).ToList();
        if (state.Count == 0 || countyStates.Contains(state[0].StatePo))
        {
            return null;
        }

        return state.GroupBy(s => Us2020Election.SelectionId(s.StatePo, s.Candidate)).ToDictionary(g => g.Key, g => g.Sum(s => s.Votes), StringComparer.Ordinal);
    }
}
