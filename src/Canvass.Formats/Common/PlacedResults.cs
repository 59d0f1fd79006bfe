using Canvass.Domain.Results;

namespace Canvass.Formats.Common;

/// <summary>Results as read from a file, with where each count came from, so that a problem found after reading (an id
/// the store's election does not have, a county already counted from ballots) can name its line.</summary>
/// <param name="Results">The counts.</param>
/// <param name="CountPlaces">Where each of <see cref="ReportedResults.Counts"/> was read, in the same order.</param>
/// <param name="ContestCountPlaces">Where each of <see cref="ReportedResults.ContestCounts"/> was read, in the same order.</param>
public sealed record PlacedResults(ReportedResults Results, SourcePlaces CountPlaces, SourcePlaces ContestCountPlaces);
