using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Cli.Verification;
using Canvass.Domain;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass verify (--store S | --bundle DIR) [--key VKEY] [--state FILE]</c>.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var bundle = new Option<DirectoryInfo?>("--bundle") { Description = "Verify an exported bundle (canvass export bundle) instead of a store." };
        var key = new Option<string?>("--key") { Description = "The log's verifier key to trust (C2SP vkey text). Default: the key this verifier trusted before, or the log's own on first use." };
        var stateFile = new Option<string?>("--state") { Description = "Where this verifier remembers keys and checkpoints (default ~/.canvass/verifier-state.json, or $CANVASS_VERIFIER_STATE)." };
        var command = new Command("verify",
            "Check the election's log without trusting the server: tree, signature, consistency with checkpoints seen before, CVR commitments, re-tabulation. Exit 1 names the first failure.")
        {
            store, bundle, key, stateFile, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var statePath = VerifierState.ResolvePath(parse.GetValue(stateFile));
            var state = VerifierState.Load(statePath);
            var pinned = parse.GetValue(key);
            if (parse.GetValue(bundle) is { } dir)
            {
                if (!dir.Exists)
                {
                    return output.Problem(ProblemCodes.Unreadable, $"No bundle at {dir.FullName}.", dir.FullName);
                }

                return await Report(output, await new Verifier(new BundleLogSource(dir.FullName), state, pinned).VerifyAsync(ct), state, statePath);
            }

            return await StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: false, mustExist: true, async session =>
            {
                var source = new StoreLogSource(session.Store, StoreLocation.Describe(StoreLocation.Resolve(parse.GetValue(store))));
                return await Report(output, await new Verifier(source, state, pinned).VerifyAsync(ct), state, statePath);
            }, ct);
        });
        return command;
    }

    private static Task<int> Report(Output output, VerificationReport report, VerifierState state, string statePath)
    {
        if (report.Ok)
        {
            state.Save(statePath);
        }

        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.VerificationReport);
        }
        else
        {
            foreach (var note in report.Notes)
            {
                output.Out.WriteLine("note: " + note);
            }

            (report.Ok ? output.Out : output.Error).WriteLine(Verifier.Describe(report));
            if (report.Tabulation is { } t)
            {
                output.Out.WriteLine();
                output.Out.WriteLine("Re-tabulated from the committed ballots and reported totals:");
                TabulateCommand.Print(output, t);
            }
        }

        return Task.FromResult(report.Ok ? ExitCodes.Ok : ExitCodes.Failed);
    }
}
