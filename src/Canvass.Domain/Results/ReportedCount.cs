using Canvass.Domain.Elections;

namespace Canvass.Domain.Results;

/// <summary>Votes for one selection in one unit by one vote method, as a county or state reported them
/// (NIST <c>VoteCounts</c>).</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Selection">The selection.</param>
/// <param name="Unit">The unit the count is for (county, precinct, …).</param>
/// <param name="Method">The vote method, or <see cref="CountItemType.Total"/>.</param>
/// <param name="Votes">The count; never negative.</param>
public sealed record ReportedCount(ContestId Contest, SelectionId Selection, GpUnitId Unit, CountItemType Method, long Votes);
