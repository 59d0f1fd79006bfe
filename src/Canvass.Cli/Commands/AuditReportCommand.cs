using System.CommandLine;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit report --out DIR</c>: the audit report as CSV (Arlo's sections) and HTML.</summary>
internal static class AuditReportCommand
{
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "The directory to write audit-report.csv and audit-report.html to.", Required = true };
        return AuditCommand.Verb("report", "Write the audit report: audit-report.csv (sections like Arlo's report) and audit-report.html.", writes: false, [outDir],
            async (parse, output, session, state, ct) =>
            {
                if (AuditStore.RequireAudit(state) is { } none)
                {
                    return output.Problem(none);
                }

                var directory = parse.GetValue(outDir)!;
                if (OutputPath.Folder(directory.FullName, "--out") is { } bad)
                {
                    return output.Problem(bad);
                }

                directory.Create();
                var writer = new AuditReportWriter(state, session.Index, await AuditMeasurement.CvrMarksAsync(session, state.Rounds, ct));
                var csv = Path.Combine(directory.FullName, "audit-report.csv");
                var html = Path.Combine(directory.FullName, "audit-report.html");
                writer.WriteCsv(csv);
                writer.WriteHtml(html);
                if (output.Json)
                {
                    output.WriteJson(AuditStatusCommand.Report(state) with { Next = csv }, CliJsonContext.Default.AuditStatusReport);
                }
                else
                {
                    output.Line($"Wrote {csv}");
                    output.Line($"Wrote {html}");
                }

                return ExitCodes.Ok;
            });
    }
}
