using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass import cvr|results --store PATH FILE...</c>.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var command = new Command("import", "Import cast vote records or reported results into the store (each file all or nothing).");
        command.Subcommands.Add(CreateKind("cvr", "Import cast vote records: Canvass CSV (.csv), NIST SP 1500-103 JSON (.json) or XML (.xml)."));
        command.Subcommands.Add(CreateKind("results", "Import aggregated results: NIST SP 1500-100 vote counts (.json, .xml) or OpenElections CSV (.csv)."));
        command.Subcommands.Add(ImportManifestCommand.Create());
        return command;
    }

    private static Command CreateKind(string kind, string description)
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var logKey = LogOptions.LogKey();
        var files = new Argument<FileInfo[]>("files") { Description = "The files to import.", Arity = ArgumentArity.OneOrMore };
        var method = new Option<string>("--vote-method")
        {
            Description = "For NIST SP 1500-103 files, which carry no vote method: how these ballots were cast (a NIST CountItemType such as election-day, early, absentee-mail, provisional).",
            DefaultValueFactory = _ => "other",
            HelpName = "method",
        };

        // total, write-in and seats describe counts, not how a ballot was cast.
        method.AcceptOnlyFromAmong([.. CountItemTypes.All
            .Where(t => t is not (CountItemType.Total or CountItemType.WriteIn or CountItemType.Seats))
            .Select(t => t.ToNistName())]);
        var command = new Command(kind, description) { store, logKey, json, files };
        if (kind == "cvr")
        {
            command.Options.Add(method);
        }

        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            return ImportReporting.RunAsync(output, parse.GetValue(files)!, parse.GetValue(store), parse.GetValue(logKey), async (session, file) => kind == "cvr"
                ? await Progress.RunAsync(output, "Importing " + file.Name, p => CvrImporter.ImportAsync(session, file.FullName, p, ct, VoteMethod(parse.GetValue(method))))
                : await ResultsImporter.ImportAsync(session, file.FullName, ct), ct);
        });
        return command;
    }

    private static CountItemType VoteMethod(string? name) =>
        CountItemTypes.TryParse(name, out var type) ? type.Value : CountItemType.Other;
}
