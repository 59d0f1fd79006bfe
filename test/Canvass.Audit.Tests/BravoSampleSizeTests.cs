using static Canvass.Audit.Tests.AuditTestData;

namespace Canvass.Audit.Tests;

/// <summary>BRAVO sample-size options beyond the recorded vectors: ties, landslides, no losers, bad risk limits.</summary>
public sealed class BravoSampleSizeTests
{
    private static Dictionary<string, IReadOnlyDictionary<string, long>> Round(params (string Name, long Votes)[] votes) =>
        new(StringComparer.Ordinal) { ["r1"] = votes.ToDictionary(v => v.Name, v => v.Votes, StringComparer.Ordinal) };

    /// <summary>A tie (the last winner and the first loser have the same votes) means a full hand count.</summary>
    [Fact]
    public void Tie_AllBallots()
    {
        var options = Bravo.SampleSizeOptions(10, Contest(1000, 1, ("a", 450), ("b", 450), ("c", 100)));
        Assert.Equal([new PollingSampleSizeOption("all-ballots", "all-ballots", 1000, null)], options);
    }

    /// <summary>Every loser at 0 votes: one ballot confirms the outcome.</summary>
    [Fact]
    public void Landslide_OneBallot()
    {
        var options = Bravo.SampleSizeOptions(5, Contest(1000, 1, ("a", 990), ("b", 0), ("c", 0)));
        Assert.Equal([new PollingSampleSizeOption("asn", "ASN", 1, 1)], options);
    }

    /// <summary>Without losers there is nothing to audit.</summary>
    [Fact]
    public void NoLosers_Throws() =>
        Assert.Throws<ArgumentException>(() => Bravo.SampleSizeOptions(10, Contest(500, 2, ("a", 300), ("b", 200))));

    /// <summary>Risk limits are integer percent below 100; 0 means a full hand count.</summary>
    [Fact]
    public void RiskLimit_ZeroIsAllBallots_OutOfRangeThrows()
    {
        var contest = Contest(1000, 1, ("a", 600), ("b", 400));
        Assert.Equal("all-ballots", Assert.Single(Bravo.SampleSizeOptions(0, contest)).Key);
        Assert.Throws<ArgumentOutOfRangeException>(() => Bravo.SampleSizeOptions(100, contest));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bravo.SampleSizeOptions(-1, contest));
    }

    /// <summary>Once every ballot has been drawn no further round can be sized.</summary>
    [Fact]
    public void EveryBallotSampled_Throws() =>
        Assert.Throws<InvalidOperationException>(() =>
            Bravo.SampleSizeOptions(10, Contest(100, 1, ("a", 60), ("b", 40)), Round(("a", 60), ("b", 40)), [100]));

    /// <summary>A sample that already meets the risk limit has no next round.</summary>
    [Fact]
    public void SampleAlreadyMeetsRiskLimit_Throws() =>
        Assert.Throws<InvalidOperationException>(() =>
            Bravo.SampleSizeOptions(10, Contest(1000, 1, ("a", 600), ("b", 400)), Round(("a", 200), ("b", 0)), [200]));

    /// <summary>Multi-winner contests get the ASN only, without a probability.</summary>
    [Fact]
    public void MultiWinner_AsnOnly()
    {
        var option = Assert.Single(Bravo.SampleSizeOptions(10, Contest(700, 2, ("a", 300), ("b", 200), ("c", 100))));
        Assert.Equal(new PollingSampleSizeOption("asn", "ASN", 101, null), option);
    }

    /// <summary>The options grow with the quantile and a tighter risk limit never needs fewer ballots.</summary>
    [Fact]
    public void Options_Monotone()
    {
        var contest = Contest(100_000, 1, ("a", 52_000), ("b", 46_000), ("c", 2_000));
        var ten = Bravo.SampleSizeOptions(10, contest);
        var five = Bravo.SampleSizeOptions(5, contest);
        Assert.Equal(["asn", "0.7", "0.8", "0.9"], ten.Select(o => o.Key));
        Assert.True(ten[1].Size < ten[2].Size && ten[2].Size < ten[3].Size);
        Assert.All(ten.Zip(five), p => Assert.True(p.First.Size <= p.Second.Size));
    }

    /// <summary>Not-found ballots are added for every loser, in their own round, without touching the input.</summary>
    [Fact]
    public void NotFound_CountsForEveryLoser()
    {
        var contest = Contest(1000, 1, ("a", 600), ("b", 300), ("c", 100));
        var sample = Round(("a", 10), ("b", 5));
        var adjusted = Bravo.CountNotFoundAsLoserVotes(contest, sample, new Dictionary<string, long>(StringComparer.Ordinal) { ["r1"] = 2 });
        Assert.Equal(10, adjusted["r1"]["a"]);
        Assert.Equal(7, adjusted["r1"]["b"]);
        Assert.Equal(2, adjusted["r1"]["c"]);
        Assert.False(sample["r1"].ContainsKey("c"));
    }

    /// <summary>A large later round (tens of thousands of votes) is sized without carrying every digit of the statistic.</summary>
    [Fact]
    public void LargeSample_SecondRoundSized()
    {
        var contest = Contest(5_000_000, 1, ("a", 2_510_000), ("b", 2_490_000));
        var options = Bravo.SampleSizeOptions(10, contest, Round(("a", 30_000), ("b", 29_900)), [59_900]);
        Assert.Equal("asn", options[0].Key);
        Assert.True(options[0].Size > 0);
    }
}
