using System.Globalization;
using System.Numerics;

namespace Canvass.Ledger;

/// <summary>
/// Verification of RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs, implemented as the RFC's
/// algorithms plus the length checks of tlog.md §2.2 and §3.2. A bad proof is a failed <see cref="LedgerResult"/>, never an exception.
/// </summary>
/// <remarks>Thread-safe. Hash lengths are checked: a hash that is not 32 bytes fails verification.</remarks>
public static class MerkleProofs
{
    /// <summary>Verifies that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="size"/> leaves whose root is <paramref name="root"/>.</summary>
    /// <param name="leafHash">The leaf hash SHA-256(0x00 || entry), computed by the verifier.</param>
    /// <param name="index">The zero-based leaf index.</param>
    /// <param name="size">The tree size.</param>
    /// <param name="proof">The inclusion path, leaf sibling first.</param>
    /// <param name="root">The trusted root hash (from a verified checkpoint).</param>
    /// <returns>Success, or why the proof fails.</returns>
    public static LedgerResult VerifyInclusion(ReadOnlySpan<byte> leafHash, ulong index, ulong size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leafHash.Length != TreeHash.Size || root.Length != TreeHash.Size)
        {
            return LedgerResult.Failure(LedgerErrorCodes.WrongHashLength, "The leaf hash and the root must be 32 bytes.");
        }

        if (index >= size)
        {
            return LedgerResult.Failure(LedgerErrorCodes.IndexOutOfRange, string.Create(CultureInfo.InvariantCulture, $"Leaf index {index} is not below tree size {size}."));
        }

        var check = CheckProofHashes(proof);
        if (!check.IsSuccess)
        {
            return check;
        }

        var inner = 64 - BitOperations.LeadingZeroCount(index ^ (size - 1));
        var border = BitOperations.PopCount(index >> inner);
        if (proof.Count != inner + border)
        {
            return LedgerResult.Failure(LedgerErrorCodes.WrongProofLength, string.Create(CultureInfo.InvariantCulture, $"An inclusion proof for leaf {index} of {size} has {inner + border} hashes, not {proof.Count}."));
        }

        // RFC 9162 §2.1.3.2, step by step.
        var fn = index;
        var sn = size - 1;
        Span<byte> r = stackalloc byte[TreeHash.Size];
        leafHash.CopyTo(r);
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return LedgerResult.Failure(LedgerErrorCodes.WrongProofLength, "The inclusion proof is too long.");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                TreeHash.HashNode(p, r, r);
                if ((fn & 1) == 0)
                {
                    while (!((fn & 1) == 1 || fn == 0))
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                TreeHash.HashNode(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return LedgerResult.Failure(LedgerErrorCodes.WrongProofLength, "The inclusion proof is too short.");
        }

        return r.SequenceEqual(root)
            ? LedgerResult.Success
            : LedgerResult.Failure(LedgerErrorCodes.RootMismatch, "The root computed from the inclusion proof differs from the trusted root.");
    }

    /// <summary>Verifies that the tree of <paramref name="size2"/> leaves with root <paramref name="root2"/> extends the tree of <paramref name="size1"/> leaves with root <paramref name="root1"/>.</summary>
    /// <param name="size1">The older size; 0 always fails (no proof is defined: a client that trusts nothing yet accepts the first checkpoint without one).</param>
    /// <param name="size2">The newer size.</param>
    /// <param name="proof">The consistency proof.</param>
    /// <param name="root1">The trusted root of the older tree.</param>
    /// <param name="root2">The trusted root of the newer tree.</param>
    /// <returns>Success, or why the proof fails.</returns>
    public static LedgerResult VerifyConsistency(ulong size1, ulong size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size1 == 0)
        {
            return LedgerResult.Failure(LedgerErrorCodes.InvalidSizes, "No consistency proof is defined from the empty tree.");
        }

        if (size1 > size2)
        {
            return LedgerResult.Failure(LedgerErrorCodes.InvalidSizes, string.Create(CultureInfo.InvariantCulture, $"Size {size1} is larger than size {size2}."));
        }

        var check = CheckProofHashes(proof);
        if (!check.IsSuccess)
        {
            return check;
        }

        if (size1 == size2)
        {
            if (proof.Count != 0)
            {
                return LedgerResult.Failure(LedgerErrorCodes.WrongProofLength, "A consistency proof between equal sizes must be empty.");
            }

            return root1.SequenceEqual(root2)
                ? LedgerResult.Success
                : LedgerResult.Failure(LedgerErrorCodes.RootMismatch, "Equal sizes with different roots.");
        }

        // Equal sizes compare the roots as given (as transparency-dev/merkle does); proofs need 32-byte roots.
        if (root1.Length != TreeHash.Size || root2.Length != TreeHash.Size)
        {
            return LedgerResult.Failure(LedgerErrorCodes.WrongHashLength, "Both roots must be 32 bytes.");
        }

        // RFC 9162 §2.1.4.2, step by step.
        if (proof.Count == 0)
        {
            return LedgerResult.Failure(LedgerErrorCodes.WrongProofLength, "The consistency proof is empty.");
        }

        var path = new List<byte[]>(proof.Count + 1);
        if (BitOperations.IsPow2(size1))
        {
            path.Add(root1.ToArray());
        }

        path.AddRange(proof);
        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[TreeHash.Size];
        Span<byte> sr = stackalloc byte[TreeHash.Size];
        path[0].CopyTo(fr);
        path[0].CopyTo(sr);
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return LedgerResult.Failure(LedgerErrorCodes.WrongProofLength, "The consistency proof is too long.");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                TreeHash.HashNode(c, fr, fr);
                TreeHash.HashNode(c, sr, sr);
                if ((fn & 1) == 0)
                {
                    while (!((fn & 1) == 1 || fn == 0))
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                TreeHash.HashNode(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return LedgerResult.Failure(LedgerErrorCodes.WrongProofLength, "The consistency proof is too short.");
        }

        if (!fr.SequenceEqual(root1))
        {
            return LedgerResult.Failure(LedgerErrorCodes.RootMismatch, "The old root computed from the consistency proof differs from the trusted old root.");
        }

        return sr.SequenceEqual(root2)
            ? LedgerResult.Success
            : LedgerResult.Failure(LedgerErrorCodes.RootMismatch, "The new root computed from the consistency proof differs from the trusted new root.");
    }

    private static LedgerResult CheckProofHashes(IReadOnlyList<byte[]> proof)
    {
        if (proof.Count > 65)
        {
            return LedgerResult.Failure(LedgerErrorCodes.WrongProofLength, "A proof has at most 65 hashes.");
        }

        foreach (var p in proof)
        {
            if (p is null || p.Length != TreeHash.Size)
            {
                return LedgerResult.Failure(LedgerErrorCodes.WrongHashLength, "Every proof hash must be 32 bytes.");
            }
        }

        return LedgerResult.Success;
    }
}
