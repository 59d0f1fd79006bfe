using System.CommandLine;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass import manifest FILE... [--jurisdiction NAME]</c>: ballot manifests in Arlo's CSV columns.</summary>
internal static class ImportManifestCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var logKey = LogOptions.LogKey();
        var files = new Argument<FileInfo[]>("files") { Description = "Ballot manifests (CSV: Jurisdiction, Container, Tabulator, Batch Name, Number of Ballots).", Arity = ArgumentArity.OneOrMore };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "The county of every batch, for a manifest without a Jurisdiction column (Arlo's per-jurisdiction upload)." };
        var command = new Command("manifest", "Import ballot manifests: each validated whole, checked against the county's committed CVRs, and committed with a Merkle root.")
        {
            store, logKey, json, files, jurisdiction,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            return ImportReporting.RunAsync(output, parse.GetValue(files)!, parse.GetValue(store), parse.GetValue(logKey), (session, file) =>
                ManifestImporter.ImportAsync(session, file.FullName, parse.GetValue(jurisdiction), ct), ct);
        });
        return command;
    }
}
