using System.Globalization;
using Canvass.Domain.Rcv;

namespace Canvass.Formats.Rctab;

/// <summary>RCTab's summary spreadsheet (<c>*_summary_report.csv</c>): the detailed CSV without its
/// "Inactive Ballots by …" rows, exactly as RCTab derives it.</summary>
public static class RctabSummaryReport
{
    /// <summary>Writes the summary CSV of a pass.</summary>
    public static void WriteCsv(TextWriter output, RctabConfig config, RcvPass pass)
    {
        ArgumentNullException.ThrowIfNull(output);
        var detailed = new StringWriter(CultureInfo.InvariantCulture);
        RctabDetailedReport.WriteCsv(detailed, config, pass);
        var text = detailed.ToString();
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split(newline);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i == lines.Length - 1 && lines[i].Length == 0)
            {
                break;
            }

            if (!lines[i].StartsWith("Inactive Ballots by", StringComparison.Ordinal))
            {
                output.Write(lines[i]);
                output.Write(newline);
            }
        }
    }
}
