using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Cli.Finality;
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
        var url = new Option<string?>("--url") { Description = "Verify a bundle published on the web: the URL under which log/checkpoint, log/entries.b64 and cvrs/ are served." };
        var receipt = new Option<FileInfo?>("--receipt") { Description = "Verify a ballot receipt (canvass log prove-ballot) instead: needs --key, or a key this verifier trusted before." };
        var stateFile = CommonOptions.RefuseEmpty(new Option<string?>("--state") { Description = "Where this verifier remembers keys and checkpoints (default ~/.canvass/verifier-state.json, or $CANVASS_VERIFIER_STATE)." });
        var command = new Command("verify",
            "Check the election's log without trusting the server: tree, signature, consistency with checkpoints seen before, CVR commitments, re-tabulation; then say what is final under each policy. Exit 1 names the first failure.")
        {
            store, bundle, url, receipt, key, stateFile, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var statePath = VerifierState.ResolvePath(parse.GetValue(stateFile));
            if (OutputPath.File(statePath, "--state") is { } badState)
            {
                return output.Problem(badState);
            }

            if (VerifierState.Load(statePath) is not { } state)
            {
                return output.Problem(ProblemCodes.Malformed,
                    $"Not a verifier's state (the JSON file 'canvass verify' keeps of the keys and checkpoints it has seen); give --state another file, or move this one away to start afresh.",
                    statePath);
            }

            var pinned = parse.GetValue(key);
            if (pinned is not null && Ledger.NoteVerifier.Parse(pinned) is { IsSuccess: false } badKey)
            {
                // A key that is not a key is a mistake in the command line, not a log presenting another key.
                return output.Problem(ProblemCodes.BadValue, "--key is not a C2SP verifier key (NAME+HASH+KEY, as 'canvass log key' prints it): " + badKey.Error!.Message);
            }

            if (parse.GetValue(receipt) is { } receiptFile)
            {
                return VerifyReceipt(output, receiptFile, pinned, state);
            }

            if (parse.GetValue(url) is { } urlText)
            {
                if (!Uri.TryCreate(urlText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    return output.Problem(ProblemCodes.BadValue, $"--url must be an http or https URL, not '{urlText}'.");
                }

                var baseUri = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
                using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
                return await Report(output, await new Verifier(new HttpLogSource(http, baseUri), state, pinned, TimeProvider.System).VerifyAsync(ct), state, statePath);
            }

            if (parse.GetValue(bundle) is { } dir)
            {
                if (!dir.Exists)
                {
                    return output.Problem(ProblemCodes.Unreadable, $"No bundle at {dir.FullName}.", dir.FullName);
                }

                return await Report(output, await new Verifier(new BundleLogSource(dir.FullName), state, pinned, TimeProvider.System).VerifyAsync(ct), state, statePath);
            }

            try
            {
                return await StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: false, mustExist: true, async session =>
                {
                    var source = new StoreLogSource(session.Store, StoreLocation.Describe(StoreLocation.Resolve(parse.GetValue(store))));
                    return await Report(output, await new Verifier(source, state, pinned, TimeProvider.System).VerifyAsync(ct), state, statePath);
                }, ct);
            }
            catch (InvalidDataException e)
            {
                // A row that no longer reads as its event stops the store's own reading before the verifier's: a failed
                // check all the same, said as verify says its failures.
                output.Error.WriteLine("FAILED: " + e.Message);
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static int VerifyReceipt(Output output, FileInfo file, string? pinned, VerifierState state)
    {
        if (!file.Exists)
        {
            return output.Problem(ProblemCodes.Unreadable, $"No receipt at {file.FullName}.", file.FullName);
        }

        var (receipt, error) = BallotReceipt.Parse(File.ReadAllText(file.FullName));
        if (receipt is null)
        {
            return output.Problem(ProblemCodes.Malformed, error!, file.FullName);
        }

        var trusted = pinned ?? (state.Logs.TryGetValue(receipt.Origin, out var known) ? known.VerifierKey : null);
        if (trusted is null)
        {
            return output.Problem(ProblemCodes.BadValue, $"No trusted key for log {receipt.Origin}: pass the key the election authority publishes with --key.");
        }

        var key = Ledger.NoteVerifier.Parse(trusted);
        if (!key.IsSuccess)
        {
            return output.Problem(ProblemCodes.BadValue, "--key is not a C2SP verifier key: " + key.Error!.Message);
        }

        var failure = Verifier.KeyOfAnotherLog(key.Value, receipt.Origin) ?? receipt.Verify(key.Value) ?? Equivocation(receipt, state);
        if (output.Json)
        {
            output.WriteJson(new ReceiptVerificationReport(failure is null, receipt.BallotId, receipt.Index, receipt.Count, receipt.ImportId, receipt.Origin, failure),
                CliJsonContext.Default.ReceiptVerificationReport);
            return failure is null ? ExitCodes.Ok : ExitCodes.Failed;
        }

        if (failure is not null)
        {
            output.Error.WriteLine($"FAILED: ballot {receipt.BallotId}: {failure}");
            return ExitCodes.Failed;
        }

        output.Out.WriteLine($"verified: ballot {receipt.BallotId} is record {receipt.Index} of {receipt.Count} committed by import {receipt.ImportId}, which is in log {receipt.Origin} under a checkpoint signed by the trusted key");
        return ExitCodes.Ok;
    }

    /// <summary>Why a receipt whose proof holds still cannot be trusted: its checkpoint has the size of one this
    /// verifier verified before but another root, so the log's key signed two histories (a receipt handed out from a
    /// forked or rewritten copy). A checkpoint of another size is not compared: that needs a consistency proof, which
    /// <c>verify --store/--bundle/--url</c> checks.</summary>
    private static string? Equivocation(Verification.BallotReceipt receipt, VerifierState state)
    {
        if (!state.Logs.TryGetValue(receipt.Origin, out var known)
            || Ledger.Checkpoint.Parse(receipt.EntryProof.Checkpoint.Text) is not { IsSuccess: true } parsed)
        {
            return null;
        }

        var size = checked((long)parsed.Value.TreeSize);
        var root = Convert.ToHexStringLower(parsed.Value.RootHash);
        return known.Checkpoints.FirstOrDefault(c => c.Size == size && !string.Equals(c.Root, root, StringComparison.Ordinal)) is { } seen
            ? $"the receipt's checkpoint (size {size}, root {root}) contradicts the checkpoint this verifier verified at that size (root {seen.Root}): the log's key signed two different histories"
            : null;
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

            if (report.Finality is { } f)
            {
                output.Out.WriteLine();
                if (f.Contests.Count == 0)
                {
                    output.Out.WriteLine("Finality: the log records no call, concession, certification or other fact for any contest.");
                }
                else
                {
                    output.Out.WriteLine($"Finality at {FinalityText.When(f.At)}, from the facts and jurisdiction rules in the verified log:");
                    FinalityText.Print(output, f.Contests);
                }
            }
        }

        return Task.FromResult(report.Ok ? ExitCodes.Ok : ExitCodes.Failed);
    }
}
