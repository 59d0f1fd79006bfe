namespace Canvass.Audit;

/// <summary>
/// One sampled ballot of a ballot-comparison audit: what the cast vote record reported and what the audit board read.
/// Marks are per contest, per choice, as Arlo stores them: <c>"1"</c> (voted), <c>"0"</c> (not voted), and for ES&amp;S
/// CVRs <c>"o"</c> (the tabulator saw an overvote) or <c>"u"</c> (undervote). A contest missing from a side means the
/// contest was not on the ballot according to that side.
/// </summary>
/// <param name="BallotId">The ballot's id (unique within the sample).</param>
/// <param name="TimesSampled">How many times the ballot was drawn (sampling is with replacement); at least 1.</param>
/// <param name="Reported">The ballot's CVR, contest → choice → mark; null when the ballot has no CVR.</param>
/// <param name="Audited">The audit board's reading, contest → choice → mark; null when the ballot was not found.</param>
public sealed record ComparisonBallot(
    string BallotId,
    int TimesSampled,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Reported,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Audited);

/// <summary>The worst discrepancy of one ballot (or batch) for one contest.</summary>
/// <param name="CountedAs">The error in votes for the worst winner/loser pair: +1/+2 overstatements, −1/−2
/// understatements (a batch can have any whole number).</param>
/// <param name="WeightedError">The error divided by that pair's reported margin V_wl (∞ when V_wl ≤ 0), rounded to a
/// double from Arlo's 28-digit decimal.</param>
public sealed record ComparisonDiscrepancy(long CountedAs, double WeightedError)
{
    /// <summary>The weighted error as Arlo's 28-digit decimal.</summary>
    internal PyDecimal ExactWeightedError { get; init; }
}

/// <summary>A measured risk for one contest.</summary>
/// <param name="PValue">The p-value (Arlo reports it capped at 1; 0 after a full hand count).</param>
/// <param name="Finished">True when the risk limit is met.</param>
public sealed record ComparisonRisk(double PValue, bool Finished);

/// <summary>Discrepancy counts of a ballot-comparison sample, the input to the next round's size (Arlo's
/// <c>sample_results</c>: <c>sample_size</c>, <c>1-over</c>, <c>2-over</c>, <c>1-under</c>, <c>2-under</c>).</summary>
/// <param name="SampleSize">Ballots drawn so far (every draw counts).</param>
/// <param name="OneVoteOverstatements">Draws with a one-vote overstatement (o1).</param>
/// <param name="TwoVoteOverstatements">Draws with a two-vote overstatement (o2).</param>
/// <param name="OneVoteUnderstatements">Draws with a one-vote understatement (u1); Arlo ignores these when sizing.</param>
/// <param name="TwoVoteUnderstatements">Draws with a two-vote understatement (u2); Arlo ignores these when sizing.</param>
public sealed record ComparisonSampleResults(
    long SampleSize,
    long OneVoteOverstatements,
    long TwoVoteOverstatements,
    long OneVoteUnderstatements = 0,
    long TwoVoteUnderstatements = 0);
