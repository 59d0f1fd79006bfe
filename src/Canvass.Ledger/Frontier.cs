using System.Numerics;

namespace Canvass.Ledger;

/// <summary>
/// The compact range of a left-complete Merkle tree: the hashes of the perfect subtrees covering D[0:n], one per set
/// bit of n (tlog.md §1.1). Appending costs one node hash amortised; memory is 64 hashes whatever the size.
/// </summary>
internal sealed class Frontier
{
    private readonly byte[] _hashes = new byte[64 * TreeHash.Size];

    public long Count { get; private set; }

    public ReadOnlySpan<byte> At(int level) => _hashes.AsSpan(level * TreeHash.Size, TreeHash.Size);

    public void Set(int level, ReadOnlySpan<byte> hash) => hash.CopyTo(_hashes.AsSpan(level * TreeHash.Size, TreeHash.Size));

    public void Reset(long count) => Count = count;

    /// <summary>Returns an independent copy (for a root over what is appended so far plus something not yet final).</summary>
    public Frontier Clone()
    {
        var copy = new Frontier { Count = Count };
        _hashes.CopyTo(copy._hashes, 0);
        return copy;
    }

    /// <summary>Appends a leaf hash; <paramref name="store"/> (optional) receives every new perfect node, the leaf included.</summary>
    public void Append(ReadOnlySpan<byte> leafHash, IHashStore? store)
    {
        Span<byte> current = stackalloc byte[TreeHash.Size];
        leafHash.CopyTo(current);
        store?.Append(0, current);
        var level = 0;
        for (var n = Count; (n & 1) == 1; n >>= 1)
        {
            TreeHash.HashNode(At(level), current, current);
            level++;
            store?.Append(level, current);
        }

        Set(level, current);
        Count++;
    }

    public void Root(Span<byte> destination)
    {
        if (Count == 0)
        {
            TreeHash.EmptyRoot.CopyTo(destination);
            return;
        }

        var n = (ulong)Count;
        var level = BitOperations.TrailingZeroCount(n);
        Span<byte> root = stackalloc byte[TreeHash.Size];
        At(level).CopyTo(root);
        for (n >>= level + 1, level++; n != 0; n >>= 1, level++)
        {
            if ((n & 1) == 1)
            {
                TreeHash.HashNode(At(level), root, root);
            }
        }

        root.CopyTo(destination);
    }
}
