using System.Buffers.Binary;

namespace Canvass.Ledger;

/// <summary>A signature line that verified under a configured key.</summary>
/// <param name="Verifier">The configured key.</param>
/// <param name="Signature">The signature line.</param>
public sealed record VerifiedSignature(NoteVerifier Verifier, NoteSignature Signature)
{
    /// <summary>Gets the cosignature timestamp (seconds since the Unix epoch) for a type-0x04 key; <see langword="null"/> otherwise.</summary>
    public ulong? Timestamp => Verifier.SignatureType == NoteKeyType.Cosignature
        ? BinaryPrimitives.ReadUInt64BigEndian(Signature.Signature)
        : null;
}
