using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Canvass.Ledger;

/// <summary>
/// A streaming RFC 6962 commitment to a sequence of records (e.g. every CVR row of a bulk import): the Merkle root over
/// leaves that each hold <see cref="RecordsPerLeaf"/> consecutive records, computed in O(log n) memory, with inclusion
/// proofs produced by streaming the records again.
/// </summary>
/// <remarks>
/// <para>With one record per leaf, leaf i is SHA-256(0x00 || record i): the root and proofs are exactly those of
/// <see cref="MerkleTree"/> over the records.</para>
/// <para>With k &gt; 1 records per leaf, leaf j's entry is records jk … jk+k−1 (the last leaf holds what is left), each
/// preceded by its length as a 4-byte big-endian integer, and leaf j's hash is SHA-256(0x00 || that entry): the root
/// is <see cref="MerkleTree"/>'s over those entries. A record's proof then carries the other records of its leaf.
/// Hashing one entry of k records instead of k leaves plus k node hashes makes the commitment cost about one SHA-256
/// pass over the records' bytes.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class RecordCommitment
{
    private readonly Frontier _frontier = new();
    private readonly ArrayBufferWriter<byte>? _entry;
    private int _pending;

    /// <summary>Initializes a commitment with one record per leaf.</summary>
    public RecordCommitment()
        : this(1)
    {
    }

    /// <summary>Initializes a commitment with <paramref name="recordsPerLeaf"/> records per leaf.</summary>
    /// <param name="recordsPerLeaf">How many consecutive records each leaf holds (at least 1).</param>
    public RecordCommitment(int recordsPerLeaf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordsPerLeaf, 1);
        RecordsPerLeaf = recordsPerLeaf;
        if (recordsPerLeaf > 1)
        {
            _entry = new ArrayBufferWriter<byte>(1 + (recordsPerLeaf * 256));
            _entry.Write([(byte)0x00]);
        }
    }

    /// <summary>Gets how many consecutive records each leaf holds.</summary>
    public int RecordsPerLeaf { get; }

    /// <summary>Gets how many records were added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds the next record.</summary>
    /// <param name="record">The record bytes.</param>
    public void Add(ReadOnlySpan<byte> record)
    {
        Count++;
        Span<byte> hash = stackalloc byte[TreeHash.Size];
        if (_entry is null)
        {
            TreeHash.HashLeaf(record, hash);
            _frontier.Append(hash, null);
            return;
        }

        WritePrefixed(record, _entry);
        if (++_pending == RecordsPerLeaf)
        {
            SHA256.HashData(_entry.WrittenSpan, hash);
            _frontier.Append(hash, null);
            _entry.ResetWrittenCount();
            _entry.Write([(byte)0x00]);
            _pending = 0;
        }
    }

    /// <summary>Returns the root over the records added so far (SHA-256("") when none). More records may follow.</summary>
    /// <returns>The 32-byte root.</returns>
    public byte[] Root()
    {
        var root = new byte[TreeHash.Size];
        if (_pending == 0)
        {
            _frontier.Root(root);
            return root;
        }

        var frontier = _frontier.Clone();
        Span<byte> hash = stackalloc byte[TreeHash.Size];
        SHA256.HashData(_entry!.WrittenSpan, hash);
        frontier.Append(hash, null);
        frontier.Root(root);
        return root;
    }

    /// <summary>Computes the root over <paramref name="records"/>.</summary>
    /// <param name="records">The records, in order.</param>
    /// <param name="recordsPerLeaf">How many consecutive records each leaf holds.</param>
    /// <returns>The 32-byte root.</returns>
    public static byte[] ComputeRoot(IEnumerable<byte[]> records, int recordsPerLeaf = 1)
    {
        ArgumentNullException.ThrowIfNull(records);
        var commitment = new RecordCommitment(recordsPerLeaf);
        foreach (var record in records)
        {
            commitment.Add(record);
        }

        return commitment.Root();
    }

    /// <summary>Returns the number of leaves that <paramref name="count"/> records make.</summary>
    /// <param name="count">The number of records.</param>
    /// <param name="recordsPerLeaf">How many consecutive records each leaf holds.</param>
    /// <returns>⌈count / recordsPerLeaf⌉.</returns>
    public static long LeafCount(long count, int recordsPerLeaf) => (count + recordsPerLeaf - 1) / recordsPerLeaf;

    /// <summary>Returns a leaf's entry: the record itself with one record per leaf, else each record preceded by its
    /// 4-byte big-endian length.</summary>
    /// <param name="leafRecords">The leaf's records, in order.</param>
    /// <param name="recordsPerLeaf">How many consecutive records each leaf holds.</param>
    /// <returns>The bytes whose leaf hash SHA-256(0x00 || entry) is the leaf's hash.</returns>
    public static byte[] LeafEntry(IReadOnlyList<byte[]> leafRecords, int recordsPerLeaf)
    {
        ArgumentNullException.ThrowIfNull(leafRecords);
        if (recordsPerLeaf == 1)
        {
            return leafRecords.Count == 1 ? leafRecords[0] : throw new ArgumentException("A leaf of one record per leaf holds one record.", nameof(leafRecords));
        }

        var entry = new ArrayBufferWriter<byte>(leafRecords.Sum(r => r.Length + 4));
        foreach (var record in leafRecords)
        {
            WritePrefixed(record, entry);
        }

        return entry.WrittenSpan.ToArray();
    }

    /// <summary>Groups <paramref name="records"/> into leaves: each item is one leaf's records, in order.</summary>
    /// <param name="records">The records, in order.</param>
    /// <param name="recordsPerLeaf">How many consecutive records each leaf holds.</param>
    /// <returns>The leaves' records (the last leaf holds what is left).</returns>
    public static IEnumerable<IReadOnlyList<byte[]>> Leaves(IEnumerable<byte[]> records, int recordsPerLeaf)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordsPerLeaf, 1);
        var leaf = new List<byte[]>(recordsPerLeaf);
        foreach (var record in records)
        {
            leaf.Add(record);
            if (leaf.Count == recordsPerLeaf)
            {
                yield return leaf;
                leaf = new List<byte[]>(recordsPerLeaf);
            }
        }

        if (leaf.Count > 0)
        {
            yield return leaf;
        }
    }

    /// <summary>
    /// Produces the inclusion proof of record <paramref name="index"/> by streaming <paramref name="records"/> once,
    /// keeping only O(log n) hashes: each proof element is the root of a disjoint range, computed as the stream passes it.
    /// </summary>
    /// <param name="records">The same records, in the same order, as were committed (one record per leaf).</param>
    /// <param name="index">The record index.</param>
    /// <param name="count">The number of records committed.</param>
    /// <returns>The inclusion proof, leaf sibling first.</returns>
    /// <exception cref="ArgumentException">The stream has fewer than <paramref name="count"/> records.</exception>
    public static IReadOnlyList<byte[]> ProveInclusion(IEnumerable<byte[]> records, long index, long count) =>
        ProveInclusion(records, index, count, 1).Proof;

    /// <summary>
    /// Produces the inclusion proof of record <paramref name="index"/> by streaming <paramref name="records"/> once:
    /// the records of its leaf and the leaf's audit path.
    /// </summary>
    /// <param name="records">The same records, in the same order, as were committed.</param>
    /// <param name="index">The record index.</param>
    /// <param name="count">The number of records committed.</param>
    /// <param name="recordsPerLeaf">How many consecutive records each leaf holds.</param>
    /// <returns>The proof.</returns>
    /// <exception cref="ArgumentException">The stream has fewer than <paramref name="count"/> records.</exception>
    public static RecordInclusion ProveInclusion(IEnumerable<byte[]> records, long index, long count, int recordsPerLeaf)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        IReadOnlyList<byte[]>? leafRecords = null;
        var leaf = index / recordsPerLeaf;
        var position = 0L;
        var entries = Leaves(records, recordsPerLeaf).Select(l =>
        {
            if (position++ == leaf)
            {
                leafRecords = l;
            }

            return recordsPerLeaf == 1 ? l[0] : LeafEntry(l, recordsPerLeaf);
        });
        var proof = ProveLeaf(entries, leaf, LeafCount(count, recordsPerLeaf));
        return new RecordInclusion(recordsPerLeaf, leafRecords!, proof);
    }

    /// <summary>Verifies that <paramref name="record"/> is record <paramref name="index"/> of the <paramref name="count"/> records committed to by <paramref name="root"/>, one record per leaf.</summary>
    /// <param name="record">The record bytes.</param>
    /// <param name="index">The record index.</param>
    /// <param name="count">The number of records.</param>
    /// <param name="proof">The inclusion proof.</param>
    /// <param name="root">The trusted root.</param>
    /// <returns>Success or why it failed.</returns>
    public static LedgerResult VerifyInclusion(ReadOnlySpan<byte> record, ulong index, ulong count, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root) =>
        MerkleProofs.VerifyInclusion(TreeHash.HashLeaf(record), index, count, proof, root);

    /// <summary>Verifies that <paramref name="record"/> is record <paramref name="index"/> of the <paramref name="count"/>
    /// records committed to by <paramref name="root"/>: it is at its place among its leaf's records, the leaf holds as many
    /// records as its place requires, and the leaf's audit path leads to the root.</summary>
    /// <param name="record">The record bytes.</param>
    /// <param name="index">The record index.</param>
    /// <param name="count">The number of records.</param>
    /// <param name="inclusion">The proof.</param>
    /// <param name="root">The trusted root.</param>
    /// <returns>Success or why it failed.</returns>
    public static LedgerResult VerifyInclusion(ReadOnlySpan<byte> record, ulong index, ulong count, RecordInclusion inclusion, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(inclusion);
        var k = (ulong)inclusion.RecordsPerLeaf;
        if (k == 0 || index >= count)
        {
            return LedgerResult.Failure(LedgerErrorCodes.IndexOutOfRange, $"Record {index} is not among {count} records.");
        }

        var leaf = index / k;
        var expected = Math.Min(k, count - (leaf * k));
        if ((ulong)inclusion.LeafRecords.Count != expected)
        {
            return LedgerResult.Failure(LedgerErrorCodes.LeafMismatch, $"Leaf {leaf} must hold {expected} records; the proof gives {inclusion.LeafRecords.Count}.");
        }

        if (!record.SequenceEqual(inclusion.LeafRecords[(int)(index % k)]))
        {
            return LedgerResult.Failure(LedgerErrorCodes.LeafMismatch, $"The record is not record {index % k} of its leaf's records.");
        }

        var entry = LeafEntry(inclusion.LeafRecords, inclusion.RecordsPerLeaf);
        return MerkleProofs.VerifyInclusion(TreeHash.HashLeaf(entry), leaf, (ulong)LeafCount((long)count, inclusion.RecordsPerLeaf), inclusion.Proof, root);
    }

    private static void WritePrefixed(ReadOnlySpan<byte> record, ArrayBufferWriter<byte> entry)
    {
        var span = entry.GetSpan(4 + record.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)record.Length);
        record.CopyTo(span[4..]);
        entry.Advance(4 + record.Length);
    }

    private static IReadOnlyList<byte[]> ProveLeaf(IEnumerable<byte[]> entries, long index, long count)
    {
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

        // ranges[0] is the root's child (proof's last element); stream them in position order. The whole stream is
        // read, so a caller that captures the proven leaf's records on the way always sees it.
        var order = Enumerable.Range(0, ranges.Count).OrderBy(i => ranges[i].Start).ToList();
        var proof = new byte[ranges.Count][];
        var next = 0;
        var position = 0L;
        RecordCommitment? current = null;
        foreach (var entry in entries)
        {
            if (position >= count)
            {
                break;
            }

            if (next < order.Count)
            {
                var range = ranges[order[next]];
                if (position >= range.Start)
                {
                    current ??= new RecordCommitment();
                    current.Add(entry);
                    if (position + 1 == range.End)
                    {
                        proof[ranges.Count - 1 - order[next]] = current.Root();
                        current = null;
                        next++;
                    }
                }
            }

            position++;
        }

        if (next != order.Count || position <= index)
        {
            throw new ArgumentException("The records ended before the committed count.", nameof(entries));
        }

        return proof;
    }
}

/// <summary>The proof that a record is in a <see cref="RecordCommitment"/>: the records of its leaf and the leaf's
/// RFC 9162 audit path.</summary>
/// <param name="RecordsPerLeaf">How many consecutive records each leaf holds.</param>
/// <param name="LeafRecords">The records of the proven record's leaf, in order (the record itself among them).</param>
/// <param name="Proof">The leaf's inclusion proof, leaf sibling first.</param>
public sealed record RecordInclusion(int RecordsPerLeaf, IReadOnlyList<byte[]> LeafRecords, IReadOnlyList<byte[]> Proof);
