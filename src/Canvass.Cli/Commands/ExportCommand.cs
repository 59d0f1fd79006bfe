using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Cli.Verification;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass export cdf --store PATH --out FILE [--xml] [--status S] [--summary]</c>.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Export the election and its results in a standard format.");
        command.Subcommands.Add(CreateCdf());
        command.Subcommands.Add(CreateBundle());
        return command;
    }

    private static Command CreateBundle()
    {
        var store = CommonOptions.Store();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The folder to write (created; existing bundle files are replaced).", Required = true };
        var command = new Command("bundle",
            "Write everything an observer needs to verify the election offline: the log's entries, signed checkpoint and verifier key, the committed CVRs, and the election definition.")
        {
            store, output,
        };
        command.SetAction((parse, ct) =>
        {
            var console = new Output(Console.Out, Console.Error, json: false);
            return StoreCommand.RunAsync(console, parse.GetValue(store), requireElection: true, mustExist: true, async session =>
            {
                var dir = parse.GetValue(output)!.FullName;
                if (OutputPath.Folder(dir, "--out") is { } bad)
                {
                    return console.Problem(bad);
                }

                var written = await BundleWriter.WriteAsync(session, dir, ct);
                console.Line($"wrote {dir}: {Quantity.Of(written.Entries, "log entry", "log entries")}, {Quantity.Of(written.Imports, "CVR file")} with {Quantity.Of(written.Ballots, "ballot")}");
                // Pinned, as docs/verification.md tells observers to verify: without --key a first run trusts the bundle's own key.
                console.Line($"verify it anywhere with: canvass verify --bundle {ShellWord.Quote(dir)} --key {ShellWord.Quote(written.VerifierKey)}");
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    private static Command CreateCdf()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var output = new Option<FileInfo>("--out", "-o") { Description = "The file to write.", Required = true };
        var xml = new Option<bool>("--xml") { Description = "Write XML instead of JSON." };
        var summary = new Option<bool>("--summary") { Description = "Contest totals only (NIST summary-contest), not every unit and vote method." };
        var status = new Option<string>("--status")
        {
            Description = "The report status: pre-election, unofficial-partial, unofficial-complete, certified, recount or correction.",
            DefaultValueFactory = _ => "unofficial-complete",
        };
        status.AcceptOnlyFromAmong("pre-election", "unofficial-partial", "unofficial-complete", "certified", "recount", "correction");
        var command = new Command("cdf", "Write the results as a NIST SP 1500-100 v2 ElectionReport (JSON, or XML with --xml); it validates against the NIST schemas.")
        {
            store, output, xml, summary, status, json,
        };
        command.SetAction((parse, ct) =>
        {
            var console = new Output(Console.Out, Console.Error, parse.GetValue(json));
            return StoreCommand.RunAsync(console, parse.GetValue(store), requireElection: true, mustExist: true, async session =>
            {
                if (OutputPath.File(parse.GetValue(output)!.FullName, "--out") is { } bad)
                {
                    return console.Problem(bad);
                }

                var tabulation = await Progress.RunAsync(console, "Tabulating", p => TabulationRunner.RunAsync(session, p, ct));
                var options = new ElectionReportOptions(
                    TimeProvider.System.GetUtcNow(),
                    ParseStatus(parse.GetValue(status)!),
                    parse.GetValue(summary) ? ElectionReportFormat.SummaryContest : ElectionReportFormat.PrecinctLevel);
                var file = parse.GetValue(output)!;
                file.Directory!.Create();
                var tmp = file.FullName + ".tmp";
                await using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    if (parse.GetValue(xml))
                    {
                        ElectionReportWriter.WriteXml(stream, session.Definition!, tabulation, options);
                    }
                    else
                    {
                        ElectionReportWriter.WriteJson(stream, session.Definition!, tabulation, options);
                    }
                }

                File.Move(tmp, file.FullName, overwrite: true);
                if (console.Json)
                {
                    console.WriteJson(
                        new ExportCdfReport(true, file.FullName, parse.GetValue(xml) ? "xml" : "json", parse.GetValue(status)!,
                            parse.GetValue(summary) ? "summary-contest" : "precinct-level", new FileInfo(file.FullName).Length),
                        CliJsonContext.Default.ExportCdfReport);
                }
                else
                {
                    console.Line($"wrote {file.FullName}");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    private static ElectionReportStatus ParseStatus(string status) => status switch
    {
        "pre-election" => ElectionReportStatus.PreElection,
        "unofficial-partial" => ElectionReportStatus.UnofficialPartial,
        "certified" => ElectionReportStatus.Certified,
        "recount" => ElectionReportStatus.Recount,
        "correction" => ElectionReportStatus.Correction,
        _ => ElectionReportStatus.UnofficialComplete,
    };
}

/// <summary>What <c>canvass export cdf --json</c> prints once the file is written.</summary>
/// <param name="Ok">Always true (a failure prints a problem report instead).</param>
/// <param name="File">The full path written.</param>
/// <param name="Format"><c>json</c> or <c>xml</c>.</param>
/// <param name="Status">The report status written, e.g. <c>unofficial-complete</c>.</param>
/// <param name="ReportType">NIST's report type: <c>precinct-level</c>, or <c>summary-contest</c> with <c>--summary</c>.</param>
/// <param name="Bytes">The file's size.</param>
internal sealed record ExportCdfReport(bool Ok, string File, string Format, string Status, string ReportType, long Bytes);
