namespace Canvass.Audit.Tests;

/// <summary>The PPEB sampler's own properties, beyond Arlo's recorded vectors.</summary>
public sealed class PpebSamplerTests
{
    private const string Seed = "01234567890123456789";

    private static List<KeyValuePair<string, double>> Batches(int count, double firstShare)
    {
        var rest = (1 - firstShare) / (count - 2);
        // The last batch has error bound 0 and must never be drawn.
        return [.. Enumerable.Range(0, count).Select(i => new KeyValuePair<string, double>(
            "b" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), i == 0 ? firstShare : i == count - 1 ? 0 : rest))];
    }

    private static IReadOnlyList<PpebDraw<string>> Draw(string seed, List<KeyValuePair<string, double>> batches, int size, IReadOnlyList<string>? previous = null) =>
        PpebSampler.Draw(seed, batches, PythonRepr.String, StringComparer.Ordinal, size, previous ?? []);

    [Fact]
    public void SameSeedSameDrawsOtherSeedOtherDraws()
    {
        var batches = Batches(100, 0.1);
        var a = Draw(Seed, batches, 20);
        var b = Draw(Seed, batches, 20);
        var c = Draw(Seed + "0", batches, 20);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(d => d.Batch), c.Select(d => d.Batch));
    }

    [Fact]
    public void LaterRoundContinuesTheStream()
    {
        var batches = Batches(100, 0.1);
        var both = Draw(Seed, batches, 30);
        var second = Draw(Seed, batches, 18, [.. both.Take(12).Select(d => d.Batch)]);
        Assert.Equal(both.Skip(12), second);
    }

    [Fact]
    public void DrawsAreProportionalToErrorBoundAndWithReplacement()
    {
        var batches = Batches(2000, 0.5);
        var draws = Draw(Seed, batches, 1999);
        var first = draws.Count(d => d.Batch == "b0000");
        // Binomial(1999, 0.5): mean 999.5, sd 22.4; the seed is fixed, so this is a check of the stream, not a flaky test.
        Assert.InRange(first, 999.5 - (5 * 22.4), 999.5 + (5 * 22.4));
        Assert.DoesNotContain(draws, d => d.Batch == "b1999");
        // Repeat draws of a batch are labelled with increasing tickets.
        var labels = draws.Where(d => d.Batch == "b0000").Select(d => d.TicketNumber).ToList();
        Assert.Equal(labels.Order(StringComparer.Ordinal), labels);
        Assert.Equal(labels.Count, labels.Distinct().Count());
    }

    [Fact]
    public void FullHandTallyIsEveryRemainingBatchInOrder()
    {
        var batches = Batches(5, 0.5);
        var draws = Draw(Seed, batches, 3, ["b0003", "b0001"]);
        Assert.Equal(["b0000", "b0002", "b0004"], draws.Select(d => d.Batch));
    }

    [Fact]
    public void ProbabilitiesMustSumToOne() =>
        Assert.Throws<ArgumentException>(() => Draw(Seed, [new("a", 0.5), new("b", 0.4), new("c", 0)], 1));
}
