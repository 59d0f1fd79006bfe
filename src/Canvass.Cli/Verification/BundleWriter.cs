using System.Text;
using Canvass.Cli.Imports;
using Canvass.Domain.Events;
using Canvass.Formats.Nist.ElectionReport;
using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>Writes an offline verification bundle: plain files that need no Canvass to check.</summary>
internal static class BundleWriter
{
    /// <summary>Writes the bundle into <paramref name="directory"/>; returns what it holds and the log's verifier key.</summary>
    public static async Task<(long Entries, int Imports, long Ballots, string VerifierKey)> WriteAsync(ElectionSession session, string directory, CancellationToken ct)
    {
        var store = session.Store;
        var identity = await store.GetLogIdentityAsync(ct) ?? throw new InvalidOperationException("This store has no log.");
        var checkpoint = await store.GetCheckpointAsync(ct) ?? throw new InvalidOperationException("No checkpoint has been signed.");
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        Directory.CreateDirectory(Path.Combine(directory, BundleLogSource.CvrDirectory));

        // The checkpoint first: every entry it covers is then written, and nothing after it.
        var size = checked((long)Ledger.Checkpoint.Parse(Ledger.Note.Parse(Encoding.UTF8.GetBytes(checkpoint)).GetValueOrThrow().Text).GetValueOrThrow().TreeSize);
        await File.WriteAllTextAsync(Path.Combine(directory, BundleLogSource.CheckpointFile), checkpoint, ct);
        await File.WriteAllTextAsync(Path.Combine(directory, BundleLogSource.KeyFile), identity.VerifierKey + "\n", ct);
        long entries = 0;
        await using (var writer = new StreamWriter(Path.Combine(directory, BundleLogSource.EntriesFile), false, new UTF8Encoding(false)))
        {
            writer.NewLine = "\n";
            await foreach (var entry in store.ReadLogAsync(0, size, ct))
            {
                await writer.WriteLineAsync(Convert.ToBase64String(entry.Leaf ?? throw new InvalidDataException($"Entry {entry.Index} cannot be encoded: {entry.Error}")));
                entries++;
            }
        }

        var imports = 0;
        long ballots = 0;
        await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, ct))
        {
            if (e.Position > size || e.Event is not CvrsCommitted c)
            {
                continue;
            }

            await using var file = new FileStream(Path.Combine(directory, BundleLogSource.CvrDirectory, c.ImportId + ".jsonl"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            await foreach (var ballot in store.ReadImportBallotsAsync(c.ImportId, ct))
            {
                file.Write(CvrRecordEncoding.Encode(ballot));
                file.WriteByte((byte)'\n');
                ballots++;
            }

            imports++;
        }

        await using (var election = File.Create(Path.Combine(directory, "election.json")))
        {
            ElectionReportWriter.WriteJson(election, session.Definition!, null,
                new ElectionReportOptions(TimeProvider.System.GetUtcNow(), ElectionReportStatus.PreElection));
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "README.md"), Readme(identity, size), ct);
        return (entries, imports, ballots, identity.VerifierKey);
    }

    private static string Readme(LogIdentity identity, long size) => $"""
        # Canvass verification bundle

        Log `{identity.Origin}`, {size} entries. Verifier key: `{identity.VerifierKey}`
        (compare it with the key the election authority publishes).

        | file | what |
        | --- | --- |
        | `log/checkpoint` | the signed checkpoint (C2SP tlog-checkpoint in a signed note) |
        | `log/verifier.vkey` | the log's Ed25519 verifier key (C2SP vkey text) |
        | `log/entries.b64` | one line per log entry, in order: the entry bytes in standard base64; leaf hash = SHA-256(0x00 ‖ bytes) |
        | `cvrs/IMPORT.jsonl` | the committed ballots of each CVR import, one `canvass-cvr-record.v1` record per line, in file order |
        | `election.json` | the election definition as a NIST SP 1500-100 report (the authoritative copy is entry 0 of the log) |

        With Canvass: `canvass verify --bundle .` (add `--key VKEY` to pin the key).
        Without it: recompute the RFC 9162 root of the entries, check the checkpoint's signature and root, and for each
        `cvrs-committed` entry recompute the Merkle root of its `.jsonl` records, each encoded and grouped into leaves as
        the entry's `recordEncoding` says (not the `.jsonl` lines as they are). See Canvass's docs/verification.md,
        "Committed ballots".

        """;
}
