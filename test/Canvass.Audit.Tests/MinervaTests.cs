using static Canvass.Audit.Tests.AuditTestData;

namespace Canvass.Audit.Tests;

/// <summary>Minerva edge cases beyond the recorded vectors.</summary>
public sealed class MinervaTests
{
    /// <summary>Arlo's fallbacks: no losers → −1, a tie → every ballot, a zero-vote loser → 4.</summary>
    [Fact]
    public void FirstRound_Fallbacks()
    {
        Assert.All(Minerva.SampleSizeOptions(10, Contest(300, 1, ("a", 300))), o => Assert.Equal(-1, o.Size));
        Assert.All(Minerva.SampleSizeOptions(10, Contest(1000, 1, ("a", 450), ("b", 450), ("c", 100))), o => Assert.Equal(1000, o.Size));
        Assert.All(Minerva.SampleSizeOptions(10, Contest(1000, 1, ("a", 600), ("b", 400), ("c", 0))), o => Assert.Equal(4, o.Size));
    }

    /// <summary>After round 1 the schedule is fixed: first size × 1.5^(rounds so far + 1), offered at 90%.</summary>
    [Fact]
    public void LaterRounds_FixedSchedule()
    {
        var contest = Contest(1000, 1, ("a", 600), ("b", 400));
        Assert.Equal([new PollingSampleSizeOption("0.9", null, 225, 0.9)], Minerva.SampleSizeOptions(10, contest, [100]));
        Assert.Equal(337, Assert.Single(Minerva.SampleSizeOptions(10, contest, [100, 225])).Size);
    }

    /// <summary>Stronger evidence never raises the risk, and a round with more votes than ballots is refused.</summary>
    [Fact]
    public void Risk_FallsWithEvidence_AndChecksCounts()
    {
        var contest = Contest(1200, 1, ("a", 600), ("b", 400), ("c", 100));
        var weak = Minerva.ComputeRisk(10, contest, [(100, Votes(("a", 45), ("b", 40), ("c", 3)))]);
        var strong = Minerva.ComputeRisk(10, contest, [(100, Votes(("a", 60), ("b", 30), ("c", 3)))]);
        Assert.True(strong.Risk < weak.Risk);
        Assert.True(strong.Finished);
        Assert.False(weak.Finished);
        Assert.Throws<InvalidOperationException>(() => Minerva.ComputeRisk(10, contest, [(50, Votes(("a", 45), ("b", 40)))]));
    }

    /// <summary>A round after the audit already finished is refused, as athena refuses it.</summary>
    [Fact]
    public void RoundAfterCompletion_Throws()
    {
        var contest = Contest(1200, 1, ("a", 600), ("b", 400), ("c", 100));
        Assert.Throws<InvalidOperationException>(() => Minerva.ComputeRisk(10, contest,
            [(100, Votes(("a", 70), ("b", 25), ("c", 3))), (100, Votes(("a", 50), ("b", 40), ("c", 3)))]));
    }
}
