using System.Collections.Immutable;
using Canvass.Audit.Workflow;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;

namespace Canvass.Cli.Audit;

/// <summary>Turns the store's tabulation into the reported outcomes an audit checks.</summary>
internal static class AuditContests
{
    /// <summary>The contest as audited: reported votes, the counties its votes came from and the manifest ballots there.
    /// Problems when a county has no committed manifest, or (comparison) no CVRs.</summary>
    public static AuditedContest? Build(
        ElectionDefinition definition, ContestResult result, bool targeted, AuditState state, string auditType, List<Problem> problems)
    {
        var contest = definition.Contests.First(c => c.Id == result.ContestId);
        var counties = result.Units
            .Where(u => u.Votes.Any(v => v > 0) || u.BallotsCast > 0)
            .Select(u => u.County.Value)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        if (counties.IsEmpty)
        {
            problems.Add(new Problem(ProblemCodes.BadValue, $"Contest {contest.Id} has no votes counted yet; import its CVRs or results first.", Path: "--contest"));
            return null;
        }

        var noManifest = counties.Where(c => !state.Manifests.ContainsKey(c)).ToList();
        if (noManifest.Count > 0)
        {
            problems.Add(new Problem(ProblemCodes.Inconsistent,
                $"Contest {contest.Id}: no ballot manifest is committed for {string.Join(", ", noManifest.Take(10))}{(noManifest.Count > 10 ? $" and {noManifest.Count - 10} more" : "")}. Import them with 'canvass import manifest' first.",
                Path: "--contest"));
        }

        if (auditType is AuditTypes.BallotComparison or AuditTypes.BatchComparison)
        {
            var cvr = state.CvrCounties;
            var noCvrs = counties.Where(c => !cvr.Contains(c)).ToList();
            if (noCvrs.Count > 0)
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent,
                    $"Contest {contest.Id}: a {auditType} audit needs committed CVRs (the reported tallies it compares with), and {string.Join(", ", noCvrs.Take(10))} reported totals only.",
                    Path: "--contest"));
            }
        }

        if (noManifest.Count > 0)
        {
            return null;
        }

        var ballots = state.BatchesOf(counties).Sum(b => (long)b.Ballots);
        return new AuditedContest(
            contest.Id.Value,
            targeted,
            [.. contest.Selections.Select((s, i) => new ReportedChoice(s.Id.Value, result.Votes[i]))],
            ballots,
            contest.NumberElected,
            contest.VotesAllowed,
            counties);
    }
}
