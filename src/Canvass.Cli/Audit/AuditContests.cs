using System.Collections.Immutable;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;

namespace Canvass.Cli.Audit;

/// <summary>Turns the store's tabulation into the reported outcomes an audit checks.</summary>
internal static class AuditContests
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

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

    /// <summary>Why the audit cannot check the contest's counting rule, or null when it can. Every audit type checks that
    /// the reported winners are the selections with the most votes (BRAVO, SUPERSIMPLE, MACRO, SUITE and the full hand
    /// tally alike), which is the outcome of a plurality, vote-for-n or approval contest and of a two-answer measure
    /// decided by a simple majority. A measure that needs another share of the votes (three fifths, two thirds), or a
    /// contest whose winner needs a majority or a supermajority, is decided otherwise: its answer with the most votes can
    /// fail, and an audit of "the most votes" would confirm an outcome the count did not report.</summary>
    public static string? RuleNotAudited(Contest contest)
    {
        if (contest.Kind is ContestKind.BallotMeasure or ContestKind.Retention && contest.Selections.Length == 2)
        {
            var threshold = contest.PassageThreshold ?? PassageThreshold.SimpleMajority;
            return threshold.Numerator * 2 == threshold.Denominator
                ? null
                : $"it passes with {threshold} of the votes, and an audit checks only which answer has the most votes";
        }

        return contest.VoteVariation switch
        {
            VoteVariation.Majority => "its winner needs a majority of the votes, and an audit checks only which selection has the most votes",
            VoteVariation.SuperMajority => "its winner needs a supermajority of the votes, and an audit checks only which selection has the most votes",
            _ => null,
        };
    }

    /// <summary>Arlo's refusal of a contest whose votes its manifests cannot hold ("Too many votes cast in contest"),
    /// county by county: every sample size and risk assumes the frame's ballots carry at most the votes allowed each, so
    /// a manifest listing too few ballots inflates the diluted margin, and one county's blank ballots must not hide
    /// another's short manifest. <c>audit create</c> holds every audit type to it; <c>verify</c> does not, so that an
    /// audit an older Canvass created still verifies as it did (a hybrid audit's strata are held to it there, as
    /// always).</summary>
    public static IEnumerable<Problem> CountiesBeyondManifests(AuditedContest contest, ContestResult result, AuditState state)
    {
        foreach (var county in contest.Counties)
        {
            var votes = result.Units.Where(u => u.County.Value == county).Sum(u => u.Votes.Sum());
            var ballots = state.BatchesOf([county]).Sum(b => (long)b.Ballots);
            if (VotesBeyondBallots(contest, $"its votes in {county}", votes, $"{county}'s manifest's", ballots) is { } problem)
            {
                yield return problem;
            }
        }
    }

    /// <summary>The problem when <paramref name="votes"/> are more than <paramref name="ballots"/> times the contest's
    /// votes allowed, or null; the words name whose votes and whose manifests they are.</summary>
    public static Problem? VotesBeyondBallots(AuditedContest contest, string whoseVotes, long votes, string whoseBallots, long ballots) =>
        votes > (Int128)ballots * contest.VotesAllowed
            ? new Problem(ProblemCodes.Inconsistent,
                $"Contest {contest.Contest}: {whoseVotes} add up to {votes.ToString(C)}, more than {whoseBallots} {Quantity.Of(ballots, "ballot")} times the {Quantity.Of(contest.VotesAllowed, "vote")} allowed.",
                Path: "--contest")
            : null;
}
