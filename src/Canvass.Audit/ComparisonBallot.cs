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
