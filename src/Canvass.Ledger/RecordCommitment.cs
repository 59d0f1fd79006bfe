namespace Canvass.Ledger;

/// <summary>
/// A streaming RFC 6962 commitment to a sequence of records (e.g. every CVR row of a bulk import): the Merkle root over
/// the records as leaves, computed in O(log n) memory, with inclusion proofs produced by streaming the records again.
/// </summary>
/// <remarks>Leaf i is SHA-256(0x00 || record i); the root and proofs are exactly those of <see cref="MerkleTree"/>. Not thread-safe.</remarks>
public sealed class RecordCommitment
{
    private readonly Frontier _frontier = new();

    /// <summary>Gets how many records were added.</summary>
    public long Count => _frontier.Count;

    /// <summary>Adds the next record.</summary>
    /// <param name="record">The record bytes.</param>
    public void Add(ReadOnlySpan<byte> record)
    {
        Span<byte> hash = stackalloc byte[TreeHash.Size];
        TreeHash.HashLeaf(record, hash);
        _frontier.Append(hash, null);
    }

    /// <summary>Returns the root over the records added so far (SHA-256("") when none).</summary>
    /// <returns>The 32-byte root.</returns>
    public byte[] Root()
    {
        var root = new byte[TreeHash.Size];
        _frontier.Root(root);
        return root;
    }

    /// <summary>Computes the root over <paramref name="records"/>.</summary>
    /// <param name="records">The records, in order.</param>
    /// <returns>The 32-byte root.</returns>
    public static byte[] ComputeRoot(IEnumerable<byte[]> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var commitment = new RecordCommitment();
        foreach (var record in records)
        {
            commitment.Add(record);
        }

        return commitment.Root();
    }

    /// <summary>
    /// Produces the inclusion proof of record <paramref name="index"/> by streaming <paramref name="records"/> once,
    /// keeping only O(log n) hashes: each proof element is the root of a disjoint range, computed as the stream passes it.
    /// </summary>
    /// <param name="records">The same records, in the same order, as were committed.</param>
    /// <param name="index">The record index.</param>
    /// <param name="count">The number of records committed.</param>
    /// <returns>The inclusion proof, leaf sibling first.</returns>
    /// <exception cref="ArgumentException">The stream has fewer than <paramref name="count"/> records.</exception>
    public static IReadOnlyList<byte[]> ProveInclusion(IEnumerable<byte[]> records, long index, long count)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var ranges = new List<(long Start, long End)>();
        long lo = 0, hi = count;
        while (hi - lo > 1)
        {
            var k = MerkleTree.LargestPowerOfTwoBelow(hi - lo);
            if (index - lo < k)
            {
                ranges.Add((lo + k, hi));
                hi = lo + k;
            }
            else
            {
                ranges.Add((lo, lo + k));
                lo += k;
            }
        }

        // ranges[0] is the root's child (proof's last element); stream them in position order.
        var order = Enumerable.Range(0, ranges.Count).OrderBy(i => ranges[i].Start).ToList();
        var proof = new byte[ranges.Count][];
        var next = 0;
        var position = 0L;
        RecordCommitment? current = null;
        foreach (var record in records)
        {
            if (next == order.Count || position >= count)
            {
                break;
            }

            var range = ranges[order[next]];
            if (position >= range.Start)
            {
                current ??= new RecordCommitment();
                current.Add(record);
                if (position + 1 == range.End)
                {
                    proof[ranges.Count - 1 - order[next]] = current.Root();
                    current = null;
                    next++;
                }
            }

            position++;
        }

        if (next != order.Count)
        {
            throw new ArgumentException("The records ended before the committed count.", nameof(records));
        }

        return proof;
    }

    /// <summary>Verifies that <paramref name="record"/> is record <paramref name="index"/> of the <paramref name="count"/> records committed to by <paramref name="root"/>.</summary>
    /// <param name="record">The record bytes.</param>
    /// <param name="index">The record index.</param>
    /// <param name="count">The number of records.</param>
    /// <param name="proof">The inclusion proof.</param>
    /// <param name="root">The trusted root.</param>
    /// <returns>Success or why it failed.</returns>
    public static LedgerResult VerifyInclusion(ReadOnlySpan<byte> record, ulong index, ulong count, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root) =>
        MerkleProofs.VerifyInclusion(TreeHash.HashLeaf(record), index, count, proof, root);
}
