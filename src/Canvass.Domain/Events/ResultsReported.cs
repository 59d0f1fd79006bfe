using Canvass.Domain.Results;

namespace Canvass.Domain.Events;

/// <summary>Aggregated results were reported for some units (counties that publish totals rather than ballots).</summary>
/// <param name="ImportId">The import's id: <c>res-</c> and the first 16 hex digits of <paramref name="Sha256"/>.</param>
/// <param name="FileName">The file's name (no directory).</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="Format">The reader used: <c>nist-1500-100-json</c>, <c>nist-1500-100-xml</c>, <c>openelections-csv</c>.</param>
/// <param name="Results">The counts.</param>
/// <remarks>A later report for the same contest, unit and method replaces an earlier one (election-night updates).</remarks>
[EventType("results-reported.v1")]
public sealed record ResultsReported(string ImportId, string FileName, string Sha256, string Format, ReportedResults Results) : IEvent;
