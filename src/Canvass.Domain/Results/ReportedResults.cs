using System.Collections.Immutable;

namespace Canvass.Domain.Results;

/// <summary>Aggregated results from one source file, for counties that report totals instead of ballots.</summary>
/// <param name="Counts">Votes per selection, unit and method. A source may give a <c>total</c>, a breakdown by method, or
/// both; tabulation uses the breakdown when there is one and checks the total against it, and never adds both.</param>
/// <param name="ContestCounts">Ballots cast, overvotes and undervotes, when the source reports them.</param>
public sealed record ReportedResults(ImmutableArray<ReportedCount> Counts, ImmutableArray<ReportedContestCounts> ContestCounts);
