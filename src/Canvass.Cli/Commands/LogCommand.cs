using System.CommandLine;
using System.Globalization;
using System.Text;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Cli.Verification;
using Canvass.Domain;
using Canvass.Ledger;
using Canvass.Storage;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass log key|checkpoint|entries|prove|consistency|prove-ballot</c>: the election's transparency log, in
/// the C2SP text forms any independent implementation can read.</summary>
internal static class LogCommand
{
    public static Command Create()
    {
        var command = new Command("log", "Read the election's tamper-evident log: its key, signed checkpoint, entries and proofs.");
        command.Subcommands.Add(Key());
        command.Subcommands.Add(Checkpoint());
        command.Subcommands.Add(Entries());
        command.Subcommands.Add(Prove());
        command.Subcommands.Add(Consistency());
        command.Subcommands.Add(ProveBallot());
        return command;
    }

    private static Command Key()
    {
        var store = CommonOptions.Store();
        var command = new Command("key", "Print the log's verifier key (C2SP vkey text): give it to observers so they can check checkpoints.") { store };
        command.SetAction((parse, ct) => Run(parse.GetValue(store), ct, async (output, s) =>
        {
            var identity = await s.Store.GetLogIdentityAsync(ct);
            if (identity is null)
            {
                return output.Problem(ProblemCodes.NoElection, "This store has no log yet; run 'canvass init'.");
            }

            output.Out.WriteLine(identity.VerifierKey);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Checkpoint()
    {
        var store = CommonOptions.Store();
        var command = new Command("checkpoint", "Print the latest signed checkpoint, byte for byte (C2SP tlog-checkpoint in a signed note).") { store };
        command.SetAction((parse, ct) => Run(parse.GetValue(store), ct, async (output, s) =>
        {
            var checkpoint = await s.Store.GetCheckpointAsync(ct);
            if (checkpoint is null)
            {
                return output.Problem(ProblemCodes.NoElection, "No checkpoint has been signed yet.");
            }

            output.Out.Write(checkpoint);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Entries()
    {
        var store = CommonOptions.Store();
        var from = new Option<long>("--from") { Description = "First leaf index (0-based).", DefaultValueFactory = _ => 0 };
        var to = new Option<long?>("--to") { Description = "Stop before this leaf index (default: the log's size)." };
        var command = new Command("entries", "Print one line per leaf: the entry bytes in standard base64 (what is hashed after the 0x00 prefix).") { store, from, to };
        command.SetAction((parse, ct) => Run(parse.GetValue(store), ct, async (output, s) =>
        {
            var size = await s.Store.GetLogSizeAsync(ct);
            var end = Math.Min(parse.GetValue(to) ?? size, size);
            var start = parse.GetValue(from);
            if (start < 0 || start > end)
            {
                return output.Problem(ProblemCodes.BadValue, $"--from must be between 0 and {end}.");
            }

            await foreach (var entry in s.Store.ReadLogAsync(start, end, ct))
            {
                if (entry.Leaf is null)
                {
                    await output.Error.WriteLineAsync($"error: leaf {entry.Index} (position {entry.Position}) cannot be encoded: {entry.Error}");
                    return ExitCodes.Failed;
                }

                output.Out.WriteLine(Convert.ToBase64String(entry.Leaf));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Prove()
    {
        var store = CommonOptions.Store();
        var index = new Option<long>("--index") { Description = "The leaf index (0-based; an event's position minus one).", Required = true };
        var size = new Option<long?>("--size") { Description = "The tree size to prove against (default: the latest checkpoint's). A checkpoint must have been signed at that size." };
        var command = new Command("prove", "Print an inclusion proof as a C2SP tlog-proof bundle (index, proof hashes, signed checkpoint).") { store, index, size };
        command.SetAction((parse, ct) => Run(parse.GetValue(store), ct, async (output, s) =>
        {
            var (note, treeSize, problem) = await CheckpointAsync(s.Store, parse.GetValue(size), ct);
            if (problem is not null)
            {
                return output.Problem(ProblemCodes.BadValue, problem);
            }

            var i = parse.GetValue(index);
            if (i < 0 || i >= treeSize)
            {
                return output.Problem(ProblemCodes.BadValue, $"--index must be below the tree size {treeSize}.");
            }

            var proof = await s.Store.ProveInclusionAsync(i, treeSize, ct);
            output.Out.Write(new TlogProof((ulong)i, proof, note!).ToString());
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Consistency()
    {
        var store = CommonOptions.Store();
        var from = new Option<long>("--from") { Description = "The older tree size.", Required = true };
        var to = new Option<long?>("--to") { Description = "The newer tree size (default: the latest checkpoint's)." };
        var command = new Command("consistency",
            "Print a consistency proof in the tlog-witness add-checkpoint form: 'old N', the proof hashes, a blank line, the newer signed checkpoint.")
        {
            store, from, to,
        };
        command.SetAction((parse, ct) => Run(parse.GetValue(store), ct, async (output, s) =>
        {
            var (note, treeSize, problem) = await CheckpointAsync(s.Store, parse.GetValue(to), ct);
            if (problem is not null)
            {
                return output.Problem(ProblemCodes.BadValue, problem);
            }

            var old = parse.GetValue(from);
            if (old < 0 || old > treeSize)
            {
                return output.Problem(ProblemCodes.BadValue, $"--from must be between 0 and {treeSize}.");
            }

            IReadOnlyList<byte[]> proof = old == 0 || old == treeSize ? [] : await s.Store.ProveConsistencyAsync(old, treeSize, ct);
            output.Out.Write(new AddCheckpointRequest((ulong)old, proof, note!).ToString());
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ProveBallot()
    {
        var store = CommonOptions.Store();
        // The receipt is a text format that 'verify --receipt' reads, so --json changes only how problems are printed.
        var json = new Option<bool>("--json") { Description = "Print problems as JSON; the receipt itself is always text, the form 'canvass verify --receipt' reads." };
        var ballot = new Option<string>("--ballot") { Description = "The ballot id.", Required = true };
        var command = new Command("prove-ballot",
            "Prove that one ballot's cast vote record belongs to its import's commitment, and that the commitment is in the log.")
        {
            store, ballot, json,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            return StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: true, mustExist: true, async s =>
            {
                var id = parse.GetValue(ballot)!;

                // A receipt is printed only once it passes the check 'canvass verify --receipt' makes with the log's key:
                // a store whose ballots or log were changed outside Canvass would hand out evidence that fails there.
                BallotReceipt receipt;
                try
                {
                    var location = await s.Store.FindBallotAsync(id, ct);
                    if (location is null)
                    {
                        return output.Problem(ProblemCodes.UnknownReference, $"No ballot '{id}' in this store.");
                    }

                    receipt = await BallotReceipt.CreateAsync(s, location, ct);
                }
                catch (InvalidDataException e)
                {
                    // A page or event that no longer decodes: the same failed check, said in words, not a system error.
                    return output.Failure(new Problem(ProblemCodes.Inconsistent,
                        $"ballot {id} cannot be proven from this store: {e.Message} The store was changed outside Canvass. No receipt was printed; 'canvass verify' says what differs."));
                }

                if (await SelfCheckAsync(s.Store, receipt, ct) is { } failure)
                {
                    return output.Failure(new Problem(ProblemCodes.Inconsistent, failure + " No receipt was printed; 'canvass verify' says what differs."));
                }

                output.Out.Write(receipt.ToText());
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary>Why <paramref name="receipt"/>, made from <paramref name="store"/>, does not prove what it claims under
    /// the store's log key and origin; null when it does.</summary>
    private static async Task<string?> SelfCheckAsync(ICanvassStore store, BallotReceipt receipt, CancellationToken ct)
    {
        if (receipt.VerifyCommitment() is { } commitment)
        {
            return $"ballot {receipt.BallotId} as stored does not match the log: {commitment}. The stored ballot or its page was changed after import {receipt.ImportId} was committed.";
        }

        var identity = await store.GetLogIdentityAsync(ct);
        var inLog = identity is not null && NoteVerifier.Parse(identity.VerifierKey) is { IsSuccess: true } key
            ? receipt.VerifyInLog(identity.Origin, key.Value)
            : "this store has no valid log key";
        return inLog is null ? null
            : $"the commitment of import {receipt.ImportId} does not match the store's signed log: {inLog}. The store's events, hashes or checkpoints were changed outside Canvass.";
    }

    /// <summary>The signed checkpoint at <paramref name="size"/> (or the latest), parsed.</summary>
    internal static async Task<(Note? Note, long Size, string? Problem)> CheckpointAsync(ICanvassStore store, long? size, CancellationToken ct)
    {
        var text = size is { } n ? await store.GetCheckpointAsync(n, ct) : await store.GetCheckpointAsync(ct);
        if (text is null)
        {
            return (null, 0, size is { } m ? await NoCheckpointAtAsync(store, m, ct) : "No checkpoint has been signed yet.");
        }

        var note = Note.Parse(Encoding.UTF8.GetBytes(text));
        if (!note.IsSuccess)
        {
            return (null, 0, "The stored checkpoint is not a signed note: " + note.Error!.Message);
        }

        var checkpoint = Ledger.Checkpoint.Parse(note.Value.Text);
        return checkpoint.IsSuccess
            ? (note.Value, (long)checkpoint.Value.TreeSize, null)
            : (null, 0, "The stored checkpoint cannot be parsed: " + checkpoint.Error!.Message);
    }

    /// <summary>Why no checkpoint is at <paramref name="size"/>, and the sizes nearest it that have one.</summary>
    private static async Task<string> NoCheckpointAtAsync(ICanvassStore store, long size, CancellationToken ct)
    {
        long? below = null, above = null;
        await foreach (var text in store.ReadCheckpointsAsync(ct))
        {
            var note = Note.Parse(Encoding.UTF8.GetBytes(text));
            if (!note.IsSuccess || Ledger.Checkpoint.Parse(note.Value.Text) is not { IsSuccess: true } checkpoint)
            {
                continue;
            }

            var at = checked((long)checkpoint.Value.TreeSize);
            if (at < size)
            {
                below = Math.Max(at, below ?? at);
            }
            else if (at > size)
            {
                above = Math.Min(at, above ?? at);
            }
        }

        var c = CultureInfo.InvariantCulture;
        var missing = $"No checkpoint was signed at size {size.ToString(c)}";
        return (below, above) switch
        {
            ({ } b, { } a) => $"{missing}: one is signed where each append ends, and one append can add several entries (the demo's "
                + $"2020 timeline, an audit round's closing with its results), so the sizes inside it have none. The nearest sizes that "
                + $"have one are {b.ToString(c)} and {a.ToString(c)}.",
            ({ } b, null) => $"{missing}: the latest is at size {b.ToString(c)}.",
            (null, { } a) => $"{missing}: the first is at size {a.ToString(c)}.",
            _ => missing + ".",
        };
    }

    private static Task<int> Run(string? store, CancellationToken ct, Func<Output, ElectionSession, Task<int>> body)
    {
        var output = new Output(Console.Out, Console.Error, json: false);
        return StoreCommand.RunAsync(output, store, requireElection: false, mustExist: true, s => body(output, s), ct);
    }
}
