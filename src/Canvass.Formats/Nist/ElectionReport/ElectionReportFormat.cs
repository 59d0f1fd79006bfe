namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>NIST <c>ReportDetailLevel</c>: the report's <c>Format</c>.</summary>
public enum ElectionReportFormat
{
    /// <summary><c>precinct-level</c>.</summary>
    PrecinctLevel = 0,
    /// <summary><c>summary-contest</c>.</summary>
    SummaryContest = 1,
}
