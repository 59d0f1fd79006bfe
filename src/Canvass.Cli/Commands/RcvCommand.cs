using System.CommandLine;
using System.Globalization;
using System.Text;
using Canvass.Cli.Common;
using Canvass.Domain.Rcv;
using Canvass.Formats.Rctab;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass rcv --config CONFIG.json --out DIR</c>: tabulates an RCTab contest config (ranked-choice, RCTab
/// rules) and writes RCTab's detailed report as JSON and CSV.</summary>
internal static class RcvCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "The RCTab contest config (JSON); CVR paths are relative to its folder.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder for detailed_report.json and .csv.", Required = true };
        var command = new Command("rcv", "Tabulate a ranked-choice contest from an RCTab config, with RCTab's rules and reports.") { config, output };
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(config)!, parse.GetValue(output)!, ct)));
        return command;
    }

    private static int Run(FileInfo config, DirectoryInfo output, CancellationToken ct)
    {
        var run = RctabRunner.Run(config.FullName, ct);
        if (!run.IsSuccess)
        {
            foreach (var p in run.Problems.IsDefaultOrEmpty ? run.Result?.Problems ?? [] : run.Problems)
            {
                Console.Error.WriteLine(p.ToString());
            }

            return ExitCodes.BadInput;
        }

        output.Create();
        var passes = run.Result!.Passes;
        foreach (var pass in passes)
        {
            var stem = passes.Length > 1 ? "detailed_report_" + pass.Number.ToString(CultureInfo.InvariantCulture) : "detailed_report";
            using (var json = File.Create(Path.Combine(output.FullName, stem + ".json")))
            {
                RctabDetailedReport.WriteJson(json, run.Config!, pass);
            }

            using (var csv = new StreamWriter(Path.Combine(output.FullName, stem + ".csv"), false, new UTF8Encoding(false)))
            {
                RctabDetailedReport.WriteCsv(csv, run.Config!, pass);
            }

            foreach (var slice in pass.Slices)
            {
                var kind = slice.Kind == RcvSliceKind.Precinct ? "precinct" : "batch";
                var folder = Directory.CreateDirectory(Path.Combine(output.FullName, slice.Kind == RcvSliceKind.Precinct ? "Tabulate by Precinct" : "Tabulate by Batch"));
                var name = Path.Combine(folder.FullName, $"{RctabDetailedReport.SanitizeSliceId(slice.Id)}_{kind}_{stem}");
                using (var json = File.Create(name + ".json"))
                {
                    RctabDetailedReport.WriteJson(json, run.Config!, pass, slice);
                }

                using var sliceCsv = new StreamWriter(name + ".csv", false, new UTF8Encoding(false));
                RctabDetailedReport.WriteCsv(sliceCsv, run.Config!, pass, slice);
            }
        }

        Console.Out.WriteLine("Winners: " + string.Join(", ", run.Result.Winners));
        return ExitCodes.Ok;
    }
}
