using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Canvass.Ledger;

namespace Canvass.Benchmarks;

/// <summary>Merkle log append throughput against raw SHA-256 of 65-byte node inputs, and inclusion-proof latency.</summary>
/// <remarks>
/// Appending n precomputed leaf hashes to an in-memory <see cref="MerkleTree"/> costs n - 1 node hashes (65-byte inputs)
/// plus storing every perfect node; the baseline is n - 1 calls of <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// on a 65-byte buffer. Ratio = baseline time / append time (1.0 = hashing is the only cost; target at least 0.5).
/// Then the median time to generate an inclusion proof for 1,000 pseudo-random leaves of the full tree (target under 1 ms).
/// </remarks>
public static class LedgerBenchmark
{
    private const int Repetitions = 3;
    private const int Proofs = 1000;

    /// <summary>Runs the benchmark and writes the figures to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output, int leaves)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaves, 2);
        var hashes = new byte[(long)leaves * TreeHash.Size];
        for (var i = 0; i < leaves; i++)
        {
            TreeHash.HashLeaf(BitConverter.GetBytes(i), hashes.AsSpan(i * TreeHash.Size, TreeHash.Size));
        }

        // Warm-up (JIT tiers) on a smaller tree and baseline.
        var warm = Math.Min(leaves, 1 << 20);
        Append(hashes, warm);
        RawHashes(warm);

        var raw = new double[Repetitions];
        var appended = new double[Repetitions];
        MerkleTree tree = null!;
        for (var r = 0; r < Repetitions; r++)
        {
            tree = null!;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var sw = Stopwatch.StartNew();
            RawHashes(leaves - 1);
            raw[r] = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            tree = Append(hashes, leaves);
            appended[r] = sw.Elapsed.TotalMilliseconds;
        }

        var rawMedian = Stats.Median(raw);
        var appendMedian = Stats.Median(appended);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {Repetitions}: {leaves - 1:N0} raw SHA256.HashData(65 bytes) {rawMedian:F0} ms; MerkleTree.Append x {leaves:N0} {appendMedian:F0} ms " +
            $"({leaves / appendMedian * 1000:N0} leaves/s); ratio raw/append {rawMedian / appendMedian:F2} (target >= 0.5)"));

        // Inclusion proofs for pseudo-random leaves of the full tree (xorshift, fixed seed).
        var state = 0x9E3779B97F4A7C15UL;
        var times = new double[Proofs];
        var size = tree.Size;
        var root = tree.Root();
        var verified = 0;
        for (var i = -100; i < Proofs; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            var index = (long)(state % (ulong)size);
            var sw = Stopwatch.StartNew();
            var proof = tree.InclusionProof(index, size);
            var elapsed = sw.Elapsed.TotalMilliseconds;
            if (i < 0)
            {
                continue;
            }

            times[i] = elapsed;
            if (MerkleProofs.VerifyInclusion(tree.LeafHash(index), (ulong)index, (ulong)size, proof, root).IsSuccess)
            {
                verified++;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"inclusion proof at {size:N0} leaves: median {Stats.Median(times) * 1000:F1} us, max {times.Max() * 1000:F1} us over {Proofs:N0} proofs (target < 1 ms); {verified:N0} verified"));
    }

    private static MerkleTree Append(byte[] hashes, int count)
    {
        var tree = new MerkleTree();
        for (var i = 0; i < count; i++)
        {
            tree.Append(hashes.AsSpan(i * TreeHash.Size, TreeHash.Size));
        }

        return tree;
    }

    private static void RawHashes(int count)
    {
        Span<byte> input = stackalloc byte[65];
        input[0] = 0x01;
        for (var i = 0; i < count; i++)
        {
            SHA256.HashData(input, input.Slice(1, TreeHash.Size));
        }
    }
}
