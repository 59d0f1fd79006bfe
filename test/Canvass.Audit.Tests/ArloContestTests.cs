using static Canvass.Audit.Tests.AuditTestData;

namespace Canvass.Audit.Tests;

/// <summary>Edge cases of Arlo's contest margins beyond the recorded vectors.</summary>
public sealed class ArloContestTests
{
    /// <summary>A tie: the candidate listed first wins (Python's stable sort) and the diluted margin is 0.</summary>
    [Fact]
    public void Tie_FirstListedWins_MarginZero()
    {
        var contest = Contest(1000, 1, ("b", 400), ("a", 400), ("c", 100));
        Assert.Equal(["b"], contest.Winners.Select(w => w.Key));
        Assert.Equal(["a", "c"], contest.Losers.Select(w => w.Key));
        Assert.Equal(0.0, contest.DilutedMargin);
        Assert.Equal(0.5, contest.Margins.Winners["b"].Swl["a"]);
    }

    /// <summary>A landslide with a zero-vote loser: swl is 1 and the margin is the winner's diluted share.</summary>
    [Fact]
    public void Landslide_ZeroVoteLoser()
    {
        var contest = Contest(1000, 1, ("a", 900), ("b", 0));
        Assert.Equal(1.0, contest.Margins.Winners["a"].Swl["b"]);
        Assert.Equal(0.0, contest.Margins.Losers["b"].PL);
        Assert.Equal(0.9, contest.DilutedMargin);
    }

    /// <summary>No losers: the diluted margin is −1 and every winner's swl is empty.</summary>
    [Fact]
    public void NoLosers_MarginMinusOne()
    {
        var contest = Contest(500, 2, ("a", 300), ("b", 200));
        Assert.Equal(-1.0, contest.DilutedMargin);
        Assert.Empty(contest.Losers);
        Assert.All(contest.Margins.Winners.Values, w => Assert.Empty(w.Swl));
    }

    /// <summary>Multi-winner: the margin is the smallest winner − loser difference (the last winner vs the first loser).</summary>
    [Fact]
    public void MultiWinner_SmallestPair()
    {
        var contest = Contest(1000, 2, ("a", 500), ("b", 260), ("c", 240));
        Assert.Equal(20 / 1000.0, contest.DilutedMargin);
        Assert.Equal(500 / 1000.0, contest.Margins.Winners["a"].SW);
    }

    /// <summary>Arlo starts the running minimum at the ballot count, so an impossible margin caps at 1.</summary>
    [Fact]
    public void MarginLargerThanBallots_CapsAtOne()
    {
        var contest = Contest(100, 1, ("a", 300), ("b", 0));
        Assert.Equal(1.0, contest.DilutedMargin);
    }
}
