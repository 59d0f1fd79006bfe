using System.CommandLine;
using System.Globalization;
using System.Text;
using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Rctab;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass rcv --config CONFIG.json --out DIR [--convert-to-cdf | --convert-to-csv] [--json]</c>: tabulates
/// an RCTab contest config (ranked-choice, RCTab rules) and writes RCTab's reports, or converts its CVRs as RCTab's
/// conversion modes do.</summary>
internal static class RcvCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "The RCTab contest config (JSON); CVR paths are relative to its folder.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder for the reports (detailed_report.json/.csv, summary_report.csv, rctab_cvr.csv, cdf_cvr.json).", Required = true };
        var toCdf = new Option<bool>("--convert-to-cdf") { Description = "Only convert the CVRs to RCTab's NIST CDF JSON (cdf_cvr.json), as RCTab's --convert-to-cdf; no tabulation." };
        var toCsv = new Option<bool>("--convert-to-csv") { Description = "Only convert the CVRs to RCTab's CVR CSV (rctab_cvr.csv); no tabulation." };
        var json = new Option<bool>("--json") { Description = "Print winners, passes and the files written as JSON." };
        var command = new Command("rcv", "Tabulate a ranked-choice contest from an RCTab config, with RCTab's rules and reports.") { config, output, toCdf, toCsv, json };
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(config)!, parse.GetValue(output)!, parse.GetValue(toCdf), parse.GetValue(toCsv), parse.GetValue(json), ct)));
        return command;
    }

    private static int Run(FileInfo config, DirectoryInfo output, bool toCdf, bool toCsv, bool json, CancellationToken ct)
    {
        if (OutputPath.Folder(output.FullName, "--out") is { } bad)
        {
            return Fail(json, [bad]);
        }

        var files = new List<string>();
        if (toCdf || toCsv)
        {
            var read = RctabRunner.ReadCvrs(config.FullName, ct);
            if (!read.IsSuccess)
            {
                return Fail(json, read.Problems);
            }

            output.Create();
            if (toCdf)
            {
                files.Add(WriteCdf(output, read, null));
            }

            if (toCsv)
            {
                files.Add(WriteCvrCsv(output, read));
            }

            return Report(json, new RcvReport([], [], files), files);
        }

        var run = RctabRunner.Run(config.FullName, ct);
        if (!run.IsSuccess)
        {
            return Fail(json, run.Problems.IsDefaultOrEmpty ? run.Result?.Problems ?? [] : run.Problems);
        }

        // RCTab writes the flattened CVRs before every tabulation, and the CDF export when the config asks for it.
        var cvrs = RctabRunner.ReadCvrs(config.FullName, ct);
        if (!cvrs.IsSuccess)
        {
            return Fail(json, cvrs.Problems);
        }

        output.Create();
        files.Add(WriteCvrCsv(output, cvrs));
        var passes = run.Result!.Passes;
        foreach (var pass in passes)
        {
            var stem = passes.Length > 1 ? "detailed_report_" + pass.Number.ToString(CultureInfo.InvariantCulture) : "detailed_report";
            files.Add(Write(Path.Combine(output.FullName, stem + ".json"), s => RctabDetailedReport.WriteJson(s, run.Config!, pass)));
            files.Add(WriteText(Path.Combine(output.FullName, stem + ".csv"), w => RctabDetailedReport.WriteCsv(w, run.Config!, pass)));
            var summary = passes.Length > 1 ? "summary_report_" + pass.Number.ToString(CultureInfo.InvariantCulture) : "summary_report";
            files.Add(WriteText(Path.Combine(output.FullName, summary + ".csv"), w => RctabSummaryReport.WriteCsv(w, run.Config!, pass)));
            foreach (var slice in pass.Slices)
            {
                var kind = slice.Kind == RcvSliceKind.Precinct ? "precinct" : "batch";
                var folder = Directory.CreateDirectory(Path.Combine(output.FullName, slice.Kind == RcvSliceKind.Precinct ? "Tabulate by Precinct" : "Tabulate by Batch"));
                var name = Path.Combine(folder.FullName, $"{RctabDetailedReport.SanitizeSliceId(slice.Id)}_{kind}_{stem}");
                files.Add(Write(name + ".json", s => RctabDetailedReport.WriteJson(s, run.Config!, pass, slice)));
                files.Add(WriteText(name + ".csv", w => RctabDetailedReport.WriteCsv(w, run.Config!, pass, slice)));
            }
        }

        if (run.Config!.OutputSettings.GenerateCdfJson)
        {
            files.Add(WriteCdf(output, cvrs, passes[0]));
        }

        var report = new RcvReport(
            [.. run.Result.Winners],
            [.. passes.Select(p => new RcvPassReport(p.Number, p.Rounds.Length, [.. p.Winners]))],
            files);
        if (!json)
        {
            Console.Out.WriteLine("Winners: " + string.Join(", ", run.Result.Winners));
        }

        return json ? Report(json, report, files) : ExitCodes.Ok;
    }

    /// <summary>Every problem, as text or (with <c>--json</c>) as the problem report every command prints; exit code 2.</summary>
    private static int Fail(bool json, IEnumerable<Problem> problems) =>
        new Output(Console.Out, Console.Error, json).Problems("The RCTab run was refused; nothing was written.", [.. problems]);

    private static int Report(bool json, RcvReport report, List<string> files)
    {
        if (json)
        {
            Console.Out.WriteLine(Output.ToJson(report, CliJsonContext.Default.RcvReport));
        }
        else
        {
            foreach (var f in files)
            {
                Console.Out.WriteLine("Wrote " + f);
            }
        }

        return ExitCodes.Ok;
    }

    private static string WriteCdf(DirectoryInfo output, RctabCvrRead read, RcvPass? pass) =>
        Write(Path.Combine(output.FullName, "cdf_cvr.json"), s => RctabCdfExport.Write(s, read.Config!, [.. read.Ballots.Select(b => b.Cvr)], pass));

    private static string WriteCvrCsv(DirectoryInfo output, RctabCvrRead read) =>
        WriteText(Path.Combine(output.FullName, "rctab_cvr.csv"), w => RctabCvrCsvExport.Write(w, read.Config!, read.Ballots));

    private static string Write(string path, Action<Stream> write)
    {
        using (var stream = File.Create(path))
        {
            write(stream);
        }

        return path;
    }

    private static string WriteText(string path, Action<TextWriter> write)
    {
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            write(writer);
        }

        return path;
    }
}

/// <summary>What <c>canvass rcv --json</c> prints: the winners of every pass, each pass, and the files written.</summary>
internal sealed record RcvReport(IReadOnlyList<string> Winners, IReadOnlyList<RcvPassReport> Passes, IReadOnlyList<string> FilesWritten);

/// <summary>One pass of <see cref="RcvReport"/>: its number, how many rounds it took and who won.</summary>
internal sealed record RcvPassReport(int Number, int Rounds, IReadOnlyList<string> Winners);
