using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Canvass.Ledger.Tests;

public sealed class MerkleTreeTests
{
    [Property(MaxTest = 200)]
    public void Root_OfIncrementalAppends_EqualsRecursiveDefinition(NonNegativeInt count)
    {
        var n = count.Get % 300;
        var leaves = Leaves(n);
        var tree = Build(leaves);
        Assert.Equal(Mth(leaves), tree.Root());
        for (var size = 0; size <= n; size += 1 + (n / 17))
        {
            Assert.Equal(Mth(leaves[..size]), tree.RootAt(size));
        }
    }

    [Property(MaxTest = 300)]
    public void Proofs_ForRandomSizes_Verify(PositiveInt sizeSeed, NonNegativeInt indexSeed, NonNegativeInt oldSeed, NonNegativeInt extra)
    {
        var n = (sizeSeed.Get % 600) + 1;
        var m = indexSeed.Get % n;
        var old = (oldSeed.Get % n) + 1;
        var leaves = Leaves(n + (extra.Get % 50));
        var tree = Build(leaves);
        var root = tree.RootAt(n);
        var inclusion = tree.InclusionProof(m, n);
        Assert.True(MerkleProofs.VerifyInclusion(leaves[m], (ulong)m, (ulong)n, inclusion, root).IsSuccess);
        var consistency = tree.ConsistencyProof(old, n);
        Assert.True(MerkleProofs.VerifyConsistency((ulong)old, (ulong)n, consistency, tree.RootAt(old), root).IsSuccess);
    }

    [Property(MaxTest = 300)]
    public void InclusionProof_WithAnyByteFlipped_Fails(PositiveInt sizeSeed, NonNegativeInt indexSeed, NonNegativeInt flipSeed)
    {
        var n = (sizeSeed.Get % 200) + 1;
        var m = indexSeed.Get % n;
        var leaves = Leaves(n);
        var tree = Build(leaves);
        var root = tree.Root();
        var proof = tree.InclusionProof(m, n);
        var byteIndex = flipSeed.Get % 32;
        var bit = (byte)(1 << (flipSeed.Get / 32 % 8));

        for (var i = 0; i < proof.Count; i++)
        {
            var bad = proof.Select(p => (byte[])p.Clone()).ToList();
            bad[i][byteIndex] ^= bit;
            Assert.False(MerkleProofs.VerifyInclusion(leaves[m], (ulong)m, (ulong)n, bad, root).IsSuccess);
        }

        Assert.False(MerkleProofs.VerifyInclusion(leaves[m], (ulong)m, (ulong)n, proof, Flip(root, byteIndex, bit)).IsSuccess);
        Assert.False(MerkleProofs.VerifyInclusion(Flip(leaves[m], byteIndex, bit), (ulong)m, (ulong)n, proof, root).IsSuccess);
        if (proof.Count > 0)
        {
            Assert.False(MerkleProofs.VerifyInclusion(leaves[m], (ulong)m, (ulong)n, proof.Take(proof.Count - 1).ToList(), root).IsSuccess);
            Assert.False(MerkleProofs.VerifyInclusion(leaves[m], (ulong)m, (ulong)n, [.. proof, proof[0]], root).IsSuccess);
        }
    }

    [Property(MaxTest = 300)]
    public void ConsistencyProof_WithAnyByteFlipped_Fails(PositiveInt sizeSeed, NonNegativeInt oldSeed, NonNegativeInt flipSeed)
    {
        var n = (sizeSeed.Get % 200) + 1;
        var old = (oldSeed.Get % n) + 1;
        var tree = Build(Leaves(n));
        var root1 = tree.RootAt(old);
        var root2 = tree.Root();
        var proof = tree.ConsistencyProof(old, n);
        var byteIndex = flipSeed.Get % 32;
        var bit = (byte)(1 << (flipSeed.Get / 32 % 8));

        for (var i = 0; i < proof.Count; i++)
        {
            var bad = proof.Select(p => (byte[])p.Clone()).ToList();
            bad[i][byteIndex] ^= bit;
            Assert.False(MerkleProofs.VerifyConsistency((ulong)old, (ulong)n, bad, root1, root2).IsSuccess);
        }

        Assert.False(MerkleProofs.VerifyConsistency((ulong)old, (ulong)n, proof, Flip(root1, byteIndex, bit), root2).IsSuccess);
        Assert.False(MerkleProofs.VerifyConsistency((ulong)old, (ulong)n, proof, root1, Flip(root2, byteIndex, bit)).IsSuccess);
        Assert.False(MerkleProofs.VerifyConsistency(0, (ulong)n, proof, root1, root2).IsSuccess);
    }

    [Property(MaxTest = 100)]
    public void RecordCommitment_MatchesTreeAndStreamsProofs(PositiveInt sizeSeed, NonNegativeInt indexSeed)
    {
        var n = (sizeSeed.Get % 300) + 1;
        var index = indexSeed.Get % n;
        var records = Enumerable.Range(0, n).Select(i => BitConverter.GetBytes(i * 7919)).ToList();
        var tree = new MerkleTree();
        records.ForEach(r => tree.AppendEntry(r));
        var root = RecordCommitment.ComputeRoot(records);
        Assert.Equal(tree.Root(), root);
        var proof = RecordCommitment.ProveInclusion(records, index, n);
        Assert.Equal(tree.InclusionProof(index, n), proof);
        Assert.True(RecordCommitment.VerifyInclusion(records[index], (ulong)index, (ulong)n, proof, root).IsSuccess);
        Assert.False(RecordCommitment.VerifyInclusion([1, 2, 3], (ulong)index, (ulong)n, proof, root).IsSuccess);
    }

    [Property(MaxTest = 100)]
    public void RecordCommitment_WithSeveralRecordsPerLeaf_IsTheTreeOverLengthPrefixedGroups(PositiveInt sizeSeed, NonNegativeInt indexSeed, PositiveInt perLeafSeed)
    {
        var n = (sizeSeed.Get % 300) + 1;
        var k = (perLeafSeed.Get % 70) + 2;
        var index = indexSeed.Get % n;
        var records = Enumerable.Range(0, n).Select(i => Enumerable.Repeat((byte)i, i % 9).ToArray()).ToList();

        // The definition, written out: each leaf's entry is its records, each preceded by its 4-byte big-endian length.
        var tree = new MerkleTree();
        for (var start = 0; start < n; start += k)
        {
            var entry = new List<byte>();
            foreach (var r in records.Skip(start).Take(k))
            {
                entry.AddRange([(byte)(r.Length >> 24), (byte)(r.Length >> 16), (byte)(r.Length >> 8), (byte)r.Length]);
                entry.AddRange(r);
            }

            tree.AppendEntry(entry.ToArray());
        }

        var commitment = new RecordCommitment(k);
        for (var i = 0; i < n; i++)
        {
            commitment.Add(records[i]);
            if (i == n / 2)
            {
                // A root taken part way (a partial last leaf) is the tree's over what was added, and changes nothing after.
                Assert.Equal(RecordCommitment.ComputeRoot(records.Take(i + 1), k), commitment.Root());
            }
        }

        var root = commitment.Root();
        Assert.Equal(tree.Root(), root);
        Assert.Equal(n, commitment.Count);
        var inclusion = RecordCommitment.ProveInclusion(records, index, n, k);
        Assert.Equal(tree.InclusionProof(index / k, tree.Size), inclusion.Proof);
        Assert.Equal(records.Skip(index / k * k).Take(k), inclusion.LeafRecords);
        Assert.True(RecordCommitment.VerifyInclusion(records[index], (ulong)index, (ulong)n, inclusion, root).IsSuccess);

        // A changed record, a record at another place of its leaf and a leaf short of a record all fail. (The count is
        // bound by the log entry that publishes it, as in RFC 9162, not by the proof alone.)
        Assert.False(RecordCommitment.VerifyInclusion([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (ulong)index, (ulong)n, inclusion, root).IsSuccess);
        if (inclusion.LeafRecords.Count > 1)
        {
            var other = (index % k) == 0 ? index + 1 : index - 1;
            Assert.False(RecordCommitment.VerifyInclusion(records[index], (ulong)other, (ulong)n, inclusion, root).IsSuccess);
            var shorter = inclusion.LeafRecords.ToList();
            shorter.RemoveAt((index % k) == 0 ? 1 : 0);
            Assert.False(RecordCommitment.VerifyInclusion(records[index], (ulong)index, (ulong)n, inclusion with { LeafRecords = shorter }, root).IsSuccess);
        }
    }

    [Fact]
    public void RecordCommitment_WithSeveralRecordsPerLeaf_IsNotTheOneRecordPerLeafRoot()
    {
        var records = Enumerable.Range(0, 10).Select(i => new[] { (byte)i }).ToList();
        Assert.NotEqual(RecordCommitment.ComputeRoot(records), RecordCommitment.ComputeRoot(records, 4));
        Assert.Equal(RecordCommitment.ComputeRoot([]), RecordCommitment.ComputeRoot([], 64));
    }

    [Fact]
    public void Constructor_OverExistingStore_ResumesAtStoredSize()
    {
        var store = new InMemoryHashStore();
        var first = new MerkleTree(store);
        var leaves = Leaves(37);
        foreach (var leaf in leaves[..21])
        {
            first.Append(leaf);
        }

        var resumed = new MerkleTree(store);
        Assert.Equal(21, resumed.Size);
        Assert.Equal(first.Root(), resumed.Root());
        foreach (var leaf in leaves[21..])
        {
            resumed.Append(leaf);
        }

        Assert.Equal(Mth(leaves), resumed.Root());
        Assert.Equal(37 >> 3, store.Count(3));
    }

    [Fact]
    public void EmptyTree_RootIsHashOfEmptyString()
    {
        Assert.Equal(Convert.FromHexString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), new MerkleTree().Root());
        Assert.False(MerkleProofs.VerifyInclusion(TreeHash.EmptyRoot, 0, 0, [], TreeHash.EmptyRoot).IsSuccess);
    }

    [Fact]
    public void VerifyInclusion_BadLengths_FailWithReason()
    {
        var result = MerkleProofs.VerifyInclusion(new byte[31], 0, 1, [], new byte[32]);
        Assert.Equal(LedgerErrorCodes.WrongHashLength, result.Error?.Code);
        Assert.Equal(LedgerErrorCodes.IndexOutOfRange, MerkleProofs.VerifyInclusion(new byte[32], 1, 1, [], new byte[32]).Error?.Code);
        Assert.Equal(LedgerErrorCodes.WrongProofLength, MerkleProofs.VerifyInclusion(new byte[32], 0, 1, [new byte[32]], new byte[32]).Error?.Code);
    }

    internal static byte[][] Leaves(int n) =>
        [.. Enumerable.Range(0, n).Select(i => TreeHash.HashLeaf(BitConverter.GetBytes(i)))];

    private static MerkleTree Build(IEnumerable<byte[]> leafHashes)
    {
        var tree = new MerkleTree();
        foreach (var leaf in leafHashes)
        {
            tree.Append(leaf);
        }

        return tree;
    }

    /// <summary>RFC 6962 MTH by its recursive definition, over leaf hashes.</summary>
    private static byte[] Mth(ReadOnlySpan<byte[]> leafHashes)
    {
        if (leafHashes.Length == 0)
        {
            return TreeHash.EmptyRoot;
        }

        if (leafHashes.Length == 1)
        {
            return leafHashes[0];
        }

        var k = 1;
        while (k * 2 < leafHashes.Length)
        {
            k *= 2;
        }

        return TreeHash.HashNode(Mth(leafHashes[..k]), Mth(leafHashes[k..]));
    }

    private static byte[] Flip(byte[] hash, int index, byte bit)
    {
        var copy = (byte[])hash.Clone();
        copy[index] ^= bit;
        return copy;
    }
}
