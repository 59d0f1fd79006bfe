using static Canvass.Audit.Tests.AuditTestData;

namespace Canvass.Audit.Tests;

/// <summary>Edge cases of the ballot-comparison (SUPERSIMPLE) math beyond Arlo's recorded vectors. Expected p-values
/// are the closed-form Kaplan–Markov factors evaluated in doubles.</summary>
public sealed class SupersimpleTests
{
    private const double Gamma = 1.03905;

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Marks(params (string Choice, string Mark)[] marks) =>
        new(StringComparer.Ordinal) { ["c"] = marks.ToDictionary(m => m.Choice, m => m.Mark, StringComparer.Ordinal) };

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> ForW = Marks(("w", "1"), ("l", "0"));
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> ForL = Marks(("w", "0"), ("l", "1"));
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Blank = Marks(("w", "0"), ("l", "0"));
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> NoContest = new(StringComparer.Ordinal);

    private static readonly ArloContest SixtyForty = Contest(1000, 1, ("w", 600), ("l", 400));

    private static ComparisonBallot Ballot(string id, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? reported,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? audited, int times = 1) => new(id, times, reported, audited);

    private static long? CountedAs(ComparisonBallot ballot) =>
        Supersimple.ComputeDiscrepancies(SixtyForty, [ballot]).TryGetValue(ballot.BallotId, out var d) ? d.CountedAs : null;

    /// <summary>Every discrepancy kind for a 600–400 contest, with Arlo's special cases.</summary>
    [Fact]
    public void DiscrepancyKinds()
    {
        Assert.Null(CountedAs(Ballot("match", ForW, ForW)));
        Assert.Equal(1, CountedAs(Ballot("o1", ForW, Blank)));
        Assert.Equal(2, CountedAs(Ballot("o2", ForW, ForL)));
        Assert.Equal(-1, CountedAs(Ballot("u1", Blank, ForW)));
        Assert.Equal(-2, CountedAs(Ballot("u2", ForL, ForW)));
        // Not found by the audit board, or no CVR at all: a two-vote overstatement whatever the marks.
        Assert.Equal(2, CountedAs(Ballot("not found", ForL, null)));
        Assert.Equal(2, CountedAs(Ballot("no cvr", null, ForW)));
        // Contest not on the audited ballot → audited (0, 0); not in the CVR → reported (0, 0).
        Assert.Equal(1, CountedAs(Ballot("not on ballot", ForW, NoContest)));
        Assert.Equal(1, CountedAs(Ballot("not in cvr", NoContest, ForL)));
        Assert.Null(CountedAs(Ballot("neither", NoContest, NoContest)));
    }

    /// <summary>ES&amp;S over/undervotes: no error when the audit board saw the same; otherwise the CVR side is all 1s
    /// (overvote) or all 0s (undervote).</summary>
    [Fact]
    public void EssOverAndUndervotes()
    {
        var over = Marks(("w", "o"), ("l", "o"));
        var under = Marks(("w", "u"), ("l", "u"));
        Assert.Null(CountedAs(Ballot("over seen", over, Marks(("w", "1"), ("l", "1")))));
        Assert.Equal(1, CountedAs(Ballot("over, audited loser", over, ForL)));
        Assert.Equal(-1, CountedAs(Ballot("over, audited winner", over, ForW)));
        Assert.Null(CountedAs(Ballot("under seen", under, Blank)));
        Assert.Equal(-1, CountedAs(Ballot("under, audited winner", under, ForW)));
        Assert.Equal(1, CountedAs(Ballot("under, audited loser", under, ForL)));
    }

    /// <summary>The weighted error is the error over the pair's margin, and the worst pair (largest counted_as) is kept.</summary>
    [Fact]
    public void WorstPairAndWeightedError()
    {
        var contest = Contest(1000, 2, ("a", 500), ("b", 300), ("c", 100));
        var reported = Marks(("a", "1"), ("b", "0"), ("c", "0"));
        var audited = Marks(("a", "0"), ("b", "0"), ("c", "1"));
        var d = Supersimple.ComputeDiscrepancies(contest, [Ballot("x", reported, audited)])["x"];
        Assert.Equal(2, d.CountedAs);
        Assert.Equal(2.0 / 400, d.WeightedError); // a vs c, margin 400
    }

    /// <summary>A clean sample: p = (1 − m/2γ)^n.</summary>
    [Fact]
    public void NoDiscrepancies_KaplanMarkovFactor()
    {
        var sample = Enumerable.Range(0, 25).Select(i => Ballot($"b{i}", ForW, ForW)).ToList();
        var risk = Supersimple.ComputeRisk(10, SixtyForty, sample);
        var expected = Math.Pow(1 - (0.2 / (2 * Gamma)), 25);
        Assert.Equal(expected, risk.PValue, 1e-12);
        Assert.True(expected < 0.1);
        Assert.True(risk.Finished);
        Assert.False(Supersimple.ComputeRisk(10, SixtyForty, sample[..20]).Finished);
    }

    /// <summary>A one-vote overstatement divides by (1 − 1/2γ); a two-vote one by (1 − 1/γ); understatements are clipped
    /// to zero, so they change nothing; each draw of a ballot counts.</summary>
    [Fact]
    public void OverstatementsRaiseRisk_UnderstatementsAreClipped()
    {
        // 100 clean ballots keep every p below the cap of 1 (a two-vote overstatement multiplies p by about 24).
        var clean = Enumerable.Range(0, 100).Select(i => Ballot($"b{i}", ForW, ForW)).ToList();
        var baseFactor = 1 - (0.2 / (2 * Gamma));
        var p0 = Supersimple.ComputeRisk(10, SixtyForty, clean).PValue;
        Assert.Equal(Math.Pow(baseFactor, 100), p0, 1e-15);

        var o1 = Supersimple.ComputeRisk(10, SixtyForty, [.. clean, Ballot("o1", ForW, Blank)]).PValue;
        Assert.Equal(Math.Pow(baseFactor, 101) / (1 - (1 / (2 * Gamma))), o1, 1e-15);

        var o2Twice = Supersimple.ComputeRisk(10, SixtyForty, [.. clean, Ballot("o2", ForW, ForL, times: 2)]).PValue;
        Assert.Equal(Math.Pow(baseFactor / (1 - (1 / Gamma)), 2) * Math.Pow(baseFactor, 100), o2Twice, 1e-13);
        Assert.True(o2Twice is > 0.01 and < 0.1, $"{o2Twice}");

        var u2 = Supersimple.ComputeRisk(10, SixtyForty, [.. clean, Ballot("u2", ForL, ForW)]).PValue;
        Assert.Equal(Math.Pow(baseFactor, 101), u2, 1e-15);
    }

    /// <summary>A tie: every factor is 1, so the risk stays 1 and the size is every ballot.</summary>
    [Fact]
    public void Tie_NeedsFullCount()
    {
        var tie = Contest(1000, 1, ("w", 500), ("l", 500));
        var risk = Supersimple.ComputeRisk(10, tie, [Ballot("b", ForW, ForW)]);
        Assert.Equal(new ComparisonRisk(1.0, false), risk);
        Assert.Equal(1000, Supersimple.GetSampleSize(10, tie, null));
    }

    /// <summary>A landslide needs a handful of ballots; a clean round finishes it and leaves nothing more to draw.</summary>
    [Fact]
    public void Landslide_SmallSample()
    {
        var landslide = Contest(10000, 1, ("w", 10000), ("l", 0));
        var size = Supersimple.GetSampleSize(10, landslide, null);
        Assert.Equal(6, size); // Arlo's own answer for this contest (test_supersimple.py, Contest E)
        var sample = Enumerable.Range(0, (int)size).Select(i => Ballot($"b{i}", ForW, ForW)).ToList();
        var risk = Supersimple.ComputeRisk(10, landslide, sample);
        Assert.Equal(Math.Pow(1 - (1 / (2 * Gamma)), 6), risk.PValue, 1e-12);
        Assert.True(risk.Finished);
        Assert.Equal(0, Supersimple.GetSampleSize(10, landslide, Supersimple.CountDiscrepancies(landslide, sample)));
    }

    /// <summary>Overstatements found make the next round bigger; understatements are ignored when sizing.</summary>
    [Fact]
    public void NextRoundSize_GrowsWithOverstatements()
    {
        var clean = Supersimple.GetSampleSize(10, SixtyForty, new ComparisonSampleResults(20, 0, 0));
        var oneO1 = Supersimple.GetSampleSize(10, SixtyForty, new ComparisonSampleResults(20, 1, 0));
        var oneO2 = Supersimple.GetSampleSize(10, SixtyForty, new ComparisonSampleResults(20, 0, 1));
        var withUnder = Supersimple.GetSampleSize(10, SixtyForty, new ComparisonSampleResults(20, 0, 0, 3, 3));
        Assert.True(clean < oneO1, $"{clean} < {oneO1}");
        Assert.True(oneO1 < oneO2, $"{oneO1} < {oneO2}");
        Assert.Equal(clean, withUnder);
    }

    /// <summary>Risk limit 0 asks for every ballot; drawing as many as there are ballots is a full hand count.</summary>
    [Fact]
    public void RiskLimitZero_AndFullHandCount()
    {
        Assert.Equal(1000, Supersimple.GetSampleSize(0, SixtyForty, null));
        var small = Contest(3, 1, ("w", 2), ("l", 1));
        var risk = Supersimple.ComputeRisk(10, small, [Ballot("a", ForW, ForL, times: 2), Ballot("b", ForL, ForL)]);
        Assert.Equal(new ComparisonRisk(0, true), risk);
    }

    /// <summary>Counting for the next round weighs each ballot by its draws and sorts by the worst pair's error.</summary>
    [Fact]
    public void CountDiscrepancies_CountsDraws()
    {
        List<ComparisonBallot> sample =
        [
            Ballot("clean", ForW, ForW, times: 3), Ballot("o1", ForW, Blank, times: 2), Ballot("o2", ForW, ForL),
            Ballot("u1", Blank, ForW), Ballot("u2", ForL, ForW, times: 2), Ballot("lost", ForW, null),
        ];
        Assert.Equal(new ComparisonSampleResults(10, 2, 2, 1, 2), Supersimple.CountDiscrepancies(SixtyForty, sample));
    }
}
