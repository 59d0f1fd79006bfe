using static Canvass.Audit.Tests.AuditTestData;

namespace Canvass.Audit.Tests;

/// <summary>The single entry point gives what Arlo's ballot_polling.py gives, for each math type.</summary>
public sealed class BallotPollingTests
{
    /// <summary>Arlo's test_ballot_polling_not_found_ballots snapshot: one not-found ballot counted for both losers.</summary>
    [Fact]
    public void Bravo_NotFoundBallots_MatchArloSnapshot()
    {
        var contest = Contest(1000, 2, ("cand1", 500), ("cand2", 200), ("cand3", 100), ("cand4", 100));
        var measured = BallotPolling.ComputeRisk(PollingMath.Bravo, 10, contest,
            [new PollingRound(93, Votes(("cand1", 50), ("cand2", 20), ("cand3", 10), ("cand4", 12)), NotFound: 1)]);
        Assert.Equal(0.6171797036275707, measured.PValues[("cand2", "cand4")]);
        Assert.Equal(1.431846034590505e-06, measured.PValues[("cand1", "cand3")]);
        Assert.Equal(0.6171797036275707, measured.Risk);
        Assert.False(measured.Finished);
    }

    /// <summary>Providence through the entry point reproduces Arlo's test_minerva2 compute_risk value.</summary>
    [Fact]
    public void Providence_MatchesArlo()
    {
        var contest = Contest(100_000, 1, ("A", 60_000), ("B", 40_000));
        var measured = BallotPolling.ComputeRisk(PollingMath.Providence, 10, contest, [new PollingRound(100, Votes(("A", 54), ("B", 46)))]);
        Assert.Equal(0.26687309129601755, measured.Risk, 1e-6 * 0.26687309129601755);
        Assert.False(measured.Finished);
    }

    /// <summary>Minerva through the entry point reproduces Arlo's test_minerva compute_risk value.</summary>
    [Fact]
    public void Minerva_MatchesArlo()
    {
        var contest = Contest(1200, 1, ("a", 600), ("b", 400), ("c", 100));
        var measured = BallotPolling.ComputeRisk(PollingMath.Minerva, 10, contest, [new PollingRound(100, Votes(("a", 40), ("b", 40), ("c", 3)))]);
        Assert.Equal(0.559643461520956, measured.Risk, 1e-6 * 0.559643461520956);
        Assert.False(measured.Finished);
    }

    /// <summary>Options before round 1 as Arlo's test_bravo / test_minerva / test_minerva2 record them.</summary>
    [Fact]
    public void FirstRoundOptions_PerMath()
    {
        var sixtyForty = Contest(1000, 1, ("cand1", 600), ("cand2", 400));
        Assert.Equal([119L, 184, 244, 351], BallotPolling.SampleSizeOptions(PollingMath.Bravo, 10, sixtyForty, []).Select(o => o.Size));
        var threeWay = Contest(1000, 1, ("a", 300), ("b", 200), ("c", 200));
        Assert.Equal([222L, 276, 358], BallotPolling.SampleSizeOptions(PollingMath.Minerva, 10, threeWay, []).Select(o => o.Size));
        var providence = Contest(100_000, 1, ("a", 60_000), ("b", 40_000));
        Assert.Equal([106L, 136, 173], BallotPolling.SampleSizeOptions(PollingMath.Providence, 10, providence, []).Select(o => o.Size));
    }

    /// <summary>After round 1: BRAVO sizes the additional draws from the cumulative sample (Arlo's test_get_sample_size).</summary>
    [Fact]
    public void Bravo_SecondRoundOptions()
    {
        var contest = Contest(900, 1, ("cand1", 600), ("cand2", 200), ("cand3", 100));
        var options = BallotPolling.SampleSizeOptions(PollingMath.Bravo, 10, contest, [new PollingRound(48, Votes(("cand1", 25), ("cand2", 18), ("cand3", 5)))]);
        Assert.Equal([42L, 57, 66, 87], options.Select(o => o.Size));
        Assert.Equal(0.53, options[0].Probability);
    }
}
