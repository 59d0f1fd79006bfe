using static Canvass.Audit.Tests.AuditTestData;

namespace Canvass.Audit.Tests;

/// <summary>Providence edge cases beyond the recorded vectors.</summary>
public sealed class ProvidenceTests
{
    /// <summary>Higher stopping goals need more ballots; a wider margin needs fewer.</summary>
    [Fact]
    public void FirstRound_Monotone()
    {
        var close = Providence.SampleSizeOptions(10, Contest(100_000, 1, ("a", 52_000), ("b", 48_000)));
        var wide = Providence.SampleSizeOptions(10, Contest(100_000, 1, ("a", 60_000), ("b", 40_000)));
        Assert.Equal(["0.7", "0.8", "0.9"], close.Select(o => o.Key));
        Assert.True(close[0].Size < close[1].Size && close[1].Size < close[2].Size);
        Assert.All(close.Zip(wide), p => Assert.True(p.Second.Size < p.First.Size));
    }

    /// <summary>Once the audit has stopped every option is the total drawn so far, and the risk stays met.</summary>
    [Fact]
    public void Stopped_OptionsAreTheTotalSoFar()
    {
        var contest = Contest(1000, 1, ("a", 700), ("b", 300));
        IReadOnlyList<(long, IReadOnlyDictionary<string, long>)> rounds = [(100, Votes(("a", 80), ("b", 20)))];
        var risk = Providence.ComputeRisk(10, contest, rounds);
        Assert.True(risk.Finished);
        Assert.All(Providence.SampleSizeOptions(10, contest, rounds), o => Assert.Equal(100, o.Size));
    }

    /// <summary>A risk needs at least one round, and a cumulative count cannot fall.</summary>
    [Fact]
    public void BadRounds_Throw()
    {
        var contest = Contest(1000, 1, ("a", 550), ("b", 450));
        Assert.Throws<InvalidOperationException>(() => Providence.ComputeRisk(10, contest, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Providence.ComputeRisk(0, contest, [(10, Votes(("a", 5), ("b", 5)))]));
    }
}
