using Canvass.Domain.Elections;

namespace Canvass.Domain.Results;

/// <summary>Contest-level counts that are not votes for a selection (NIST <c>OtherCounts</c> and <c>BallotCounts</c>).</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Unit">The unit.</param>
/// <param name="Method">The vote method, or <see cref="CountItemType.Total"/>.</param>
/// <param name="BallotsCast">Ballots cast that carried the contest, when reported.</param>
/// <param name="Overvotes">Overvotes, when reported.</param>
/// <param name="Undervotes">Undervotes, when reported.</param>
public sealed record ReportedContestCounts(
    ContestId Contest,
    GpUnitId Unit,
    CountItemType Method,
    long? BallotsCast,
    long? Overvotes,
    long? Undervotes);
