namespace Canvass.Audit.Tests;

/// <summary>SUITE's behaviour beyond Arlo's recorded vectors.</summary>
public sealed class SuiteTests
{
    private static readonly ArloContest Contest = new("ex1", [new("winner", 600), new("loser", 400)], 1000, 1);

    private static SuitePollingStratum Polling(long sampleSize = 0, long winnerVotes = 0, long loserVotes = 0) =>
        new(300, new Dictionary<string, long> { ["winner"] = 200, ["loser"] = 100 },
            sampleSize == 0 ? [] : [new Dictionary<string, long> { ["winner"] = winnerVotes, ["loser"] = loserVotes }], sampleSize);

    private static SuiteComparisonStratum Comparison(long sampleSize = 0, long o1 = 0, long o2 = 0) =>
        new(700, new Dictionary<string, long> { ["winner"] = 400, ["loser"] = 300 },
            new Dictionary<(string, string), SuiteMisstatements> { [("winner", "loser")] = new(o1, o2, 0, 0) }, sampleSize);

    [Fact]
    public void CleanerBiggerSamplesLowerTheRisk()
    {
        // Arlo's escalation example scaled up: 24 polled ballots (14 winner, 10 loser) and 56 clean CVR draws, ×2, ×4.
        var risks = new[] { 1, 2, 4 }.Select(k => Suite.ComputeRisk(5, Contest, Polling(24 * k, 14 * k, 10 * k), Comparison(56 * k)).PValue).ToList();
        Assert.True(risks[0] > risks[1] && risks[1] > risks[2], string.Join(", ", risks));
    }

    [Fact]
    public void OverstatementsRaiseTheRisk()
    {
        var clean = Suite.ComputeRisk(5, Contest, Polling(24, 14, 10), Comparison(56)).PValue;
        var dirty = Suite.ComputeRisk(5, Contest, Polling(24, 14, 10), Comparison(56, o1: 2)).PValue;
        Assert.True(dirty > clean, $"{dirty} vs {clean}");
    }

    [Fact]
    public void SampleSizeMeetsTheRiskLimitWhenTheSampleLooksAsExpected()
    {
        var size = Suite.GetSampleSize(5, Contest, Polling(), Comparison());
        Assert.False(size.RecountNeeded);
        var nRatio = 700.0 / 1000;
        Assert.InRange(Suite.TryN(size.Cvr + size.NonCvr, 0.05, Contest, "winner", "loser", Polling(), Comparison(), nRatio), 0, 0.05);
    }

    [Fact]
    public void BothStrataCountedIsZeroRiskAndFlagged()
    {
        var risk = Suite.ComputeRisk(10, Contest, Polling(300, 200, 100), Comparison(700));
        Assert.Equal(new SuiteRisk(0, true, true), risk);
    }

    [Fact]
    public void StrataThatDoNotAddUpToTheContestAreRejected() =>
        Assert.Throws<ArgumentException>(() => Suite.MaximizeFisherCombinedPValue(
            0.05, new ArloContest("ex1", [new("winner", 610), new("loser", 400)], 1000, 1), Polling(24, 14, 10), Comparison(56), "winner", "loser"));

    [Fact]
    public void MisstatementsCountEachBallotOnceWhateverTimesSampled()
    {
        static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Cvr(string w, string l) =>
            new Dictionary<string, IReadOnlyDictionary<string, string>> { ["ex1"] = new Dictionary<string, string> { ["winner"] = w, ["loser"] = l } };
        var audited = new List<ComparisonBallot>
        {
            new("b1", 3, Cvr("1", "0"), Cvr("0", "0")),
            new("b2", 1, Cvr("1", "0"), Cvr("0", "1")),
            new("b3", 2, Cvr("0", "1"), Cvr("1", "0")),
            new("b4", 1, Cvr("1", "0"), null),
        };
        var counts = Suite.Misstatements(Contest, audited);
        // b1 one-vote, b2 and b4 (not found) two-vote; b3's understatement is not reported.
        Assert.Equal(new SuiteMisstatements(1, 2, 0, 0), counts[("winner", "loser")]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-5)]
    public void RiskLimitOutOfRangeIsRejected(int riskLimit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Suite.GetSampleSize(riskLimit, Contest, Polling(), Comparison()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Suite.ComputeRisk(riskLimit, Contest, Polling(24, 14, 10), Comparison(56)));
    }

    [Fact]
    public void ContestWithoutLosersIsRejected()
    {
        var unopposed = new ArloContest("ex1", [new("winner", 600)], 1000, 1);
        Assert.Throws<ArgumentException>(() => Suite.GetSampleSize(5, unopposed, Polling(), Comparison()));
        Assert.Throws<ArgumentException>(() => Suite.ComputeRisk(5, unopposed, Polling(), Comparison()));
    }

    [Fact]
    public void TinyLaterRoundSampleStillGrows()
    {
        // 4 ballots sampled so far: Arlo starts at 5 and int(1.1 × 5) = 5 forever; Canvass moves on to 6, 7, ….
        var size = Suite.GetSampleSize(5, Contest, Polling(1, 1, 0), Comparison(3));
        Assert.True(size.Cvr + size.NonCvr > 5, size.ToString());
    }
}
