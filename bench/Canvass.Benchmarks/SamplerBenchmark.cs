using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Canvass.Audit;

namespace Canvass.Benchmarks;

/// <summary>Arlo's consistent sampler drawing 10,000 ballots with replacement from a 10,000,000-ballot manifest
/// (10,000 batches of 1,000; seed 12345678901234567890), against raw SHA-256 of the same messages.</summary>
/// <remarks>
/// The sampler hashes <c>sha256_hex(seed) + str(((jurisdiction, tabulator, batch), position))</c> once per ballot
/// (see <see cref="ManifestSampler"/>). The baseline is <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// over exactly those messages, built in memory beforehand for each batch and not timed. Ratio = baseline time /
/// sampler time (1.0 = hashing is the only cost; target at least 0.7). Peak working set is read right after the
/// sampler's timed runs (target under 200 MB). Before timing, the same sampler is checked against the reference
/// sampler (every ticket of every ballot in a priority queue, as Arlo keeps them) on a 200,000-ballot manifest.
/// </remarks>
public static class SamplerBenchmark
{
    private const string Seed = "12345678901234567890";
    private const int Repetitions = 3;

    /// <summary>Runs the benchmark and writes the figures to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output, int batches = 10_000, int ballotsPerBatch = 1_000, int draws = 10_000)
    {
        ArgumentNullException.ThrowIfNull(output);
        var manifest = Manifest(batches, ballotsPerBatch);
        var ballots = ManifestSampler.BallotCount(manifest);

        // Correctness first: the same tickets as the reference sampler on a smaller manifest (also warms the JIT).
        var small = Manifest(Math.Min(batches, 200), ballotsPerBatch);
        var fast = ManifestSampler.Draw(Seed, small, draws);
        var reference = ConsistentSampler.DrawSample(Seed,
            small.Select(b => new KeyValuePair<(string, string, string), IReadOnlyList<int>>(b.Batch, [.. Enumerable.Range(1, b.Count)])),
            b => ArloBallotIds.ProductionBatch(b.Item1, b.Item2, b.Item3), draws);
        var same = fast.SequenceEqual(reference);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reference check on {ManifestSampler.BallotCount(small):N0} ballots, {draws:N0} draws: {(same ? "same tickets" : "DIFFERENT TICKETS")}"));
        RawHashes(small);

        var sampled = new double[Repetitions];
        IReadOnlyList<SamplerTicket<((string, string, string) Batch, int Position)>> sample = [];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var r = 0; r < Repetitions; r++)
        {
            var sw = Stopwatch.StartNew();
            sample = ManifestSampler.Draw(Seed, manifest, draws);
            sampled[r] = sw.Elapsed.TotalMilliseconds;
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / Repetitions;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64;

        var raw = new double[Repetitions];
        for (var r = 0; r < Repetitions; r++)
        {
            raw[r] = RawHashes(manifest);
        }

        var rawMedian = Stats.Median(raw);
        var sampleMedian = Stats.Median(sampled);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {Repetitions}: {draws:N0} draws with replacement from {ballots:N0} ballots ({batches:N0} batches of {ballotsPerBatch:N0}) " +
            $"in {sampleMedian / 1000:F2} s ({ballots / sampleMedian * 1000:N0} ballots/s); raw SHA256.HashData of the same messages " +
            $"{rawMedian / 1000:F2} s; ratio raw/sampler {rawMedian / sampleMedian:F2} (target >= 0.7)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set after sampling {peak / 1048576.0:F0} MB (target < 200 MB); allocated per draw run {allocated / 1048576.0:F1} MB; " +
            $"distinct ballots {sample.Select(t => t.Id).Distinct().Count():N0}, drawn more than once {sample.Count(t => t.Generation > 1):N0}"));
        output.WriteLine("first tickets: " + string.Join(", ", sample.Take(3).Select(t =>
            $"{t.TicketNumber} {ArloBallotIds.ProductionBallot(t.Id.Batch.Item1, t.Id.Batch.Item2, t.Id.Batch.Item3, t.Id.Position)}")));
    }

    private static List<SamplerBatch<(string Jurisdiction, string Tabulator, string Batch)>> Manifest(int batches, int ballotsPerBatch) =>
        [.. Enumerable.Range(1, batches).Select(i =>
        {
            var key = ("County " + ((i - 1) / 1000 + 1).ToString(CultureInfo.InvariantCulture),
                "Tabulator " + ((i - 1) / 100 % 10 + 1).ToString(CultureInfo.InvariantCulture),
                "Batch " + i.ToString("D5", CultureInfo.InvariantCulture));
            return new SamplerBatch<(string, string, string)>(key, ArloBallotIds.ProductionBatch(key.Item1, key.Item2, key.Item3), ballotsPerBatch);
        })];

    // Times only SHA256.HashData over each batch's messages, which are built (untimed) into one buffer per batch.
    private static double RawHashes<TBatch>(IReadOnlyList<SamplerBatch<TBatch>> manifest)
    {
        var seedHash = ConsistentSampler.Sha256Hex(Seed);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var ticks = 0L;
        foreach (var batch in manifest)
        {
            var messages = new byte[batch.Count][];
            for (var p = 1; p <= batch.Count; p++)
            {
                messages[p - 1] = Encoding.UTF8.GetBytes(seedHash + "(" + batch.Rendered + ", " + p.ToString(CultureInfo.InvariantCulture) + ")");
            }

            var start = Stopwatch.GetTimestamp();
            foreach (var m in messages)
            {
                SHA256.HashData(m, hash);
            }

            ticks += Stopwatch.GetTimestamp() - start;
        }

        return ticks * 1000.0 / Stopwatch.Frequency;
    }
}
