using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Workflow;

/// <summary>The hybrid (SUITE) arithmetic the workflow applies per contest, with Arlo's conventions
/// (<c>../shared/reference/arlo.md</c> §2–5; Arlo's <c>rounds.hybrid_contest_strata</c>, <c>sample_sizes</c> and
/// <c>sample_ballots</c>): sample-size options from <see cref="Suite.GetSampleSize"/>, the measured risk from
/// <see cref="Suite.ComputeRisk"/>, and each round's draws, stratum by stratum, from the public seed.</summary>
/// <remarks>
/// <para><b>Strata.</b> A contest's CVR stratum is the manifest ballots of its counties with committed CVRs, its non-CVR
/// stratum those of its counties that reported totals only (<see cref="AuditState.HybridStrata"/>). A county's stratum is
/// the same in every contest, so a ballot's stratum is its county's.</para>
/// <para><b>CVR stratum</b> (<see cref="SuiteComparisonStratum"/>): its sample size is the draws made there (Arlo counts
/// every draw, with replacement); misstatements are <see cref="Suite.Misstatements"/> over the distinct audited ballots,
/// read as ballot comparison reads them (a not-found ballot is a two-vote overstatement, a contest missing from a side
/// counts as no votes, an overvote counts no vote).</para>
/// <para><b>Non-CVR stratum</b> (<see cref="SuitePollingStratum"/>): its sample size is the draws made there; its sample
/// is, per round, the votes the boards read on those ballots (a <c>vote</c> that is not an overvote). A ballot not found
/// adds to the sample size and to no selection, as in Arlo (whose hybrid audit counts only the boards' votes).</para>
/// <para><b>Sizes.</b> <see cref="Suite.GetSampleSize"/> sizes the whole sample (its search starts from what was drawn
/// already); as Arlo does, the workflow draws that many <i>new</i> ballots per stratum, capped at the stratum's ballots
/// not yet drawn (without replacement) or at its ballots (with replacement).</para>
/// </remarks>
public static class HybridAuditMath
{
    // A side of a comparison ballot that does not carry the contest.
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NoContest =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>A contest's two strata, as the audit recorded them.</summary>
    /// <exception cref="InvalidOperationException">The audit has no strata for the contest (not a hybrid audit).</exception>
    public static (ReportedStratum Cvr, ReportedStratum NonCvr) StrataOf(AuditState state, string contest)
    {
        ArgumentNullException.ThrowIfNull(state);
        var cvr = state.HybridStrata.FirstOrDefault(s => s.Contest == contest && s.Stratum == HybridStrata.Cvr);
        var nonCvr = state.HybridStrata.FirstOrDefault(s => s.Contest == contest && s.Stratum == HybridStrata.NonCvr);
        return cvr is null || nonCvr is null
            ? throw new InvalidOperationException($"The audit records no hybrid strata for contest {contest}.")
            : (cvr, nonCvr);
    }

    /// <summary>The stratum a ballot of <paramref name="county"/> belongs to: <see cref="HybridStrata.Cvr"/> when the
    /// county's CVRs are committed, else <see cref="HybridStrata.NonCvr"/>.</summary>
    public static string StratumOf(AuditState state, string county)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.HybridStrata.Any(s => s.Stratum == HybridStrata.Cvr && s.Counties.Contains(county)) ? HybridStrata.Cvr : HybridStrata.NonCvr;
    }

    /// <summary>Draws made for a targeted contest in the given counties over the given rounds.</summary>
    public static long DrawsIn(string contest, IEnumerable<string> counties, IEnumerable<AuditRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(counties);
        ArgumentNullException.ThrowIfNull(rounds);
        var set = counties.ToHashSet(StringComparer.Ordinal);
        return rounds.SelectMany(r => r.Sample.Ballots).Where(b => set.Contains(b.County)).Sum(b => (long)b.Draws.Count(d => d.Contest == contest));
    }

    /// <summary>The contest's strata as SUITE sees them, from what was measured so far.</summary>
    public static (SuitePollingStratum Polling, SuiteComparisonStratum Comparison) ToSuiteStrata(AuditedContest contest, HybridContestSample sample)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(sample);
        var arlo = AuditMath.ToArloContest(contest);
        var comparison = new SuiteComparisonStratum(sample.Cvr.Ballots, Votes(sample.Cvr),
            Suite.Misstatements(arlo, ComparisonSample(contest, sample.CvrBallots)), sample.CvrDraws);
        var rounds = sample.NonCvrBallots.Select(b => b.Round).Distinct().Order()
            .Select(r => (IReadOnlyDictionary<string, long>)PollingVotes(contest, sample.NonCvrBallots.Where(b => b.Round == r)))
            .ToList();
        var polling = new SuitePollingStratum(sample.NonCvr.Ballots, Votes(sample.NonCvr), rounds, sample.NonCvrDraws);
        return (polling, comparison);
    }

    /// <summary>The sample-size options for a targeted contest's next round: <c>suite</c> (Arlo's
    /// <c>suite.get_sample_size</c>, split between the strata) and <c>all-ballots</c>; only <c>all-ballots</c> when SUITE
    /// says a stratum must be counted in full; none when every ballot of both strata has been drawn.</summary>
    /// <param name="riskLimit">Risk limit in whole percent.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="sample">What was measured so far (closed rounds only).</param>
    public static ImmutableArray<SampleSizeOption> Options(int riskLimit, AuditedContest contest, HybridContestSample sample)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(sample);
        var restCvr = Remaining(sample.Cvr.Ballots, sample.CvrDraws);
        var restNonCvr = Remaining(sample.NonCvr.Ballots, sample.NonCvrDraws);
        if (restCvr + restNonCvr == 0)
        {
            return [];
        }

        var all = new SampleSizeOption("all-ballots", restCvr + restNonCvr,
            "Every ballot of both strata not yet drawn: a full hand count (SUITE then counts each stratum as counted in full).")
        { SizeCvr = restCvr, SizeNonCvr = restNonCvr };
        var (polling, comparison) = ToSuiteStrata(contest, sample);
        var size = Suite.GetSampleSize(riskLimit, AuditMath.ToArloContest(contest), polling, comparison);
        if (size.RecountNeeded)
        {
            return [all with { Description = Suite.RecountNeededMessage + " " + all.Description }];
        }

        var cvr = (int)Math.Min(size.Cvr, restCvr);
        var nonCvr = (int)Math.Min(size.NonCvr, restNonCvr);
        if (cvr + nonCvr <= 0)
        {
            return [];
        }

        if (cvr == restCvr && nonCvr == restNonCvr)
        {
            return [all];
        }

        var suite = new SampleSizeOption("suite", cvr + nonCvr, string.Create(CultureInfo.InvariantCulture,
            $"SUITE: {cvr} CVR-stratum draws (with replacement, compared with their CVRs) and {nonCvr} non-CVR-stratum ballots (without replacement, tallied), to meet the risk limit if the reported outcome is right."))
        { SizeCvr = cvr, SizeNonCvr = nonCvr };
        return [suite, all];
    }

    /// <summary>Measures the contest over every round so far with <see cref="Suite.ComputeRisk"/>: the draws of both
    /// strata, the p-value (the largest Fisher-combined p-value over winner–loser pairs, maximised over the allocation of
    /// the margin), the non-CVR stratum's audited votes, and the CVR stratum's discrepancies counted per draw.</summary>
    public static ContestRoundOutcome Measure(int riskLimit, AuditedContest contest, HybridContestSample sample)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(sample);
        var arlo = AuditMath.ToArloContest(contest);
        var (polling, comparison) = ToSuiteStrata(contest, sample);
        var risk = Suite.ComputeRisk(riskLimit, arlo, polling, comparison);
        var counts = CvrDiscrepancies(contest, sample.CvrBallots);
        var draws = sample.CvrDraws + sample.NonCvrDraws;
        return new ContestRoundOutcome(contest.Contest, contest.Targeted, draws, risk.PValue.ToString("R", CultureInfo.InvariantCulture), risk.Finished && draws > 0,
            NonCvrVotes(contest, sample.NonCvrBallots),
            (int)counts.OneVoteOverstatements, (int)counts.TwoVoteOverstatements, (int)counts.OneVoteUnderstatements, (int)counts.TwoVoteUnderstatements);
    }

    /// <summary>Draws a round for the given sizes from the public seed, as Arlo's hybrid <c>sample_ballots</c> does: per
    /// targeted contest, the CVR stratum's manifest with replacement and the non-CVR stratum's without, each with the
    /// consistent sampler over that stratum's batches alone and continuing past the contest's earlier draws in that
    /// stratum. The distinct ballots, in county, tabulator, batch and position order, each with all its draws.</summary>
    public static ImmutableArray<SampledBallot> Draw(AuditState state, IReadOnlyList<HybridSampleSize> sizes, IReadOnlyList<AuditRound> earlierRounds)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(earlierRounds);
        var draws = new RoundDraws();
        foreach (var size in sizes)
        {
            var (cvr, nonCvr) = StrataOf(state, size.Contest);
            foreach (var (stratum, count, withReplacement) in new[] { (cvr, size.Cvr, true), (nonCvr, size.NonCvr, false) })
            {
                if (count > 0)
                {
                    var drawn = DrawsIn(size.Contest, stratum.Counties, earlierRounds);
                    draws.Draw(state.Seed!, size.Contest, state.BatchesOf(stratum.Counties), count, checked((int)drawn), withReplacement);
                }
            }
        }

        return draws.ToSampledBallots();
    }

    /// <summary>The CVR stratum's discrepancies as ballot comparison counts them (each ballot's worst winner–loser pair,
    /// counted once per draw), for reports; SUITE itself uses <see cref="Suite.Misstatements"/> per pair.</summary>
    public static ComparisonSampleResults CvrDiscrepancies(AuditedContest contest, IReadOnlyList<MeasuredBallot> cvrBallots)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(cvrBallots);
        return Supersimple.CountDiscrepancies(AuditMath.ToArloContest(contest), ComparisonSample(contest, cvrBallots));
    }

    /// <summary>The votes the boards read on non-CVR ballots, per selection in the contest's order, each ballot counted
    /// for its draws (a ballot not found, blank, overvoted or not agreed on counts for no selection).</summary>
    public static ImmutableArray<ReportedChoice> NonCvrVotes(AuditedContest contest, IReadOnlyList<MeasuredBallot> nonCvrBallots)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(nonCvrBallots);
        var votes = PollingVotes(contest, nonCvrBallots);
        return [.. contest.Choices.Select(c => new ReportedChoice(c.Selection, votes[c.Selection]))];
    }

    private static int Remaining(long ballots, long drawn) => (int)Math.Min(int.MaxValue, Math.Max(0, ballots - drawn));

    private static Dictionary<string, long> Votes(ReportedStratum stratum) =>
        stratum.Votes.ToDictionary(v => v.Selection, v => v.Votes, StringComparer.Ordinal);

    /// <summary>Votes the boards read per selection, each ballot counted for its draws; a ballot not found, blank, an
    /// overvote or a reading that is not a vote counts for no selection.</summary>
    private static Dictionary<string, long> PollingVotes(AuditedContest contest, IEnumerable<MeasuredBallot> ballots)
    {
        var votes = contest.Choices.ToDictionary(c => c.Selection, _ => 0L, StringComparer.Ordinal);
        foreach (var m in ballots)
        {
            if (!m.NotFound && m.Audited is { Interpretation: Interpretations.Vote, Overvote: false } a && a.Choices.Length <= contest.VotesAllowed)
            {
                foreach (var choice in a.Choices.Where(votes.ContainsKey))
                {
                    votes[choice] += m.Draws;
                }
            }
        }

        return votes;
    }

    /// <summary>The CVR stratum's ballots as SUPERSIMPLE reads them, exactly as <see cref="AuditMath"/> reads a
    /// ballot-comparison sample: per ballot the CVR's and the board's marks (<c>"1"</c>/<c>"0"</c>); a side that does not
    /// carry the contest (or a reading that says not on the ballot) leaves it out; a not-found ballot has no audited
    /// side; an overvote on either side counts no vote.</summary>
    private static List<ComparisonBallot> ComparisonSample(AuditedContest contest, IReadOnlyList<MeasuredBallot> measured)
    {
        var sample = new List<ComparisonBallot>(measured.Count);
        for (var i = 0; i < measured.Count; i++)
        {
            var m = measured[i];
            var reported = m.Reported is { } r ? Marks(contest, r.Length > contest.VotesAllowed ? [] : r) : NoContest;
            IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? audited = m.NotFound ? null : m.Audited switch
            {
                null or { Interpretation: Interpretations.NotOnBallot } => NoContest,
                { Interpretation: Interpretations.Vote, Overvote: false } a when a.Choices.Length <= contest.VotesAllowed => Marks(contest, a.Choices),
                _ => Marks(contest, []),
            };
            sample.Add(new ComparisonBallot(i.ToString(CultureInfo.InvariantCulture), m.Draws, reported, audited));
        }

        return sample;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Marks(AuditedContest contest, ImmutableArray<string> choices) =>
        new(StringComparer.Ordinal)
        {
            [contest.Contest] = contest.Choices.ToDictionary(c => c.Selection, c => choices.Contains(c.Selection) ? "1" : "0", StringComparer.Ordinal),
        };
}
