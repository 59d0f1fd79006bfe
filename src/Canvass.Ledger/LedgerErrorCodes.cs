namespace Canvass.Ledger;

/// <summary>The stable error codes carried by <see cref="LedgerError"/>.</summary>
public static class LedgerErrorCodes
{
    /// <summary>The input does not follow the text or binary format (note, checkpoint, key, proof bundle, JSON).</summary>
    public const string Malformed = "malformed";

    /// <summary>A signature from a configured key did not verify (the whole note is rejected).</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>No signature in the note came from a configured key.</summary>
    public const string NoVerifiedSignature = "no_verified_signature";

    /// <summary>A hash (leaf, root or proof element) is not 32 bytes long.</summary>
    public const string WrongHashLength = "wrong_hash_length";

    /// <summary>The leaf index is not below the tree size, or a tree size is zero where it must not be.</summary>
    public const string IndexOutOfRange = "index_out_of_range";

    /// <summary>The proof has more or fewer hashes than the sizes require.</summary>
    public const string WrongProofLength = "wrong_proof_length";

    /// <summary>The root computed from the proof differs from the trusted root.</summary>
    public const string RootMismatch = "root_mismatch";

    /// <summary>A record's proof gives a leaf that does not hold the record at its place, or holds too few or too many records.</summary>
    public const string LeafMismatch = "leaf_mismatch";

    /// <summary>The first tree size is larger than the second, or is zero (no proof is defined).</summary>
    public const string InvalidSizes = "invalid_sizes";

    /// <summary>The checkpoint origin is not the one expected for this log.</summary>
    public const string OriginMismatch = "origin_mismatch";

    /// <summary>The note verified but the log key's signature is missing, or too few witnesses cosigned.</summary>
    public const string PolicyNotSatisfied = "policy_not_satisfied";
}
