namespace Canvass.Audit;

/// <summary>
/// The ballot-comparison (CVR) stratum of a SUITE hybrid audit, as Arlo's <c>suite.BallotComparisonStratum</c> holds
/// it. Sampled with replacement.
/// </summary>
/// <param name="NumBallots">Ballots cast in this stratum.</param>
/// <param name="VoteTotals">Candidate → reported votes in this stratum.</param>
/// <param name="Misstatements">(winner, loser) → misstatements observed so far (see <see cref="Suite.Misstatements"/>).</param>
/// <param name="SampleSize">Ballots drawn in this stratum so far.</param>
public sealed record SuiteComparisonStratum(
    long NumBallots,
    IReadOnlyDictionary<string, long> VoteTotals,
    IReadOnlyDictionary<(string Winner, string Loser), SuiteMisstatements> Misstatements,
    long SampleSize);
