namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Header fields of a written <c>ElectionReport</c>.</summary>
/// <param name="GeneratedDate">Written as <c>GeneratedDate</c> (<c>yyyy-MM-dd'T'HH:mm:ssK</c>, no fractional seconds).
/// Pass it in: the writer never reads the clock.</param>
/// <param name="Status">The report's <c>Status</c>.</param>
/// <param name="Format">The report's <c>Format</c>.</param>
/// <param name="Version">Written as <c>VendorApplicationId</c> <c>Canvass &lt;version&gt;</c>; null uses the version of
/// this assembly.</param>
/// <param name="Indented">Indent the output.</param>
public sealed record ElectionReportOptions(
    DateTimeOffset GeneratedDate,
    ElectionReportStatus Status,
    ElectionReportFormat Format = ElectionReportFormat.PrecinctLevel,
    string? Version = null,
    bool Indented = true);
