using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass init --store PATH --election FILE</c>: create a store and define its election.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var election = new Option<FileInfo>("--election", "-e")
        {
            Description = "The election definition: a NIST SP 1500-100 v2 ElectionReport (.json or .xml).",
            Required = true,
        };
        var command = new Command("init", "Create a store and define its election from a NIST SP 1500-100 election report.")
        {
            store, election, json,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var file = parse.GetValue(election)!;
            if (!file.Exists)
            {
                return Task.FromResult(output.Problem(ProblemCodes.Unreadable, $"No such file: {file.FullName}", file.FullName));
            }

            return StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: false, mustExist: false, async session =>
            {
                var outcome = await ElectionImporter.ImportAsync(session, file.FullName, ct);
                return ImportReporting.Report(output, [outcome]);
            }, ct);
        });
        return command;
    }
}
