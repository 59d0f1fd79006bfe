using System.Collections.Immutable;
using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Tests;

/// <summary>The workflow's arithmetic for ranked-choice contests: rankings as the board enters them, margins over the
/// frame, each draw's overstatement-assorter value, and the ALPHA risk and sample size, checked against hand
/// computations.</summary>
public sealed class RaireAuditMathTests
{
    private const string Contest = "mayor";

    /// <summary>SHANGRLA's RAIRE notebook election (Alpine wins; 55 ballots), as selection ids.</summary>
    private static List<ImmutableArray<string>> Alpine() =>
    [
        .. Enumerable.Repeat(ImmutableArray.Create("A", "B", "C"), 10),
        .. Enumerable.Repeat(ImmutableArray.Create("A", "B", "D"), 10),
        .. Enumerable.Repeat(ImmutableArray.Create("B"), 25),
        .. Enumerable.Repeat(ImmutableArray.Create("C", "A", "B"), 6),
        .. Enumerable.Repeat(ImmutableArray.Create("D", "A", "B"), 4),
    ];

    [Theory]
    [InlineData(new[] { "a", "b", "c" }, "a,b,c")]
    [InlineData(new[] { "a", "", "c" }, "a,c")]
    [InlineData(new[] { "", "b" }, "b")]
    [InlineData(new[] { "a", "b|c", "d" }, "a")]
    [InlineData(new[] { "b|c", "a" }, "")]
    [InlineData(new[] { "a", "b", "a", "c" }, "a,b,c")]
    public void Preferences_FollowTheRankedCvrRules(string[] ranks, string expected) =>
        Assert.Equal(expected, string.Join(",", RaireAuditMath.Preferences(ranks)));

    [Fact]
    public void Audited_BlankAndCantAgreeAreEmptyRankings_NotOnBallotIsNoContest()
    {
        Assert.Null(RaireAuditMath.Audited(null));
        Assert.Null(RaireAuditMath.Audited(new ContestInterpretation(Contest, Interpretations.NotOnBallot, [], false)));
        Assert.Empty(RaireAuditMath.Audited(new ContestInterpretation(Contest, Interpretations.Blank, [], false))!.Value);
        Assert.Empty(RaireAuditMath.Audited(new ContestInterpretation(Contest, Interpretations.CantAgree, [], false))!.Value);
        Assert.Equal(["a", "c"], RaireAuditMath.Audited(new ContestInterpretation(Contest, Interpretations.Vote, ["a", "", "c", "d|e"], true))!.Value);
    }

    [Fact]
    public void Generate_MarginsAreOverTheFrame_HardestFirst()
    {
        var (result, assertions) = RaireAuditMath.Generate(Contest, ["A", "B", "C", "D"], "A", Alpine(), 55);
        Assert.True(result.IsSuccess, result.Problem);

        // By hand (ShangrlaRaireTests): A > B with {A, B} left 30–25, A NEB C 20–6, A NEB D 20–4.
        Assert.Equal(["A NEN B | {A, B} 0.09090909090909091", "A NEB C 0.2545454545454545", "A NEB D 0.2909090909090909"],
            assertions.Select(a => $"{a.Describe()} {a.Margin}"));

        // A frame twice the CVRs (the other 55 ballots without the contest assort ½) halves every margin.
        var (_, diluted) = RaireAuditMath.Generate(Contest, ["A", "B", "C", "D"], "A", Alpine(), 110);
        Assert.Equal(assertions.Select(a => double.Parse(a.Margin, System.Globalization.CultureInfo.InvariantCulture) / 2),
            diluted.Select(a => double.Parse(a.Margin, System.Globalization.CultureInfo.InvariantCulture)), new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Generate_TiedContest_HasAProblem()
    {
        List<ImmutableArray<string>> ballots = [.. Enumerable.Repeat(ImmutableArray.Create("P"), 5), .. Enumerable.Repeat(ImmutableArray.Create("Q"), 5)];
        var (result, assertions) = RaireAuditMath.Generate(Contest, ["P", "Q"], "P", ballots, 10);
        Assert.False(result.IsSuccess);
        Assert.Empty(assertions);
    }

    [Fact]
    public void Value_CleanDiscrepantAndNotFoundDraws()
    {
        var nen = RaireAuditMath.ToAssertion(Contest, new RaireAssertion(RaireAssertion.Nen, "A", "B", ["A", "B"], "0.2"));
        var neb = RaireAuditMath.ToAssertion(Contest, new RaireAssertion(RaireAssertion.Neb, "A", "C", [], "0.2"));
        var clean = new RankedDraw("1", false, ["A", "B"], ["A", "B"]);
        var reversed = new RankedDraw("2", false, ["B", "A"], ["A", "B"]);
        var lost = new RankedDraw("3", true, null, ["B", "A"]);
        var noCvr = new RankedDraw("4", false, ["A"], null);

        // No error: 1/(2 − v). ω = 1 (A on the CVR, B on the paper): 0. Not found: 0 whatever the CVR says.
        Assert.Equal(1 / 1.8, RaireAuditMath.Value(Contest, nen, clean), 15);
        Assert.Equal(0, RaireAuditMath.Value(Contest, nen, reversed), 15);
        Assert.Equal(0, RaireAuditMath.Value(Contest, nen, lost), 15);
        Assert.Equal(0, RaireAuditMath.Value(Contest, neb, lost), 15);

        // A NEB C: the reversed paper ranks B first and C nowhere (½) where the CVR ranks A first (1): ω = ½.
        Assert.Equal(0.5, RaireAuditMath.Overstatement(Contest, neb, reversed), 15);

        // A ballot without a CVR assorts ½ on the CVR side; paper with A first assorts 1: a one-vote understatement.
        Assert.Equal(-0.5, RaireAuditMath.Overstatement(Contest, nen, noCvr), 15);
    }

    [Fact]
    public void Measure_CleanDrawsGiveAlphasClosedForm_AndTheContestRiskIsTheLargest()
    {
        RaireAssertion[] assertions =
        [
            new(RaireAssertion.Nen, "A", "B", ["A", "B"], "0.2"),
            new(RaireAssertion.Neb, "A", "C", [], "0.4"),
        ];
        var draws = Enumerable.Range(0, 30).Select(i => new RankedDraw(i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), false, ["A", "B"], ["A", "B"])).ToList();
        var measured = RaireAuditMath.Measure(10, Contest, assertions, draws);
        Assert.Equal(Math.Pow(Factor(0.2, 1 / 1.8), -30), double.Parse(measured.Assertions[0].PValue, System.Globalization.CultureInfo.InvariantCulture), 14);
        Assert.Equal(Math.Pow(Factor(0.4, 1 / 1.6), -30), double.Parse(measured.Assertions[1].PValue, System.Globalization.CultureInfo.InvariantCulture), 14);
        Assert.Equal(double.Parse(measured.Assertions[0].PValue, System.Globalization.CultureInfo.InvariantCulture), measured.PValue);

        var none = RaireAuditMath.Measure(10, Contest, assertions, []);
        Assert.Equal(1, none.PValue);
        Assert.False(none.RiskLimitMet);
    }

    [Fact]
    public void SampleSize_IsTheFirstCrossingOfShangrlasConstructedData()
    {
        var assertion = new RaireAssertion(RaireAssertion.Nen, "A", "B", ["A", "B"], "0.05");
        var size = RaireAuditMath.SampleSize(5, Contest, assertion, [], 100_000);

        // By hand: a one-vote overstatement first, then clean draws, until the product reaches 1/α.
        var t = Factor(0.05, 0.5 / 1.95);
        var n = 1;
        while (t < 20)
        {
            // SHANGRLA's construction puts a one-vote overstatement at every 1000th draw.
            t *= Factor(0.05, n % 1000 == 0 ? 0.5 / 1.95 : 1 / 1.95);
            n++;
        }

        Assert.Equal(n, size);

        // After ten clean draws the constructed data still holds the same values (the product does not depend on order):
        // ten fewer to go.
        var clean = Enumerable.Range(0, 10).Select(i => new RankedDraw(i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), false, ["A"], ["A"])).ToList();
        var options = RaireAuditMath.Options(5, Contest, [assertion], clean, 5000);
        Assert.Equal("raire-alpha", options[0].Id);
        Assert.Equal(n - 10, options[0].Size);
    }

    // ALPHA's factor with optimal_comparison η (p₂ = 10⁻⁵), t = ½, u = 2/(2 − v).
    private static double Factor(double v, double x)
    {
        const double p2 = 1e-5;
        var u = 2 / (2 - v);
        var eta = ((1 - (u * (1 - p2))) / (2 - (2 * u))) + (u * (1 - p2)) - 0.5;
        return ((x * eta / 0.5) + ((u - x) * (u - eta) / (u - 0.5))) / u;
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
