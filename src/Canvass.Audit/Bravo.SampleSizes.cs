using System.Numerics;
using Canvass.Audit.Statistics;

namespace Canvass.Audit;

/// <summary>BRAVO sample sizes (<c>bravo.get_sample_size</c> and its helpers), in Python <c>Decimal</c> arithmetic as Arlo does.</summary>
public static partial class Bravo
{
    /// <summary>
    /// Arlo's <c>bravo.get_sample_size</c>: the options offered for the next round. Risk limit 0 or a tie → one
    /// <c>all-ballots</c> option; a landslide (every loser has 0 votes) → ASN of 1 ballot; otherwise the ASN and, for
    /// single-winner contests, the 70/80/90% quantile sizes (max over winner–loser pairs); for more than 100,000
    /// ballots, a 90% size of at least a quarter of the ballots → <c>all-ballots</c> instead.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 0 to 99 (0: count every ballot).</param>
    /// <param name="contest">The contest.</param>
    /// <param name="sampleResults">Round id → candidate → votes seen so far (null or empty before round 1).
    /// Not-found ballots should already be counted for every loser (<see cref="CountNotFoundAsLoserVotes"/>).</param>
    /// <param name="roundSizes">The sizes of the rounds drawn so far (null or empty before round 1).</param>
    /// <returns>The options, in Arlo's order (asn, 0.7, 0.8, 0.9), or the single all-ballots option.</returns>
    /// <exception cref="ArgumentException">The contest has no losers.</exception>
    /// <exception cref="InvalidOperationException">Every ballot was already sampled, or the sample already meets the risk limit.</exception>
    public static IReadOnlyList<PollingSampleSizeOption> SampleSizeOptions(
        int riskLimit, ArloContest contest, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? sampleResults = null,
        IEnumerable<long>? roundSizes = null)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var alpha = RiskLimit.Decimal(riskLimit, allowZero: true);
        var allBallots = new PollingSampleSizeOption("all-ballots", "all-ballots", contest.Ballots, null);
        if (riskLimit == 0)
        {
            return [allBallots];
        }

        if (roundSizes is not null && roundSizes.Any() && roundSizes.Sum() >= contest.Ballots)
        {
            throw new InvalidOperationException("All ballots have already been audited!");
        }

        if (contest.Losers.Count == 0)
        {
            throw new ArgumentException("Contest must have candidates who did not win!", nameof(contest));
        }

        if (IsTie(contest))
        {
            return [allBallots];
        }

        if (IsLandslide(contest))
        {
            return [new PollingSampleSizeOption("asn", "ASN", 1, 1)];
        }

        var cumulative = Cumulative(contest, sampleResults);
        var options = new List<PollingSampleSizeOption> { ExpectedSampleSize(alpha, contest, cumulative) };
        if (contest.NumWinners != 1)
        {
            return options;
        }

        foreach (var quantile in PollingSampleSizeOption.Quantiles)
        {
            long size = 0;
            foreach (var (winner, winnerMargin) in contest.Margins.Winners)
            {
                foreach (var (loser, loserMargin) in contest.Margins.Losers)
                {
                    if (loserMargin.PL == 0)
                    {
                        continue;
                    }

                    size = Math.Max(size, QuantileSampleSize(
                        alpha, PyDecimal.FromDouble(winnerMargin.PW), PyDecimal.FromDouble(loserMargin.PL),
                        cumulative.GetValueOrDefault(winner), cumulative.GetValueOrDefault(loser), quantile, contest.Ballots));
                }
            }

            if (size != 0)
            {
                options.Add(PollingSampleSizeOption.Quantile(quantile, size));
            }
        }

        var ninety = options.Find(o => o.Key == "0.9");
        if (contest.Ballots > 100_000 && ninety is not null && ninety.Size >= contest.Ballots * 0.25)
        {
            return [allBallots];
        }

        return options;
    }

    /// <summary>
    /// Arlo's <c>bravo.get_expected_sample_size</c>: the ASN, max over winner–loser pairs (losers with no votes are
    /// skipped) of <c>⌈(ln(1/(α T)) + z_w/2) / (p_w z_w + p_l z_l)⌉</c>, with its chance of finishing in one round
    /// (<see cref="ExpectedProbability(int, double, double, long, long, long)"/>; null for multi-winner contests).
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 99.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="cumulativeSample">Candidate → votes in the cumulative sample.</param>
    /// <returns>The ASN option.</returns>
    /// <exception cref="ArgumentException">The contest is tied or has no losers.</exception>
    /// <exception cref="InvalidOperationException">The sample already meets the risk limit.</exception>
    public static PollingSampleSizeOption ExpectedSampleSize(int riskLimit, ArloContest contest, IReadOnlyDictionary<string, long> cumulativeSample)
    {
        return ExpectedSampleSize(RiskLimit.Decimal(riskLimit, allowZero: false), contest, cumulativeSample);
    }

    /// <summary>
    /// Mark Lindeman's analytic BRAVO round size (<c>bravo.bravo_sample_sizes</c>) for one winner/runner-up pair: the
    /// size at which a round finishes with probability <paramref name="pCompletion"/> if the reported shares are right.
    /// Solves the normal approximation as a quadratic, walks up until the binomial <c>(1 − q)</c>-quantile of winner
    /// votes reaches the risk threshold (or the contest's ballots), then scales up for votes for other candidates.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 99.</param>
    /// <param name="pW">The winner's share of ballots.</param>
    /// <param name="pR">The runner-up's share of ballots.</param>
    /// <param name="sampleW">Winner votes already sampled.</param>
    /// <param name="sampleR">Runner-up votes already sampled.</param>
    /// <param name="pCompletion">The chance of finishing in this round.</param>
    /// <param name="totalBallots">Ballots in the contest (where the walk stops).</param>
    /// <returns>The round size; 0 when the sample already meets the risk limit.</returns>
    public static long QuantileSampleSize(
        int riskLimit, double pW, double pR, long sampleW, long sampleR, double pCompletion, long totalBallots)
    {
        return QuantileSampleSize(RiskLimit.Decimal(riskLimit, allowZero: false), PyDecimal.FromDouble(pW), PyDecimal.FromDouble(pR), sampleW, sampleR, pCompletion, totalBallots);
    }

    /// <summary>
    /// Arlo's <c>bravo.expected_prob</c>: the chance that a round of <paramref name="asn"/> ballots finishes the audit,
    /// by inverting the normal approximation of <see cref="QuantileSampleSize(int, double, double, long, long, double, long)"/>,
    /// rounded to two decimals (0 when the sample already meets the risk limit).
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 100.</param>
    /// <param name="pW">The winner's share of ballots.</param>
    /// <param name="pR">The runner-up's share of ballots.</param>
    /// <param name="sampleW">Winner votes already sampled.</param>
    /// <param name="sampleR">Runner-up votes already sampled.</param>
    /// <param name="asn">The round size.</param>
    /// <returns>The probability, rounded to 2 decimals as Python's <c>round(x, 2)</c>.</returns>
    public static double ExpectedProbability(int riskLimit, double pW, double pR, long sampleW, long sampleR, long asn)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(riskLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(riskLimit, 100);
        return ExpectedProbability(PyDecimal.FromInteger(riskLimit) / 100, PyDecimal.FromDouble(pW), PyDecimal.FromDouble(pR), sampleW, sampleR, asn);
    }

    /// <summary>
    /// Arlo's <c>ballot_polling.compute_risk</c> step for every math type: each not-found ballot of a round counts as a
    /// vote for every loser in that round.
    /// </summary>
    /// <param name="contest">The contest.</param>
    /// <param name="sampleResults">Round id → candidate → votes.</param>
    /// <param name="samplesNotFound">Round id → ballots not found in that round.</param>
    /// <returns>A copy of the sample with the not-found ballots added.</returns>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> CountNotFoundAsLoserVotes(
        ArloContest contest, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> sampleResults,
        IReadOnlyDictionary<string, long> samplesNotFound)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(sampleResults);
        ArgumentNullException.ThrowIfNull(samplesNotFound);
        var result = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (roundId, votes) in sampleResults)
        {
            var adjusted = new Dictionary<string, long>(votes, StringComparer.Ordinal);
            var notFound = samplesNotFound.GetValueOrDefault(roundId);
            foreach (var loser in contest.Losers)
            {
                adjusted[loser.Key] = adjusted.GetValueOrDefault(loser.Key) + notFound;
            }

            result[roundId] = adjusted;
        }

        return result;
    }

    /// <summary>Arlo's <c>is_tie</c>: the smallest winner share of ballots equals the largest loser share.</summary>
    /// <param name="contest">The contest.</param>
    /// <returns>True for a tie between the last winner and the first loser.</returns>
    public static bool IsTie(ArloContest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        return contest.Losers.Count > 0
            && contest.Margins.Winners.Values.Min(w => w.PW) == contest.Margins.Losers.Values.Max(l => l.PL);
    }

    /// <summary>Arlo's <c>is_landslide</c>: every loser has no votes.</summary>
    /// <param name="contest">The contest.</param>
    /// <returns>True when the largest loser share is 0.</returns>
    public static bool IsLandslide(ArloContest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        return contest.Losers.Count > 0 && contest.Margins.Losers.Values.Max(l => l.PL) == 0;
    }

    internal static PollingSampleSizeOption ExpectedSampleSize(PyDecimal alpha, ArloContest contest, IReadOnlyDictionary<string, long> cumulativeSample)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(cumulativeSample);
        if (IsTie(contest))
        {
            throw new ArgumentException("Cannot compute ASN for a tied contest", nameof(contest));
        }

        if (contest.Losers.Count == 0)
        {
            throw new ArgumentException("Cannot compute ASN for a contest with no losers", nameof(contest));
        }

        var t = DecimalTestStatistics(contest, cumulativeSample);
        BigInteger size = 0;
        (PyDecimal PW, PyDecimal PL, long SampleW, long SampleL)? stats = null;
        foreach (var (winner, winnerMargin) in contest.Margins.Winners)
        {
            foreach (var (loser, loserMargin) in contest.Margins.Losers)
            {
                var weightedAlpha = PyDecimal.One / alpha / t[(winner, loser)];
                var pW = PyDecimal.FromDouble(winnerMargin.PW);
                var pL = PyDecimal.FromDouble(loserMargin.PL);
                if (pL.IsZero)
                {
                    continue;
                }

                var sW = pW / (pW + pL);
                var zW = (2 * sW).Ln();
                var zL = (2 - (2 * sW)).Ln();
                var possible = ((weightedAlpha.Ln() + (zW / 2)) / ((pW * zW) + (pL * zL))).Ceiling();
                if (possible > size)
                {
                    size = possible;
                    stats = (pW, pL, cumulativeSample.GetValueOrDefault(winner), cumulativeSample.GetValueOrDefault(loser));
                }
            }
        }

        if (size.IsZero)
        {
            throw new InvalidOperationException("Sample indicates the audit is over");
        }

        var asn = (long)size;
        double? probability = stats is { } s && contest.NumWinners == 1
            ? ExpectedProbability(alpha, s.PW, s.PL, s.SampleW, s.SampleL, asn)
            : null;
        return new PollingSampleSizeOption("asn", "ASN", asn, probability);
    }

    internal static long QuantileSampleSize(
        PyDecimal alpha, PyDecimal pW, PyDecimal pR, long sampleW, long sampleR, double pCompletion, long totalBallots)
    {
        var (pWR, pW2, plus, minus, threshold) = LindemanSetup(alpha, pW, pR, sampleW, sampleR);
        if (threshold <= PyDecimal.Zero)
        {
            return 0;
        }

        var z = -NormalDistribution.Ppf(pCompletion);
        var pR2 = 1 - pW2;
        var d = pW2 * pR2;
        var f = threshold / (plus - minus);
        var g = (minus / (plus - minus)) + pW2;
        var qA = g.Pow(2);
        var qB = -((PyDecimal.FromDouble(z).Pow(2) * d) + (2 * f * g));
        var qC = f.Pow(2);
        var discriminant = qB.Pow(2) - (4 * qA * qC);
        var radical = (discriminant > PyDecimal.Zero ? discriminant : PyDecimal.Zero).Sqrt();
        var root = pCompletion > 0.5 ? (-qB + radical) / (2 * qA) : (-qB - radical) / (2 * qA);
        var size = (long)root.Floor();

        // Walk up until the (1 − q)-quantile of winner votes reaches the threshold; NaN (a negative size) walks on.
        var winnerShare = pW2.ToDouble();
        PyDecimal? testStat = PyDecimal.Zero;
        while (testStat is null || (testStat.Value < threshold && size < totalBallots))
        {
            var xc = BinomialDistribution.Ppf(1.0 - pCompletion, size, winnerShare);
            if (double.IsNaN(xc))
            {
                testStat = null;
            }
            else
            {
                var x = PyDecimal.FromDouble(xc);
                testStat = (x * plus) + ((size - x) * minus);
            }

            if (testStat is null || testStat.Value < threshold)
            {
                size++;
            }
        }

        return (long)(((PyDecimal)size) / pWR).Ceiling();
    }

    internal static double ExpectedProbability(PyDecimal alpha, PyDecimal pW, PyDecimal pR, long sampleW, long sampleR, long asn)
    {
        var (pWR, pW2, plus, minus, threshold) = LindemanSetup(alpha, pW, pR, sampleW, sampleR);
        if (threshold <= PyDecimal.Zero)
        {
            return 0.0;
        }

        var pR2 = 1 - pW2;
        var n = asn * pWR;
        var rX = (threshold - (minus * n)) / (plus - minus);
        var z = (rX - (n * pW2)) / (n * pW2 * pR2).Sqrt();
        return PythonRound2(NormalDistribution.Cdf(-z.ToDouble()));
    }

    private static (PyDecimal PWR, PyDecimal PW2, PyDecimal Plus, PyDecimal Minus, PyDecimal Threshold) LindemanSetup(
        PyDecimal alpha, PyDecimal pW, PyDecimal pR, long sampleW, long sampleR)
    {
        var pWR = pW + pR;
        var pW2 = pW / pWR;
        var pR2 = 1 - pW2;
        var half = PyDecimal.FromDouble(0.5);
        var plus = (pW2 / half).Ln();
        var minus = (pR2 / half).Ln();
        var threshold = (PyDecimal.One / alpha).Ln() - ((sampleW * plus) + (sampleR * minus));
        return (pWR, pW2, plus, minus, threshold);
    }

    /// <summary>Arlo's <c>get_test_statistics</c> in Decimal: T per pair, factors multiplied in sample order.</summary>
    private static Dictionary<(string Winner, string Loser), PyDecimal> DecimalTestStatistics(
        ArloContest contest, IReadOnlyDictionary<string, long> sample)
    {
        var winners = contest.Margins.Winners;
        var losers = contest.Margins.Losers;
        var t = new Dictionary<(string Winner, string Loser), PyDecimal>();
        foreach (var pair in Pairs(contest))
        {
            t[pair] = PyDecimal.One;
        }

        foreach (var (candidate, votes) in sample)
        {
            if (votes == 0)
            {
                continue;
            }

            if (winners.TryGetValue(candidate, out var w))
            {
                foreach (var loser in losers.Keys)
                {
                    t[(candidate, loser)] *= PyDecimal.FromDouble(w.Swl[loser] / 0.5).PowRounded(votes);
                }
            }
            else if (losers.ContainsKey(candidate))
            {
                foreach (var (winner, wm) in winners)
                {
                    t[(winner, candidate)] *= PyDecimal.FromDouble((1 - wm.Swl[candidate]) / 0.5).PowRounded(votes);
                }
            }
        }

        return t;
    }

    /// <summary>The cumulative sample: the sum over rounds, or every candidate at 0 before round 1.</summary>
    private static Dictionary<string, long> Cumulative(
        ArloContest contest, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? sampleResults)
    {
        return sampleResults is null || sampleResults.Count == 0
            ? contest.Candidates.ToDictionary(c => c.Key, _ => 0L, StringComparer.Ordinal)
            : SumRounds(sampleResults.Values);
    }

    /// <summary>Python's <c>round(x, 2)</c>: the exact binary value rounded half-even to 2 decimals.</summary>
    internal static double PythonRound2(double x)
    {
        if (!double.IsFinite(x))
        {
            return x;
        }

        var r = ExactRational.FromDouble(x);
        var scaled = r.Numerator * 100;
        var q = BigInteger.DivRem(scaled, r.Denominator, out var rem);
        var twice = 2 * BigInteger.Abs(rem);
        if (twice > r.Denominator || (twice == r.Denominator && !q.IsEven))
        {
            q += scaled.Sign;
        }

        return (double)q / 100;
    }
}
