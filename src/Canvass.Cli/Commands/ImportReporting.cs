using Canvass.Cli.Common;
using Canvass.Cli.Imports;

namespace Canvass.Cli.Commands;

/// <summary>Prints import outcomes and chooses the exit code.</summary>
internal static class ImportReporting
{
    public static int Report(Output output, IReadOnlyList<ImportOutcome> outcomes)
    {
        var rejected = outcomes.Any(o => o.Rejected);
        if (output.Json)
        {
            output.WriteJson(outcomes.ToList(), CliJsonContext.Default.ListImportOutcome);
        }
        else
        {
            foreach (var o in outcomes)
            {
                var noun = o.Kind switch { "cvr" => "ballots", "results" => "counts", "manifest" => "ballots in the manifest", _ => "contests" };
                var line = o.Status switch
                {
                    "imported" => $"imported  {o.File}: {o.Records.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} {noun}",
                    "unchanged" => $"unchanged {o.File}: imported before (sha256 {o.Sha256[..16]}…); nothing stored",
                    _ => $"rejected  {o.File}: {o.Problems?.Count ?? 0} problem(s); nothing stored",
                };
                (o.Rejected ? output.Error : output.Out).WriteLine(line);
                foreach (var p in o.Problems ?? [])
                {
                    output.Error.WriteLine("  " + p);
                }
            }
        }

        return rejected ? ExitCodes.BadInput : ExitCodes.Ok;
    }
}
