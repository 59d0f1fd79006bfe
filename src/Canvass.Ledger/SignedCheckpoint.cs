namespace Canvass.Ledger;

/// <summary>A checkpoint together with the verified note that carries it (the log's signature and any verified cosignatures).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SignedCheckpoint
{
    private SignedCheckpoint(Checkpoint checkpoint, VerifiedNote note)
    {
        Checkpoint = checkpoint;
        Note = note;
    }

    /// <summary>Gets the checkpoint.</summary>
    public Checkpoint Checkpoint { get; }

    /// <summary>Gets the verified note.</summary>
    public VerifiedNote Note { get; }

    /// <summary>Signs a checkpoint with the log's key.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="logKey">The log's type-0x01 key (its name should equal the origin).</param>
    /// <returns>The signed note.</returns>
    public static Note Sign(Checkpoint checkpoint, NoteSigner logKey)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(logKey);
        return Ledger.Note.Sign(checkpoint.ToString(), logKey);
    }

    /// <summary>
    /// Opens a signed checkpoint: verifies the note with the log key and the optional witness keys, requires the log
    /// key's signature, parses the checkpoint strictly, and checks the origin (the origin never selects the key).
    /// </summary>
    /// <param name="note">The signed note bytes.</param>
    /// <param name="origin">The origin expected for this log.</param>
    /// <param name="logKey">The log's verifier key.</param>
    /// <param name="witnesses">Witness keys whose cosignatures should be verified too (a bad one rejects the note).</param>
    /// <returns>The signed checkpoint, or the error.</returns>
    public static LedgerResult<SignedCheckpoint> Open(ReadOnlySpan<byte> note, string origin, NoteVerifier logKey, IEnumerable<NoteVerifier>? witnesses = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(logKey);
        var verified = Ledger.Note.Open(note, [logKey, .. witnesses ?? []]);
        if (!verified.IsSuccess)
        {
            return LedgerResult<SignedCheckpoint>.Failure(verified.Error);
        }

        if (!verified.Value.IsSignedBy(logKey))
        {
            return LedgerResult<SignedCheckpoint>.Failure(LedgerErrorCodes.NoVerifiedSignature, "The note is not signed by the log's key.");
        }

        var checkpoint = Checkpoint.Parse(verified.Value.Text);
        if (!checkpoint.IsSuccess)
        {
            return LedgerResult<SignedCheckpoint>.Failure(checkpoint.Error);
        }

        if (!string.Equals(checkpoint.Value.Origin, origin, StringComparison.Ordinal))
        {
            return LedgerResult<SignedCheckpoint>.Failure(LedgerErrorCodes.OriginMismatch, $"The checkpoint origin is '{checkpoint.Value.Origin}', not '{origin}'.");
        }

        return LedgerResult<SignedCheckpoint>.Success(new SignedCheckpoint(checkpoint.Value, verified.Value));
    }
}
