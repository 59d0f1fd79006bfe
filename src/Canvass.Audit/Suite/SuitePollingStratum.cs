namespace Canvass.Audit;

/// <summary>
/// The ballot-polling (no-CVR) stratum of a SUITE hybrid audit, as Arlo's <c>suite.BallotPollingStratum</c> holds it.
/// Sampled without replacement.
/// </summary>
/// <param name="NumBallots">Ballots cast in this stratum.</param>
/// <param name="VoteTotals">Candidate → reported votes in this stratum.</param>
/// <param name="Sample">The audited sample so far, one candidate → votes tally per round (added up across rounds;
/// a candidate missing from every round has 0).</param>
/// <param name="SampleSize">Ballots sampled in this stratum so far (the tallies' other ballots count as neither
/// winner nor loser votes).</param>
public sealed record SuitePollingStratum(
    long NumBallots,
    IReadOnlyDictionary<string, long> VoteTotals,
    IReadOnlyList<IReadOnlyDictionary<string, long>> Sample,
    long SampleSize)
{
    /// <summary>The sample's votes for <paramref name="candidate"/>, over all rounds (Arlo's <c>compute_cumulative_sample</c>).</summary>
    /// <param name="candidate">The candidate.</param>
    /// <returns>The candidate's sampled votes.</returns>
    public long SampledVotes(string candidate) => Sample.Sum(round => round.GetValueOrDefault(candidate));
}
