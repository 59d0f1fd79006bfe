using System.Globalization;

namespace Canvass.Ledger;

/// <summary>
/// A k-of-n witness policy: a checkpoint is accepted when the log signed it and at least <see cref="Threshold"/>
/// distinct witnesses of <see cref="Witnesses"/> cosigned it (C2SP tlog-cosignature, Ed25519 type 0x04).
/// </summary>
/// <remarks>Without witnesses a log can show different views to different observers; immutable and thread-safe.</remarks>
public sealed class CosignaturePolicy
{
    /// <summary>Initializes a new instance of the <see cref="CosignaturePolicy"/> class.</summary>
    /// <param name="witnesses">The witness keys (type 0x04).</param>
    /// <param name="threshold">How many distinct witnesses must cosign, between 0 and the number of witnesses.</param>
    public CosignaturePolicy(IEnumerable<NoteVerifier> witnesses, int threshold)
    {
        ArgumentNullException.ThrowIfNull(witnesses);
        Witnesses = [.. witnesses];
        if (Witnesses.Any(w => w.SignatureType != NoteKeyType.Cosignature))
        {
            throw new ArgumentException("Witness keys are cosignature (0x04) keys.", nameof(witnesses));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, Witnesses.Count);
        Threshold = threshold;
    }

    /// <summary>Gets the witness keys.</summary>
    public IReadOnlyList<NoteVerifier> Witnesses { get; }

    /// <summary>Gets how many distinct witnesses must cosign.</summary>
    public int Threshold { get; }

    /// <summary>Checks that a verified note carries cosignatures from at least <see cref="Threshold"/> of the witnesses.</summary>
    /// <param name="note">A note verified with (at least) the witness keys.</param>
    /// <returns>Success or <see cref="LedgerErrorCodes.PolicyNotSatisfied"/>.</returns>
    public LedgerResult Check(VerifiedNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var count = Witnesses.Count(w => note.Verified.Any(v => v.Verifier.KeyId == w.KeyId
            && string.Equals(v.Verifier.Name, w.Name, StringComparison.Ordinal)
            && v.Verifier.PublicKey.SequenceEqual(w.PublicKey)));
        return count >= Threshold
            ? LedgerResult.Success
            : LedgerResult.Failure(LedgerErrorCodes.PolicyNotSatisfied, string.Create(CultureInfo.InvariantCulture, $"{count} of the required {Threshold} witnesses cosigned."));
    }

    /// <summary>Opens a signed checkpoint (log signature, origin, witness cosignatures) and applies the policy.</summary>
    /// <param name="note">The signed note bytes.</param>
    /// <param name="origin">The origin expected for this log.</param>
    /// <param name="logKey">The log's verifier key.</param>
    /// <returns>The signed checkpoint, or the error.</returns>
    public LedgerResult<SignedCheckpoint> Open(ReadOnlySpan<byte> note, string origin, NoteVerifier logKey)
    {
        var opened = SignedCheckpoint.Open(note, origin, logKey, Witnesses);
        if (!opened.IsSuccess)
        {
            return opened;
        }

        var check = Check(opened.Value.Note);
        return check.IsSuccess ? opened : LedgerResult<SignedCheckpoint>.Failure(check.Error);
    }
}
