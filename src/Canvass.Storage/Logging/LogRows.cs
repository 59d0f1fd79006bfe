using System.Globalization;
using System.Text;
using Canvass.Ledger;

namespace Canvass.Storage.Logging;

/// <summary>What both stores share about the transparency log: the stored form of <c>recorded_at</c>, entries rebuilt
/// from stored rows, the log-key check and checkpoint signing.</summary>
internal static class LogRows
{
    private static readonly string[] RecordedAtFormats = ["yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"];

    /// <summary>The text form of <c>recorded_at</c> in both engines: round-trip ("O") of the UTC instant, 7 fractional
    /// digits, so the stored value gives back the same ticks and therefore the same leaf.</summary>
    public static string FormatRecordedAt(DateTimeOffset recordedAt) =>
        recordedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Parses a stored <c>recorded_at</c>.</summary>
    public static DateTimeOffset ParseRecordedAt(string text) =>
        DateTimeOffset.ParseExact(text, RecordedAtFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Reads the stored event at <paramref name="position"/> with <paramref name="read"/>; a row that no longer
    /// reads as its event (its JSON or time was changed outside Canvass) is an <see cref="InvalidDataException"/> naming
    /// the position, not the serializer's own exception.</summary>
    public static StoredEvent Read(long position, string type, Func<StoredEvent> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or NotSupportedException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException(
                $"the stored event at position {position} ({type}) cannot be read ({e.Message}); the store was changed outside Canvass: 'canvass verify' says what differs from the signed log.", e);
        }
    }

    /// <summary>The entry bytes of a stored row.</summary>
    /// <exception cref="FormatException">The row can no longer be encoded.</exception>
    public static byte[] Encode(long position, string streamId, long version, string type, string data, string recordedAt)
    {
        try
        {
            return LeafEncoding.Encode(position, streamId, version, type, ParseRecordedAt(recordedAt), Encoding.UTF8.GetBytes(data));
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>The log entry of a stored row; a row that cannot be encoded gives an entry with <see cref="LogEntry.Error"/>.</summary>
    public static LogEntry ToEntry(long position, string streamId, long version, string type, string data, string recordedAt)
    {
        try
        {
            return new LogEntry(position - 1, position, Encode(position, streamId, version, type, data, recordedAt), null);
        }
        catch (FormatException e)
        {
            return new LogEntry(position - 1, position, null, e.Message);
        }
    }

    /// <summary>Throws unless appends may proceed: no identity yet, or <paramref name="signer"/> is the log's key.</summary>
    /// <exception cref="InvalidOperationException">The log is initialized and <paramref name="signer"/> is not its key.</exception>
    public static void RequireSigner(LogIdentity? identity, NoteSigner? signer)
    {
        if (identity is not null && !IsLogKey(identity, signer))
        {
            throw new InvalidOperationException($"this store's log is signed by {KeyName(identity.VerifierKey)}; open it with that log key to append.");
        }
    }

    /// <summary>Whether <paramref name="signer"/> is the key of the log <paramref name="identity"/>.</summary>
    public static bool IsLogKey(LogIdentity identity, NoteSigner? signer) =>
        signer is not null && string.Equals(signer.Verifier.ToString(), identity.VerifierKey, StringComparison.Ordinal);

    /// <summary>Checks an identity before it is stored.</summary>
    /// <exception cref="ArgumentException">The origin or the verifier key is malformed.</exception>
    public static void Validate(LogIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (string.IsNullOrEmpty(identity.Origin) || identity.Origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The log origin is a non-empty single line.", nameof(identity));
        }

        var key = NoteVerifier.Parse(identity.VerifierKey ?? string.Empty);
        if (!key.IsSuccess || !string.Equals(key.Value.ToString(), identity.VerifierKey, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The log verifier key is not a canonical C2SP verifier key: {key.Error?.Message}", nameof(identity));
        }
    }

    /// <summary>Throws unless <paramref name="tree"/>, the persisted tree before an append, extends
    /// <paramref name="latest"/>, the latest stored checkpoint: signed by this log's key and origin, at a size the tree
    /// reaches, with the root the tree has at that size, and covering every entry stored before this append's own (the
    /// first <paramref name="before"/>). Without this, whoever can write the database but does not hold the key could put
    /// a rewritten history (its events and its hashes) in place, or add entries, or delete the checkpoint of entries
    /// that were added, and the next ordinary append would sign it with the real key.</summary>
    /// <param name="identity">The log.</param>
    /// <param name="signer">The log's key.</param>
    /// <param name="latest">The latest stored checkpoint, or null when the store has none.</param>
    /// <param name="tree">The persisted tree, before this append's entries.</param>
    /// <param name="before">The entries stored before this append's own.</param>
    /// <param name="starting">True for <c>InitializeLogAsync</c>, which starts the log by signing the tree as it stands:
    /// a log that has no checkpoint yet gets its first. Any other append needs one to extend.</param>
    /// <exception cref="LogIntegrityException">The stored log does not extend its latest checkpoint.</exception>
    public static void RequireExtendsCheckpoint(LogIdentity identity, NoteSigner signer, string? latest, MerkleTree tree, long before, bool starting)
    {
        if (latest is null)
        {
            if (starting)
            {
                return;
            }

            throw new LogIntegrityException(
                $"refusing to sign: this store's log has no signed checkpoint, so its {tree.Size} entries are covered by none: either "
                + "its checkpoints were deleted, or the log was initialized by a program without its key. "
                + "Run 'canvass verify' and restore the store from a copy you trust.");
        }

        var opened = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(latest), identity.Origin, signer.Verifier);
        if (!opened.IsSuccess)
        {
            throw new LogIntegrityException(
                $"refusing to sign: the store's latest checkpoint is not one this log's key signed ({opened.Error!.Message}); "
                + "the checkpoints were changed outside Canvass. Run 'canvass verify' and restore the store from a copy you trust.");
        }

        var size = checked((long)opened.Value.Checkpoint.TreeSize);
        if (size > tree.Size)
        {
            throw new LogIntegrityException(
                $"refusing to sign: the log's stored hashes cover {tree.Size} entries, but a checkpoint was signed at {size}; "
                + "the log was cut back outside Canvass. Run 'canvass verify' and restore the store from a copy you trust.");
        }

        if (!tree.RootAt(size).AsSpan().SequenceEqual(opened.Value.Checkpoint.RootHash))
        {
            throw new LogIntegrityException(
                $"refusing to sign: the stored log does not extend its last signed checkpoint (size {size}); its events or hashes "
                + "were changed outside Canvass after they were signed. Run 'canvass verify' and restore the store from a copy you trust.");
        }

        // Signing now would vouch for entries no checkpoint covers, whoever wrote them.
        var stored = Math.Max(tree.Size, before);
        if (size < stored)
        {
            throw new LogIntegrityException(
                $"refusing to sign: {UnsignedEntries.Describe(size, stored)}. Run 'canvass verify' and restore the store from a copy you trust.");
        }
    }

    /// <summary>Takes the key's memory <paramref name="file"/> (null: none kept) and checks it against
    /// <paramref name="tree"/>, whose first <paramref name="size"/> entries were stored before this append
    /// (<see cref="RequireExtendsSignedHead"/>); the caller writes it after its commit and disposes it either way.</summary>
    internal static SignedHeadFile.Held? TakeSignedHead(SignedHeadFile? file, LogIdentity identity, NoteSigner signer, MerkleTree tree, long size, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return null;
        }

        var held = file.Take(cancellationToken);
        try
        {
            RequireExtendsSignedHead(identity, signer, held, tree, size);
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Throws unless the first <paramref name="size"/> entries of <paramref name="tree"/>, those stored before an
    /// append, extend the last checkpoint the key recorded in <paramref name="memory"/> that it signed: whatever this store
    /// holds, the key never signs a history that does not contain the one it signed before.</summary>
    /// <param name="identity">The log.</param>
    /// <param name="signer">The log's key.</param>
    /// <param name="memory">The key's memory, taken.</param>
    /// <param name="tree">The tree, with or without this append's entries.</param>
    /// <param name="size">How many of its entries were stored before this append.</param>
    /// <exception cref="LogIntegrityException">The store's log is behind, or not the log, the key signed.</exception>
    internal static void RequireExtendsSignedHead(LogIdentity identity, NoteSigner signer, SignedHeadFile.Held memory, MerkleTree tree, long size)
    {
        if (memory.Recorded is not { } recorded)
        {
            return;
        }

        var path = memory.File.Path;
        var opened = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(recorded), identity.Origin, signer.Verifier);
        if (!opened.IsSuccess)
        {
            throw new LogIntegrityException(
                $"refusing to sign: {path}, where this log key keeps the last checkpoint it signed, does not hold a checkpoint of "
                + $"the log '{identity.Origin}' signed by it ({opened.Error!.Message}). It was changed, or belongs to another key. "
                + "If you know which checkpoint this key signed last, put it back; otherwise remove the file, and the next append "
                + "records a new one.");
        }

        var signed = checked((long)opened.Value.Checkpoint.TreeSize);
        if (signed > size)
        {
            throw new LogIntegrityException(
                $"refusing to sign: this log key last signed the log '{identity.Origin}' at size {signed} (recorded in {path}), "
                + $"and this store's log has only {size} entries: the store was put back to an earlier copy, or is another "
                + $"store than the one the key signed. Signing now would publish a second history under the same name. Append "
                + $"to the store that holds all {signed} entries; if that store is lost for good and you mean to continue from this "
                + $"copy, remove {path} first: everyone who followed the log will see the entries after {size} removed.");
        }

        if (!tree.RootAt(signed).AsSpan().SequenceEqual(opened.Value.Checkpoint.RootHash))
        {
            throw new LogIntegrityException(
                $"refusing to sign: this store's log at size {signed} is not what this log key signed at that size (recorded in "
                + $"{path}): the store is another history under the same name (a different copy, or a log rewritten before it was "
                + $"restored). Signing now would publish a second history. Append to the store the key signed; if you mean to "
                + $"continue from this one, remove {path} first: everyone who followed the log will see a fork.");
        }
    }

    /// <summary>Signs the checkpoint of the tree at <paramref name="size"/> leaves with root <paramref name="root"/>.</summary>
    /// <returns>The signed note text.</returns>
    public static string SignCheckpoint(LogIdentity identity, NoteSigner signer, long size, ReadOnlySpan<byte> root) =>
        SignedCheckpoint.Sign(new Checkpoint(identity.Origin, checked((ulong)size), root), signer).ToString();

    private static string KeyName(string verifierKey)
    {
        var plus = verifierKey.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? verifierKey : verifierKey[..plus];
    }
}
