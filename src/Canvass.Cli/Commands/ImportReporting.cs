using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;

namespace Canvass.Cli.Commands;

/// <summary>Runs an import over its files, prints the outcomes and chooses the exit code.</summary>
internal static class ImportReporting
{
    /// <summary>
    /// Checks that every file exists (nothing is imported otherwise), then imports each in turn in one writing
    /// session and reports the outcomes.
    /// </summary>
    public static Task<int> RunAsync(
        Output output,
        IReadOnlyList<FileInfo> paths,
        string? store,
        string? logKey,
        Func<ElectionSession, FileInfo, Task<ImportOutcome>> importOne,
        CancellationToken ct)
    {
        var unreadable = paths.Select(f => InputFile.Check(f.FullName)).OfType<Problem>().ToList();
        if (unreadable.Count > 0)
        {
            return Task.FromResult(output.Problems("Some files cannot be read; nothing was imported.", unreadable));
        }

        return StoreCommand.RunWritingAsync(output, store, logKey, requireElection: true, async session =>
        {
            var outcomes = new List<ImportOutcome>();
            for (var i = 0; i < paths.Count; i++)
            {
                try
                {
                    outcomes.Add(await importOne(session, paths[i]));
                }
                catch (Exception) when (outcomes.Count > 0)
                {
                    // A failure of the system (a bad file is an outcome, not an exception) ends the run. The files before
                    // it were imported or not, each in its own transaction: say which, and which files were not reached,
                    // before the failure itself is reported.
                    Report(output, outcomes);
                    output.Error.WriteLine($"not imported: {paths[i].Name}{(i + 1 < paths.Count ? (paths.Count - i - 1 == 1 ? " and the file after it" : $" and the {paths.Count - i - 1} files after it") : "")}, because of the failure below");
                    throw;
                }
            }

            return Report(output, outcomes);
        }, ct);
    }

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
                var (one, many) = o.Kind switch
                {
                    "cvr" => ("ballot", "ballots"),
                    "results" => ("count", "counts"),
                    "manifest" => ("ballot in the manifest", "ballots in the manifest"),
                    _ => ("contest", "contests"),
                };
                var line = o.Status switch
                {
                    "imported" => $"imported  {o.File}: {Quantity.Of(o.Records, one, many)}",
                    "unchanged" => $"unchanged {o.File}: imported before (sha256 {o.Sha256[..16]}…); nothing stored",
                    _ => $"rejected  {o.File}: {Quantity.Of(o.Problems?.Count ?? 0, "problem")}; nothing stored",
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
