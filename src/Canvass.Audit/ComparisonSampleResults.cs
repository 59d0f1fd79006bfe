namespace Canvass.Audit;

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
