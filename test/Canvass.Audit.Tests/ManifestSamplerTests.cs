using FsCheck.Xunit;

namespace Canvass.Audit.Tests;

/// <summary>The constant-memory manifest sampler draws exactly the reference sampler's tickets (which keeps every
/// ticket of every ballot in a priority queue, as Arlo does).</summary>
public sealed class ManifestSamplerTests
{
    private static readonly string[] Names = ["pct 1", "Batch 'A'", "Precinct \"7\"", "Ñandú", "b\\x", "", "Tab 2 / Box 10"];

    /// <summary>Any small manifest, seed, round split and replacement mode: same tickets, ids and generations.</summary>
    [Property(MaxTest = 150)]
    public void Draw_AnyManifest_MatchesReference(byte[] batchSizes, ulong seed, byte take, byte drop, bool withReplacement)
    {
        var manifest = batchSizes.Take(12)
            .Select((size, i) => new SamplerBatch<string>(Names[i % Names.Length] + i, PythonRepr.String(Names[i % Names.Length] + i), size % 40))
            .ToList();
        var seedText = seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var total = (int)ManifestSampler.BallotCount(manifest);
        var numSampled = withReplacement ? drop % 30 : Math.Min(drop % 30, total);
        var sampleSize = take % 50;

        var fast = ManifestSampler.Draw(seedText, manifest, sampleSize, numSampled, withReplacement);
        var reference = ConsistentSampler.DrawSample(seedText,
            manifest.Select(b => new KeyValuePair<string, IReadOnlyList<int>>(b.Batch, [.. Enumerable.Range(1, b.Count)])),
            PythonRepr.String, sampleSize, numSampled, withReplacement);

        Assert.Equal(reference.Select(t => (t.TicketNumber, t.Id, t.Generation)), fast.Select(t => (t.TicketNumber, t.Id, t.Generation)));
    }

    /// <summary>A round that continues the stream gives the same draws as one longer round.</summary>
    [Fact]
    public void Draw_LaterRound_ContinuesTheStream()
    {
        var manifest = Enumerable.Range(1, 20).Select(i => new SamplerBatch<int>(i, PythonRepr.String("b" + i), 50)).ToList();
        var whole = ManifestSampler.Draw("12345678901234567890", manifest, 300);
        var first = ManifestSampler.Draw("12345678901234567890", manifest, 120);
        var second = ManifestSampler.Draw("12345678901234567890", manifest, 180, numSampled: 120);
        Assert.Equal(whole, [.. first, .. second]);
        Assert.Contains(whole, t => t.Generation > 1); // 300 of 1,000 with replacement: some ballot is drawn twice
    }

    /// <summary>Without replacement every ballot is drawn at most once, and asking for more than there are gives all.</summary>
    [Fact]
    public void Draw_WithoutReplacement_DrawsEachBallotOnce()
    {
        var manifest = new[] { new SamplerBatch<string>("a", PythonRepr.String("a"), 7), new SamplerBatch<string>("b", PythonRepr.String("b"), 5) };
        var all = ManifestSampler.Draw("seed", manifest, 100, withReplacement: false);
        Assert.Equal(12, all.Count);
        Assert.Equal(12, all.Select(t => t.Id).Distinct().Count());
        Assert.All(all, t => Assert.Equal(1, t.Generation));
    }
}
