using System.Numerics;

namespace Canvass.Ledger;

/// <summary>
/// An append-only RFC 9162 Merkle tree over an <see cref="IHashStore"/>: O(1) amortised hashing per append (the
/// right-edge frontier), and roots, inclusion proofs and consistency proofs for any earlier size from the stored
/// perfect nodes in O(log n) reads.
/// </summary>
/// <remarks>
/// The tree stores leaf hashes, not entries: compute them with <see cref="TreeHash.HashLeaf(ReadOnlySpan{byte})"/>.
/// Not thread-safe: serialise appends; reads may run concurrently with each other but not with an append.
/// </remarks>
public sealed class MerkleTree
{
    private readonly IHashStore _store;
    private readonly Frontier _frontier = new();

    /// <summary>Initializes a new, empty tree in memory.</summary>
    public MerkleTree()
        : this(new InMemoryHashStore())
    {
    }

    /// <summary>Initializes a tree over <paramref name="store"/>, resuming at the size it already holds.</summary>
    /// <param name="store">The node store; level L must hold exactly Count(0) &gt;&gt; L hashes.</param>
    /// <exception cref="ArgumentException">The store's levels are inconsistent.</exception>
    public MerkleTree(IHashStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        var size = store.Count(0);
        for (var level = 1; level < 63; level++)
        {
            if (store.Count(level) != size >> level)
            {
                throw new ArgumentException($"The store holds {store.Count(level)} hashes at level {level}; a tree of {size} leaves needs {size >> level}.", nameof(store));
            }
        }

        Span<byte> hash = stackalloc byte[TreeHash.Size];
        for (var level = 0; level < 63; level++)
        {
            if (((size >> level) & 1) == 1)
            {
                store.Read(level, (size >> level) - 1, hash);
                _frontier.Set(level, hash);
            }
        }

        _frontier.Reset(size);
    }

    /// <summary>Gets the number of leaves.</summary>
    public long Size => _frontier.Count;

    /// <summary>Appends a leaf hash and stores the perfect nodes it completes.</summary>
    /// <param name="leafHash">The 32-byte leaf hash, SHA-256(0x00 || entry).</param>
    /// <returns>The index of the new leaf.</returns>
    public long Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != TreeHash.Size)
        {
            throw new ArgumentException("A leaf hash is 32 bytes.", nameof(leafHash));
        }

        var index = _frontier.Count;
        _frontier.Append(leafHash, _store);
        return index;
    }

    /// <summary>Hashes <paramref name="entry"/> as a leaf and appends it.</summary>
    /// <param name="entry">The entry bytes.</param>
    /// <returns>The index of the new leaf.</returns>
    public long AppendEntry(ReadOnlySpan<byte> entry)
    {
        Span<byte> hash = stackalloc byte[TreeHash.Size];
        TreeHash.HashLeaf(entry, hash);
        return Append(hash);
    }

    /// <summary>Returns the root hash of the current tree (SHA-256("") when empty).</summary>
    /// <returns>The 32-byte root.</returns>
    public byte[] Root()
    {
        var root = new byte[TreeHash.Size];
        _frontier.Root(root);
        return root;
    }

    /// <summary>Returns the root hash of the tree as it was at <paramref name="size"/> leaves.</summary>
    /// <param name="size">A size between 0 and <see cref="Size"/>.</param>
    /// <returns>The 32-byte root MTH(D[0:size]).</returns>
    public byte[] RootAt(long size)
    {
        CheckSize(size);
        var root = new byte[TreeHash.Size];
        if (size == 0)
        {
            TreeHash.EmptyRoot.CopyTo(root, 0);
        }
        else
        {
            SubtreeHash(0, size, root);
        }

        return root;
    }

    /// <summary>Returns leaf hash <paramref name="index"/>.</summary>
    /// <param name="index">Below <see cref="Size"/>.</param>
    /// <returns>The 32-byte leaf hash.</returns>
    public byte[] LeafHash(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        var hash = new byte[TreeHash.Size];
        _store.Read(0, index, hash);
        return hash;
    }

    /// <summary>Returns the perfect node MTH(D[index·2^level : (index+1)·2^level]), which must be complete in the current tree.</summary>
    /// <param name="level">The level, 0 for leaves.</param>
    /// <param name="index">The node index within the level.</param>
    /// <returns>The 32-byte hash.</returns>
    public byte[] NodeHash(int level, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _store.Count(level));
        var hash = new byte[TreeHash.Size];
        _store.Read(level, index, hash);
        return hash;
    }

    /// <summary>Generates the RFC 9162 §2.1.3.1 inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    /// <param name="index">The leaf index, below <paramref name="size"/>.</param>
    /// <param name="size">A tree size between 1 and <see cref="Size"/>.</param>
    /// <returns>The audit path, leaf sibling first, root child last.</returns>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        CheckSize(size);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        Span<(long Start, long End)> ranges = stackalloc (long, long)[64];
        var count = 0;
        long lo = 0, hi = size;
        while (hi - lo > 1)
        {
            var k = LargestPowerOfTwoBelow(hi - lo);
            if (index - lo < k)
            {
                ranges[count++] = (lo + k, hi);
                hi = lo + k;
            }
            else
            {
                ranges[count++] = (lo, lo + k);
                lo += k;
            }
        }

        var proof = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            proof[count - 1 - i] = new byte[TreeHash.Size];
            SubtreeHash(ranges[i].Start, ranges[i].End, proof[count - 1 - i]);
        }

        return proof;
    }

    /// <summary>Generates the RFC 9162 §2.1.4.1 consistency proof between the trees of <paramref name="size1"/> and <paramref name="size2"/> leaves.</summary>
    /// <param name="size1">The older size, at least 1.</param>
    /// <param name="size2">The newer size, between <paramref name="size1"/> and <see cref="Size"/>.</param>
    /// <returns>The proof (empty when the sizes are equal).</returns>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        CheckSize(size2);
        ArgumentOutOfRangeException.ThrowIfLessThan(size1, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        Span<(long Start, long End)> ranges = stackalloc (long, long)[65];
        var count = 0;
        long lo = 0, hi = size2, m = size1;
        var complete = true;
        while (m != hi - lo)
        {
            var k = LargestPowerOfTwoBelow(hi - lo);
            if (m <= k)
            {
                ranges[count++] = (lo + k, hi);
                hi = lo + k;
            }
            else
            {
                ranges[count++] = (lo, lo + k);
                lo += k;
                m -= k;
                complete = false;
            }
        }

        var first = complete ? 0 : 1;
        var proof = new byte[count + first][];
        if (!complete)
        {
            proof[0] = new byte[TreeHash.Size];
            SubtreeHash(lo, hi, proof[0]);
        }

        for (var i = 0; i < count; i++)
        {
            var at = first + count - 1 - i;
            proof[at] = new byte[TreeHash.Size];
            SubtreeHash(ranges[i].Start, ranges[i].End, proof[at]);
        }

        return proof;
    }

    internal static long LargestPowerOfTwoBelow(long n) => (long)BitOperations.RoundUpToPowerOf2((ulong)n) >> 1;

    /// <summary>MTH(D[start:end]) for a range whose start is a multiple of the power of two at or above its length (every range the proofs need).</summary>
    private void SubtreeHash(long start, long end, Span<byte> destination)
    {
        var length = (ulong)(end - start);
        var level = BitOperations.TrailingZeroCount(length);
        var blockStart = end - (1L << level);
        _store.Read(level, blockStart >> level, destination);
        Span<byte> left = stackalloc byte[TreeHash.Size];
        for (length >>= level + 1, level++; length != 0; length >>= 1, level++)
        {
            if ((length & 1) == 1)
            {
                blockStart -= 1L << level;
                _store.Read(level, blockStart >> level, left);
                TreeHash.HashNode(left, destination, destination);
            }
        }
    }

    private void CheckSize(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
    }
}
