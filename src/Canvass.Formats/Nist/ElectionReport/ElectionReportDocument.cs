using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>A NIST SP 1500-100 v2 <c>ElectionReport</c> as read: the election definition and the counts it reports.</summary>
/// <param name="Definition">The election definition (units, parties, people, candidates, contests, ballot styles).</param>
/// <param name="Results">The <c>VoteCounts</c> and <c>OtherCounts</c> of the report; empty for a pre-election report.
/// A <c>total</c> and its breakdown are both kept as reported; tabulation decides which to use.</param>
/// <param name="Status">The report's <c>Status</c> (<c>pre-election</c>, <c>unofficial-partial</c>, …).</param>
/// <param name="GeneratedDate">The report's <c>GeneratedDate</c>.</param>
public sealed record ElectionReportDocument(
    ElectionDefinition Definition,
    ReportedResults Results,
    string Status,
    DateTimeOffset GeneratedDate)
{
    /// <summary>Where each of <see cref="ReportedResults.Counts"/> was read (its <c>VoteCounts</c>), in the same order.</summary>
    public SourcePlaces CountPlaces { get; init; } = SourcePlaces.Empty;

    /// <summary>Where each of <see cref="ReportedResults.ContestCounts"/> was read (its <c>OtherCounts</c>), in the same order.</summary>
    public SourcePlaces ContestCountPlaces { get; init; } = SourcePlaces.Empty;

    /// <summary>The counts with where each was read.</summary>
    public PlacedResults Placed => new(Results, CountPlaces, ContestCountPlaces);
}
