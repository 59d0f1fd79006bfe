using System.Collections.Immutable;
using Canvass.Audit.Shangrla;

namespace Canvass.Audit.Tests;

/// <summary>SHANGRLA's risk functions on cases computed by hand, upstream tests that are not in the vector file, and
/// the identities that tie the parametrizations together.</summary>
public sealed class ShangrlaNonnegMeanTests
{
    /// <summary>With replacement and a fixed η, ALPHA is BRAVO: each 1 multiplies T by η/t, each 0 by (1 − η)/(1 − t).</summary>
    [Fact]
    public void AlphaMart_WithReplacementFixedEta_IsBravoByHand()
    {
        var test = new NonnegMean(new AlphaMart(new FixedAlternativeMean(0.6)));
        var result = test.Measure([1, 0, 1, 1]);

        double[] t = [1.2, 1.2 * 0.8, 1.2 * 0.8 * 1.2, 1.2 * 0.8 * 1.2 * 1.2];
        Assert.Equal(1 / t[3], result.PValue, 14);
        Assert.Equal(t.Select(v => Math.Min(1, 1 / v)), result.History, new ToleranceComparer(1e-14));
    }

    /// <summary>ALPHA with η_j and the betting martingale with λ_j = eta_to_lam(η_j, t_j) are the same martingale.</summary>
    [Theory]
    [InlineData(20.0)]
    [InlineData(double.PositiveInfinity)]
    public void BettingMart_LambdaFromEta_EqualsAlphaMart(double n)
    {
        var source = new Sha256IndexSource("lam-eta");
        for (var trial = 0; trial < 50; trial++)
        {
            var x = Enumerable.Range(0, 10).Select(_ => source.Next(5) / 4.0).ToArray();
            var alphaTest = new NonnegMean(new AlphaMart(new ShrinkTrunc(0.7)), 1, n);
            var etas = new ShrinkTrunc(0.7).Estimate(alphaTest, x);
            var mu = NonnegMean.Sjm(n, 0.5, x).M;
            var lams = etas.Select((eta, j) => alphaTest.EtaToLam(eta, mu[j])).ToArray();
            var alpha = alphaTest.Measure(x);
            var betting = new NonnegMean(new BettingMart(new GivenBets(lams)), 1, n).Measure(x);
            Assert.Equal(alpha.PValue, betting.PValue, 10);
        }
    }

    /// <summary>
    /// SHANGRLA's test_shrink_trunc sequences against the formula by hand: η_j = min(max(t_j(1+ε) + e_j, (dη + S_j)/(d+j−1)),
    /// u(1−ε) − e_j), e_j = c/√(d+j−1). (Older upstream tests capped at u(1−ε) without − e_j; the cap with − e_j is the
    /// one that reproduces the derived shrink_trunc sample sizes in shangrla_vectors.json exactly.)
    /// </summary>
    [Theory]
    [InlineData(0.51)]
    [InlineData(0.55)]
    [InlineData(0.6)]
    public void ShrinkTrunc_MatchesUpstreamFormula(double eta)
    {
        const double t = 0.5, d = 10;
        var c = (eta - t) / 2;
        double[][] sequences = [[0, 0, 0, 0, 0, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]];
        foreach (var x in sequences)
        {
            foreach (var n in new[] { double.PositiveInfinity, x.Length })
            {
                var test = new NonnegMean(new AlphaMart(new ShrinkTrunc(eta, c, d)), 1, n);
                var actual = new ShrinkTrunc(eta, c, d).Estimate(test, x);
                for (var j = 1; j <= x.Length; j++)
                {
                    var s = x.Take(j - 1).Sum();
                    var tj = double.IsPositiveInfinity(n) ? t : (n * t - s) / (n - j + 1);
                    var e = c / Math.Sqrt(d + j - 1);
                    var expected = Math.Min(Math.Max(tj * (1 + MeanEstimator.MachineEpsilon) + e, (d * eta + s) / (d + j - 1)), 1 - MeanEstimator.MachineEpsilon - e);
                    Assert.True(Math.Abs(actual[j - 1] - expected) <= 1e-7 * Math.Abs(expected), $"j={j}: {actual[j - 1]} vs {expected}");
                }
            }
        }
    }

    /// <summary>SHANGRLA's test_agrapa: constant data, with replacement (constant c) and without (growing c).</summary>
    [Fact]
    public void Agrapa_MatchesUpstreamCases()
    {
        foreach (var val in new[] { 0.6, 0.7 })
        {
            foreach (var lam in new[] { 0.2, 0.5 })
            {
                var x = Enumerable.Repeat(val, 10).ToArray();
                var bets = new Agrapa(lam, 0.5).Bets(new NonnegMean(new BettingMart(new FixedBet())), x);
                var term = Math.Max(0, Math.Min(0.5 / 0.5, (val - 0.5) / ((val - 0.5) * (val - 0.5))));
                Assert.Equal([lam, .. Enumerable.Repeat(term, 9)], bets, new ToleranceComparer(1e-7));
            }
        }

        foreach (var val in new[] { 0.75, 0.9 })
        {
            foreach (var lam in new[] { 0.25, 0.5 })
            {
                const int n = 10;
                var x = Enumerable.Repeat(val, 5).ToArray();
                var bets = new Agrapa(lam, 0.6, 0.9, 2).Bets(new NonnegMean(new BettingMart(new FixedBet()), 1, n), x);
                var tAdj = Enumerable.Range(0, 5).Select(i => (n * 0.5 - i * val) / (n - i)).ToArray();
                var expected = new double[5];
                for (var j = 0; j < 5; j++)
                {
                    var raw = j == 0 ? lam : (val - tAdj[j - 1]) / ((val - tAdj[j - 1]) * (val - tAdj[j - 1]));
                    var cj = 0.6 + (0.9 - 0.6) * (1 - 1 / (1 + 2 * Math.Sqrt(j)));
                    expected[j] = Math.Min(cj / tAdj[j], raw);
                }

                Assert.Equal(expected, bets, new ToleranceComparer(1e-7));
            }
        }
    }

    /// <summary>Kaplan–Kolmogorov with replacement on all-ones data: each draw halves the p-value.</summary>
    [Fact]
    public void KaplanKolmogorov_AllOnes_HalvesEachDraw() =>
        Assert.Equal(Math.Pow(2, -5), new NonnegMean(new KaplanKolmogorov()).Measure([1, 1, 1, 1, 1]).PValue, 15);

    /// <summary>The sample-size estimate never shrinks as the margin shrinks (comparison, ALPHA, N = 10⁵, r₁ = 0.001).</summary>
    [Fact]
    public void FindSampleSize_Comparison_MonotoneInMargin()
    {
        var previous = 0;
        foreach (var margin in new[] { 0.2, 0.1, 0.05, 0.02, 0.01, 0.005 })
        {
            var a = new Assertion(new PluralityAssorter("C", "W", "L"), margin);
            var size = a.FindSampleSize(a.Test(ShangrlaAuditType.CardComparison, 100_000), 0.05, ShangrlaAuditType.CardComparison, rate1: 0.001);
            Assert.True(size >= previous, $"margin {margin}: {size} < {previous}");
            previous = size;
        }
    }

    /// <summary>SHA-256 counter-mode draws are Rivest's sampler.py picks, shifted to start at 0.</summary>
    [Fact]
    public void Sha256IndexSource_IsRivestSamplerZeroBased()
    {
        var source = new Sha256IndexSource("20 dice 12345678901234567890");
        var picks = RivestSampler.Draw("20 dice 12345678901234567890", 1001, 20);
        Assert.Equal(picks.Select(p => (int)p - 1), Enumerable.Range(0, 20).Select(_ => source.Next(1001)));
    }

    /// <summary>The test-only NumPy generator reproduces RandomState(0).rand() and RandomState(42).rand().</summary>
    [Theory]
    [InlineData(0u, 0.5488135039273248)]
    [InlineData(42u, 0.3745401188473625)]
    public void NumpyRandomState_RandomSample_MatchesNumpy(uint seed, double expected)
    {
        var rng = new ShangrlaNumpyRandomState(seed);
        var a = rng.NextUInt32() >> 5;
        var b = rng.NextUInt32() >> 6;
        Assert.Equal(expected, (a * 67108864.0 + b) / 9007199254740992.0);
    }

    /// <summary>With card-style data a CVR must contain the contest (SHANGRLA raises ValueError).</summary>
    [Fact]
    public void Overstatement_UseStyleCvrWithoutContest_Throws()
    {
        var assorter = new PluralityAssorter("AvB", "Alice", "Bob");
        var other = Card.WithMarks("4", "CvD", "Elvis");
        Assert.Throws<ArgumentException>(() => assorter.Overstatement(other, other, useStyle: true));
        Assert.Equal(0, assorter.Overstatement(other, other, useStyle: false));
    }

    /// <summary>Supermajority margin q(p/f − 1): 700 of 1000 cards for the winner, 900 valid, f = 2/3 → 0.9 × 0.05.</summary>
    [Fact]
    public void SupermajorityMarginFromTally_ByHand() =>
        Assert.Equal(0.045, Assertion.SupermajorityMarginFromTally(700, 900, 1000, 2.0 / 3), 12);

    /// <summary>A polling audit of a plurality contest, measured with ALPHA at the reported mean: a sample that looks
    /// like the reported result drives the risk down; one that favours the loser does not.</summary>
    [Fact]
    public void PollingRisk_PluralityContest_FollowsTheSample()
    {
        var a = new Assertion(new PluralityAssorter("C", "W", "L"), 0.2);
        var test = a.Test(ShangrlaAuditType.Polling, 10_000);
        var forWinner = Enumerable.Range(0, 200).Select(i => Card.WithMarks("p" + i, "C", i % 5 < 3 ? "W" : "L"));
        var forLoser = Enumerable.Range(0, 200).Select(i => Card.WithMarks("q" + i, "C", i % 5 < 3 ? "L" : "W"));
        Assert.True(a.PollingRisk(test, forWinner).PValue < 0.05);
        Assert.Equal(1, a.PollingRisk(test, forLoser).PValue);
    }

    /// <summary>SHANGRLA's test_make_plurality_assertions: winners Alice and Bob, losers Candy and Dan, one assertion per pair.</summary>
    [Fact]
    public void Plurality_EveryWinnerLoserPair_AssortsAsUpstream()
    {
        var tally = new Dictionary<string, long> { ["Alice"] = 40, ["Bob"] = 30, ["Candy"] = 20, ["Dan"] = 10 };
        var assertions = Assertion.Plurality("AvB", ["Alice", "Bob"], ["Candy", "Dan"], tally, 100);
        var byPair = assertions.ToDictionary(a => ((PluralityAssorter)a.Assorter).Winner + " v " + ((PluralityAssorter)a.Assorter).Loser);
        Assert.Equal(["Alice v Candy", "Alice v Dan", "Bob v Candy", "Bob v Dan"], byPair.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.2, byPair["Bob v Dan"].Margin, 15);
        foreach (var (pair, a) in byPair)
        {
            var (w, l) = (pair.Split(" v ")[0], pair.Split(" v ")[1]);
            foreach (var voter in new[] { "Alice", "Bob", "Candy", "Dan" })
            {
                var expected = voter == w ? 1 : voter == l ? 0 : 0.5;
                Assert.Equal(expected, a.Assorter.Assort(Card.WithMarks("1", "AvB", voter)));
            }
        }

        var super = Assertion.Supermajority("AvB", "Alice", ["Bob", "Candy", "Dan"], tally, 100, 0.5);
        Assert.Equal(1.0 * (0.4 / 0.5 - 1), super.Margin, 15);
    }

    /// <summary>SHANGRLA's test_set_tally_pool_means (ONEAudit), and a pooled CVR compared with its paper by hand.</summary>
    [Fact]
    public void TallyPoolMeans_UpstreamCases()
    {
        static Card Of(string id, string pool, string json) =>
            new Card(id, System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject().ToImmutableDictionary(
                c => c.Key,
                c => c.Value!.AsObject().ToImmutableDictionary(m => m.Key, m => m.Value!.GetValue<bool>() ? 1 : 0, StringComparer.Ordinal),
                StringComparer.Ordinal)) { TallyPool = pool, Pool = true };
        Card[] cards =
        [
            Of("1", "1", """{"AvB": {"Alice": true}, "CvD": {"Candy": true}}"""),
            Of("2", "1", """{"CvD": {"Elvis": true, "Candy": false}, "EvF": {}}"""),
            Of("3", "1", """{"GvH": {}}"""),
            Of("4", "2", """{"AvB": {"Bob": true}, "CvD": {"Candy": true}}"""),
            Of("5", "2", """{"CvD": {"Elvis": true, "Candy": false}, "EvF": {}}"""),
        ];
        var assorter = new PluralityAssorter("AvB", "Alice", "Bob");
        var pooled = Card.AddPoolContests(cards);

        var noStyle = assorter.TallyPoolMeans(pooled, useStyle: false);
        Assert.Equal((1 + 0.5 + 0.5) / 3, noStyle["1"], 12);
        Assert.Equal((0 + 0.5) / 2, noStyle["2"], 12);
        var withStyle = assorter.TallyPoolMeans(pooled, useStyle: true);
        Assert.Equal((1 + 0.5 + 0.5) / 3, withStyle["1"], 12);
        Assert.Equal((0 + 0.5) / 2, withStyle["2"], 12);
        var unpooledStyle = assorter.TallyPoolMeans(cards, useStyle: true);
        Assert.Equal(1, unpooledStyle["1"], 12);
        Assert.Equal(0, unpooledStyle["2"], 12);

        // Card 2's CVR is pool 1's average (2/3 for Alice v Bob); its paper shows Alice (1): overstatement −1/3.
        var paper = Card.WithMarks("2", "AvB", "Alice");
        Assert.Equal(2.0 / 3 - 1, assorter.Overstatement(paper, pooled[1], useStyle: true, noStyle), 12);
    }

    private sealed record GivenBets(double[] Lams) : BettingStrategy
    {
        public override double[] Bets(NonnegMean test, IReadOnlyList<double> x) => Lams[..x.Count];
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
