namespace Canvass.Ledger;

/// <summary>
/// Append-only storage of the perfect (immutable) nodes of a Merkle tree, level by level: level 0 holds the leaf hashes,
/// level L holds MTH(D[i·2^L : (i+1)·2^L]) for every complete block. For a tree of n leaves level L holds exactly
/// n &gt;&gt; L hashes. This is what a persistent store implements; <see cref="MerkleTree"/> computes everything else.
/// </summary>
public interface IHashStore
{
    /// <summary>Returns how many hashes level <paramref name="level"/> holds.</summary>
    /// <param name="level">The level, 0 for leaf hashes.</param>
    /// <returns>The number of hashes.</returns>
    long Count(int level);

    /// <summary>Copies hash <paramref name="index"/> of level <paramref name="level"/> into <paramref name="destination"/>.</summary>
    /// <param name="level">The level.</param>
    /// <param name="index">The index within the level, below <see cref="Count(int)"/>.</param>
    /// <param name="destination">32 bytes.</param>
    void Read(int level, long index, Span<byte> destination);

    /// <summary>Appends a 32-byte hash to level <paramref name="level"/>.</summary>
    /// <param name="level">The level.</param>
    /// <param name="hash">The hash.</param>
    void Append(int level, ReadOnlySpan<byte> hash);
}
