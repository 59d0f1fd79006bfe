using Canvass.Audit.Statistics;

namespace Canvass.Audit;

/// <summary>
/// SUITE hybrid audits with Arlo's conventions (<c>server/audit_math/suite.py</c>; Ottoboni, Stark, Lindeman and
/// McBurnett 2018, arXiv:1809.04235, via Stark and Ottoboni's CORLA18 code): a ballot-polling stratum without CVRs
/// and a ballot-comparison stratum with CVRs are tested separately for an allocation λ of the reported margin, the two
/// p-values are combined with Fisher's function, and the combined p-value is maximised over λ.
/// </summary>
/// <remarks>
/// <para>How each SciPy/NumPy step is computed here (all in IEEE double, in the order Arlo evaluates it):</para>
/// <list type="bullet">
/// <item>The polling stratum's nuisance parameter (the null's winner total N_w) maximises the null likelihood: the
/// derivative of its logarithm is checked at both ends of the feasible interval, and if it changes sign its root is
/// found with Brent's method exactly as SciPy's <c>brentq</c> iterates (xtol 2·10⁻¹², rtol 4ε).</item>
/// <item>Fisher's combination of two p-values is χ² with 4 degrees of freedom, whose tail is closed-form:
/// <c>P(χ²₄ &gt; x) = e^(−x/2)(1 + x/2)</c>; the CDF is evaluated as SciPy's Cephes code does for a = 2, and the
/// quantile (<c>chi2.ppf</c>) by Newton's method on that closed form.</item>
/// <item>The maximisation over λ is Arlo's grid search: <c>numpy.arange</c> over the feasible λ range with step 0.05,
/// the best grid point kept; if its p-value is at most α the grid is refined around it (±2 steps, step/10) until
/// the modulus of continuity of the Fisher statistic over one step is no more than the distance between the
/// statistic at the best point and at α.</item>
/// <item>The comparison stratum's p-value is the Kaplan–Markov bound with γ = 1.03905. Arlo evaluates it in Python's
/// 28-digit decimal; here it is a sum of logarithms in double with ln(1 − x) taken without forming 1 − x, which
/// agrees to about 10⁻¹⁴ relative and is a hundred times faster inside the λ grid search.</item>
/// </list>
/// <para>Results agree with Arlo's recorded values to about 10⁻¹² (well inside the 10⁻⁵/10⁻⁶ Arlo's tests allow), and
/// sample sizes exactly.</para>
/// </remarks>
public static class Suite
{
    /// <summary>γ, the error-inflation factor of the comparison stratum (Stark's tool, AGI and CORLA use it too).</summary>
    public const double Gamma = 1.03905;

    /// <summary>The smallest total sample size the search starts from.</summary>
    public const long MinSampleSize = 5;

    /// <summary>The message Arlo raises when a stratum would need a full count.</summary>
    public const string RecountNeededMessage = "One or both strata need to be recounted.";

    private const double DefaultStepSize = 0.05;
    private const double RiskLimitTolerance = 0.8;

    // ln(1 − 1/2γ), ln(1 − 1/γ), ln(1 + 1/2γ), ln(1 + 1/γ), as Arlo's 28-digit decimals rounded to double.
    private static readonly PyDecimal DecimalGamma = PyDecimal.FromDouble(Gamma);
    private static readonly double LnOneVoteOver = (PyDecimal.One - (PyDecimal.One / (2 * DecimalGamma))).Ln().ToDouble();
    private static readonly double LnTwoVoteOver = (PyDecimal.One - (PyDecimal.One / DecimalGamma)).Ln().ToDouble();
    private static readonly double LnOneVoteUnder = (PyDecimal.One + (PyDecimal.One / (2 * DecimalGamma))).Ln().ToDouble();
    private static readonly double LnTwoVoteUnder = (PyDecimal.One + (PyDecimal.One / DecimalGamma)).Ln().ToDouble();

    /// <summary>
    /// Arlo's <c>BallotPollingStratum.compute_pvalue</c>: the likelihood-ratio p-value of the polling stratum's sample
    /// (drawn without replacement) against the null that the winner−loser margin in this stratum is
    /// <c>(v_w − v_l) − λ·V</c>, maximised over the nuisance winner total N_w.
    /// With sample counts n_w, n_l, n_u = n − n_w − n_l and stratum totals v_w, v_l, v_u = N − v_w − v_l:
    /// <c>LR = Π(v_w − i)Π(v_l − i)Π(v_u − i) / Π(N_w − i)Π(N_w − m − i)Π(N − 2N_w + m − i)</c> (m the null margin),
    /// p = min(1, 1/LR). No sample or no margin gives 1; a sample that contradicts the reported totals gives 1;
    /// a null that the sample rules out gives 0.
    /// </summary>
    /// <param name="stratum">The polling stratum.</param>
    /// <param name="reportedMargin">The contest-wide reported margin V = votes(winner) − votes(loser), in votes.</param>
    /// <param name="winner">The reported winner.</param>
    /// <param name="loser">The reported loser.</param>
    /// <param name="nullLambda">λ, the share of the margin the null allocates to this stratum.</param>
    /// <returns>The p-value, at most 1.</returns>
    public static double PollingPValue(SuitePollingStratum stratum, long reportedMargin, string winner, string loser, double nullLambda) =>
        PollingPValueCore(stratum, reportedMargin, winner, loser, nullLambda);

    /// <summary>
    /// Arlo's <c>BallotComparisonStratum.compute_pvalue</c>: with U_s = 2N/V,
    /// <c>p = min(1, (1 − λ/(γU_s))ⁿ (1 − 1/2γ)^(−o1) (1 − 1/γ)^(−o2) (1 + 1/2γ)^(−u1) (1 + 1/γ)^(−u2))</c>.
    /// No sample or no margin gives 1, a full count gives 0, and λ ≥ γU_s (no valid alternative) gives 1.
    /// </summary>
    /// <param name="stratum">The comparison stratum.</param>
    /// <param name="reportedMargin">The contest-wide reported margin V, in votes.</param>
    /// <param name="winner">The reported winner.</param>
    /// <param name="loser">The reported loser.</param>
    /// <param name="nullLambda">λ, the share of the margin the null allocates to this stratum.</param>
    /// <returns>The p-value, at most 1.</returns>
    /// <exception cref="KeyNotFoundException">The stratum has no misstatement counts for the pair.</exception>
    public static double ComparisonPValue(SuiteComparisonStratum stratum, long reportedMargin, string winner, string loser, double nullLambda) =>
        ComparisonPValueCore(stratum, reportedMargin, winner, loser, nullLambda);

    /// <summary>
    /// Arlo's <c>maximize_fisher_combined_pvalue</c>: the largest Fisher-combined p-value
    /// <c>P(χ²₄ &gt; −2 ln(p_cvr(λ) · p_polling(1 − λ)))</c> over the allocations λ the strata totals allow
    /// (see the type's remarks for the grid search and its stopping rule). A tie gives 1.
    /// </summary>
    /// <param name="alpha">α, the risk limit as a fraction (this Arlo function takes the fraction, not the percent).</param>
    /// <param name="contest">The contest (its totals must be the sum of the strata's).</param>
    /// <param name="pollingStratum">The ballot-polling stratum.</param>
    /// <param name="comparisonStratum">The ballot-comparison stratum.</param>
    /// <param name="winner">The reported winner.</param>
    /// <param name="loser">The reported loser.</param>
    /// <param name="stepSize">The first grid's step (Arlo: 0.05).</param>
    /// <returns>The largest combined p-value, at most 1.</returns>
    /// <exception cref="ArgumentException">The strata's margin differs from the contest's, or the polling sample
    /// counts more winner and loser votes than ballots.</exception>
    public static double MaximizeFisherCombinedPValue(
        double alpha, ArloContest contest, SuitePollingStratum pollingStratum, SuiteComparisonStratum comparisonStratum,
        string winner, string loser, double stepSize = DefaultStepSize)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(pollingStratum);
        ArgumentNullException.ThrowIfNull(comparisonStratum);
        var cvrWinner = comparisonStratum.VoteTotals[winner];
        var cvrLoser = comparisonStratum.VoteTotals[loser];
        var bpWinner = pollingStratum.VoteTotals[winner];
        var bpLoser = pollingStratum.VoteTotals[loser];
        var v = cvrWinner - cvrLoser + bpWinner - bpLoser;
        var votes = Votes(contest);
        var reportedMargin = votes[winner] - votes[loser];
        if (v != reportedMargin)
        {
            throw new ArgumentException($"the strata's margin {v} differs from the contest's {reportedMargin}", nameof(contest));
        }

        if (v == 0)
        {
            return 1.0;
        }

        var lower = (double)Math.Max(cvrWinner - cvrLoser - comparisonStratum.NumBallots, v - (bpWinner - bpLoser + pollingStratum.NumBallots)) / v;
        var upper = (double)Math.Min(cvrWinner - cvrLoser + comparisonStratum.NumBallots, v - (bpWinner - bpLoser - pollingStratum.NumBallots)) / v;

        var wn = pollingStratum.SampledVotes(winner);
        var ln = pollingStratum.SampledVotes(loser);
        var un = pollingStratum.SampleSize - wn - ln;
        if (wn < 0 || ln < 0 || un < 0)
        {
            throw new ArgumentException($"the polling sample is inconsistent: ({wn}, {ln}, {un})", nameof(pollingStratum));
        }

        double Modulus(double delta) =>
            (2 * wn * Math.Log(1 + (reportedMargin * delta)))
            + (2 * ln * Math.Log(1 + (reportedMargin * delta)))
            + (2 * un * Math.Log(1 + (2 * reportedMargin * delta)))
            + (2 * comparisonStratum.SampleSize * Math.Log(1 + (reportedMargin * delta / (2 * comparisonStratum.NumBallots * Gamma))));

        // Arlo refines until the modulus test passes; a p-value exactly at α never passes, so stop once the grid
        // cannot get finer (Arlo would fail there).
        for (var refinement = 0; ; refinement++)
        {
            var lambdas = SuiteNumerics.Arange(lower, upper + stepSize, stepSize);
            if (lambdas.Length < 5)
            {
                stepSize = (upper + 1 - lower) / 5;
                lambdas = SuiteNumerics.Arange(lower, upper + stepSize, stepSize);
            }

            var best = double.NegativeInfinity;
            var bestLambda = double.NaN;
            foreach (var lambda in lambdas)
            {
                var p1 = Math.Min(1, ComparisonPValueCore(comparisonStratum, reportedMargin, winner, loser, lambda));
                var p2 = Math.Min(1, PollingPValueCore(pollingStratum, reportedMargin, winner, loser, 1 - lambda));
                var fisher = p1 == 0 || p2 == 0 ? 0 : 1 - SuiteNumerics.ChiSquare4Cdf(-2 * (Math.Log(p1) + Math.Log(p2)));
                if (fisher > best)
                {
                    best = fisher;
                    bestLambda = lambda;
                }
            }

            if (best > alpha)
            {
                return Math.Min(best, 1.0);
            }

            var distance = Math.Abs(SuiteNumerics.ChiSquare4Ppf(1 - best) - SuiteNumerics.ChiSquare4Ppf(1 - alpha));
            if (Modulus(stepSize) <= distance || refinement >= 40)
            {
                return Math.Min(best, 1.0);
            }

            lower = bestLambda - (2 * stepSize);
            upper = bestLambda + (2 * stepSize);
            stepSize /= 10;
        }
    }

    /// <summary>
    /// Arlo's <c>try_n</c>: the maximised Fisher p-value a total sample of <paramref name="n"/> ballots would give if
    /// the rest of the sample looked like what has been seen. The comparison stratum gets n_cvr = ⌈ratio·n⌉ draws with
    /// misstatements at the observed rates (o1, o2 = ⌈rate·(n − drawn)⌉ + observed, u1, u2 = ⌊…⌋ + observed — Arlo
    /// scales by the total n here); the polling stratum gets n − n_cvr ballots whose extra winner/loser votes follow
    /// the reported shares (first round) or the sample's shares so far (winner votes rounded down, loser votes up,
    /// each capped at the stratum total). A size smaller than what either stratum has already sampled gives 1.
    /// </summary>
    /// <param name="n">The total sample size to try.</param>
    /// <param name="alpha">α, the risk limit as a fraction (this Arlo function takes the fraction, not the percent).</param>
    /// <param name="contest">The contest.</param>
    /// <param name="winner">The reported winner.</param>
    /// <param name="loser">The reported loser.</param>
    /// <param name="pollingStratum">The ballot-polling stratum.</param>
    /// <param name="comparisonStratum">The ballot-comparison stratum.</param>
    /// <param name="nRatio">The comparison stratum's share of all ballots.</param>
    /// <returns>The maximised Fisher-combined p-value such a sample would give.</returns>
    public static double TryN(
        long n, double alpha, ArloContest contest, string winner, string loser, SuitePollingStratum pollingStratum,
        SuiteComparisonStratum comparisonStratum, double nRatio)
    {
        ArgumentNullException.ThrowIfNull(pollingStratum);
        ArgumentNullException.ThrowIfNull(comparisonStratum);
        var n1Original = comparisonStratum.SampleSize;
        var n2Original = pollingStratum.SampleSize;
        var n1 = (long)Math.Ceiling(nRatio * n);
        var n2 = n - n1;
        if (n1 < n1Original || n2 < n2Original)
        {
            return 1.0;
        }

        var observed = comparisonStratum.Misstatements[(winner, loser)];
        double o1Rate = 0, o2Rate = 0, u1Rate = 0, u2Rate = 0;
        if (n1Original != 0)
        {
            o1Rate = (double)observed.O1 / n1Original;
            o2Rate = (double)observed.O2 / n1Original;
            u1Rate = (double)observed.U1 / n1Original;
            u2Rate = (double)observed.U2 / n1Original;
        }

        var extra = (double)(n - n1Original);
        var hypothetical = new SuiteMisstatements(
            (long)Math.Ceiling(o1Rate * extra) + observed.O1,
            (long)Math.Ceiling(o2Rate * extra) + observed.O2,
            (long)Math.Floor(u1Rate * extra) + observed.U1,
            (long)Math.Floor(u2Rate * extra) + observed.U2);
        var hypotheticalCvr = comparisonStratum with
        {
            Misstatements = new Dictionary<(string, string), SuiteMisstatements> { [(winner, loser)] = hypothetical },
            SampleSize = n1,
        };

        var previous = pollingStratum.SampleSize;
        var winnerTotal = pollingStratum.VoteTotals[winner];
        var loserTotal = pollingStratum.VoteTotals[loser];
        long extraWinner, extraLoser;
        if (previous == 0)
        {
            extraWinner = Math.Min((long)(n2 * ((double)winnerTotal / pollingStratum.NumBallots)), winnerTotal);
            extraLoser = Math.Min((long)Math.Ceiling(n2 * ((double)loserTotal / pollingStratum.NumBallots)), loserTotal);
        }
        else
        {
            extraWinner = Math.Min((long)((n2 - previous) * ((double)pollingStratum.SampledVotes(winner) / previous)), winnerTotal);
            extraLoser = Math.Min((long)Math.Ceiling((n2 - previous) * ((double)pollingStratum.SampledVotes(loser) / previous)), loserTotal);
        }

        var hypotheticalRound = new Dictionary<string, long>(StringComparer.Ordinal) { [winner] = extraWinner, [loser] = extraLoser };
        var hypotheticalPolling = pollingStratum with
        {
            Sample = [hypotheticalRound, .. pollingStratum.Sample],
            SampleSize = Math.Min(pollingStratum.NumBallots, n2),
        };

        return MaximizeFisherCombinedPValue(alpha, contest, hypotheticalPolling, hypotheticalCvr, winner, loser);
    }

    /// <summary>
    /// Arlo's <c>suite.get_sample_size</c>: the sample for the next round, split between the strata in proportion to
    /// their sizes. Before any sample only the closest pair (the winner with the fewest votes against the loser with
    /// the most) is sized; later every pair is and the largest total wins. For a pair the total n starts at
    /// max(5, already sampled) and is multiplied by 2 (first round) or 1.1 (later) until <see cref="TryN"/> is at most
    /// α, then bisected between n/factor and n until the p-value lies in [0.8α, α] or the interval closes; the CVR
    /// stratum gets ⌈ratio·n⌉. A size beyond the contest's ballots becomes a full count of both strata.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 99.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="pollingStratum">The ballot-polling stratum.</param>
    /// <param name="comparisonStratum">The ballot-comparison stratum.</param>
    /// <returns>The sizes; <see cref="SuiteSampleSize.RecountNeeded"/> when either equals its stratum's size.</returns>
    /// <exception cref="ArgumentException">The contest has no losers, or the risk limit is not between 1 and 99.</exception>
    public static SuiteSampleSize GetSampleSize(
        int riskLimit, ArloContest contest, SuitePollingStratum pollingStratum, SuiteComparisonStratum comparisonStratum)
    {
        var alpha = Alpha(riskLimit, contest, pollingStratum, comparisonStratum);
        (long Cvr, long NonCvr) size;
        if (pollingStratum.SampleSize == 0 && comparisonStratum.SampleSize == 0)
        {
            var worstWinner = contest.Winners.Aggregate((a, b) => b.Value < a.Value ? b : a).Key;
            var bestLoser = contest.Losers.Aggregate((a, b) => b.Value > a.Value ? b : a).Key;
            size = SampleSizeForPair(alpha, contest, pollingStratum, comparisonStratum, worstWinner, bestLoser);
        }
        else
        {
            size = (0, 0);
            var first = true;
            foreach (var w in contest.Winners)
            {
                foreach (var l in contest.Losers)
                {
                    var pair = SampleSizeForPair(alpha, contest, pollingStratum, comparisonStratum, w.Key, l.Key);
                    if (first || pair.Cvr + pair.NonCvr > size.Cvr + size.NonCvr)
                    {
                        size = pair;
                        first = false;
                    }
                }
            }
        }

        var recount = size.Cvr == comparisonStratum.NumBallots || size.NonCvr == pollingStratum.NumBallots;
        return new SuiteSampleSize(size.NonCvr, size.Cvr, recount);
    }

    /// <summary>
    /// Arlo's <c>suite.compute_risk</c>: the largest <see cref="MaximizeFisherCombinedPValue"/> over winner/loser
    /// pairs, finished when it is at most α. When a stratum has already been sampled in full the p-value comes from
    /// the other stratum alone with λ = 1 (0 when both were), and <see cref="SuiteRisk.StratumRecounted"/> is set.
    /// In that case Arlo passes α where the reported margin belongs (<c>compute_pvalue(alpha, winner, loser, 1)</c>);
    /// this reproduces it, so such a p-value matches Arlo's rather than the stratum's margin.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 99.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="pollingStratum">The ballot-polling stratum.</param>
    /// <param name="comparisonStratum">The ballot-comparison stratum.</param>
    /// <returns>The largest p-value over pairs, whether it is at most α, and whether a stratum was already counted in full.</returns>
    /// <exception cref="ArgumentException">The contest has no losers, or the risk limit is not between 1 and 99.</exception>
    public static SuiteRisk ComputeRisk(
        int riskLimit, ArloContest contest, SuitePollingStratum pollingStratum, SuiteComparisonStratum comparisonStratum)
    {
        var alpha = Alpha(riskLimit, contest, pollingStratum, comparisonStratum);
        var pollingCounted = pollingStratum.SampleSize >= pollingStratum.NumBallots;
        var comparisonCounted = comparisonStratum.SampleSize >= comparisonStratum.NumBallots;
        var max = double.NegativeInfinity;
        foreach (var w in contest.Winners)
        {
            foreach (var l in contest.Losers)
            {
                var p = (pollingCounted, comparisonCounted) switch
                {
                    (true, true) => 0.0,
                    (true, false) => ComparisonPValueCore(comparisonStratum, alpha, w.Key, l.Key, 1),
                    (false, true) => PollingPValueCore(pollingStratum, alpha, w.Key, l.Key, 1),
                    _ => MaximizeFisherCombinedPValue(alpha, contest, pollingStratum, comparisonStratum, w.Key, l.Key),
                };
                max = Math.Max(max, p);
            }
        }

        return new SuiteRisk(max, max <= alpha, pollingCounted || comparisonCounted);
    }

    /// <summary>
    /// Arlo's <c>suite.misstatements</c>: per winner/loser pair, how many audited ballots show a one-vote (o1) or
    /// two-vote (o2) overstatement of that pair, using SUPERSIMPLE's discrepancy rules (a ballot with no CVR or not
    /// found counts +2; ES&amp;S overvote/undervote marks; a contest missing from a side counts as no votes).
    /// Each ballot counts once whatever its <see cref="ComparisonBallot.TimesSampled"/>, and understatements are
    /// reported as 0 to stay conservative.
    /// </summary>
    /// <param name="contest">The contest.</param>
    /// <param name="audited">The audited ballots of the CVR stratum.</param>
    /// <returns>(winner, loser) → counts, for every pair in winner-then-loser order.</returns>
    public static IReadOnlyDictionary<(string Winner, string Loser), SuiteMisstatements> Misstatements(
        ArloContest contest, IReadOnlyList<ComparisonBallot> audited)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(audited);
        var result = new Dictionary<(string Winner, string Loser), SuiteMisstatements>();
        foreach (var w in contest.Winners)
        {
            foreach (var l in contest.Losers)
            {
                // SUPERSIMPLE's discrepancy for this one pair: the contest seen as just these two candidates.
                var pairContest = new ArloContest(contest.Name, [w, l], contest.Ballots, 1, contest.VotesAllowed);
                long o1 = 0, o2 = 0;
                foreach (var ballot in audited)
                {
                    var d = Supersimple.ComputeDiscrepancies(pairContest, [ballot]);
                    if (d.TryGetValue(ballot.BallotId, out var discrepancy))
                    {
                        o1 += discrepancy.CountedAs == 1 ? 1 : 0;
                        o2 += discrepancy.CountedAs == 2 ? 1 : 0;
                    }
                }

                result[(w.Key, l.Key)] = new SuiteMisstatements(o1, o2, 0, 0);
            }
        }

        return result;
    }

    /// <summary>Checks the inputs of <see cref="GetSampleSize"/> and <see cref="ComputeRisk"/>; α as a fraction.</summary>
    private static double Alpha(int riskLimit, ArloContest contest, SuitePollingStratum pollingStratum, SuiteComparisonStratum comparisonStratum)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(pollingStratum);
        ArgumentNullException.ThrowIfNull(comparisonStratum);
        var alpha = RiskLimit.Fraction(riskLimit);
        if (contest.Winners.Count == 0 || contest.Losers.Count == 0)
        {
            throw new ArgumentException("SUITE needs at least one winner and one loser", nameof(contest));
        }

        return alpha;
    }

    private static (long Cvr, long NonCvr) SampleSizeForPair(
        double alpha, ArloContest contest, SuitePollingStratum polling, SuiteComparisonStratum comparison, string winner, string loser)
    {
        var nRatio = (double)comparison.NumBallots / (comparison.NumBallots + polling.NumBallots);
        var ballotsToSample = Math.Max(MinSampleSize, comparison.SampleSize + polling.SampleSize);
        var expected = 1.0;
        // Doubling in the first round and growing by 10% later matches CORLA18's estimate_n and estimate_escalation_n.
        var coefficient = polling.SampleSize == 0 && comparison.SampleSize == 0 ? 2.0 : 1.1;
        var tried = false;
        while (expected > alpha)
        {
            // Arlo's int(1.1·n) never grows n = 5…9, so a later round that starts there and has not met α would loop
            // forever; growing by one instead changes nothing wherever Arlo finishes.
            var next = (long)(coefficient * ballotsToSample);
            ballotsToSample = tried && next == ballotsToSample ? next + 1 : next;
            tried = true;
            if (ballotsToSample > contest.Ballots)
            {
                var cvrAll = (long)Math.Ceiling(nRatio * contest.Ballots);
                return (cvrAll, contest.Ballots - cvrAll);
            }

            expected = TryN(ballotsToSample, alpha, contest, winner, loser, polling, comparison, nRatio);
        }

        var lowN = ballotsToSample / coefficient;
        double highN = ballotsToSample;
        var mid = 1.0;
        while (mid > alpha || mid < RiskLimitTolerance * alpha)
        {
            var midN = Math.Floor((lowN + highN) / 2);
            if (midN == lowN || midN == highN)
            {
                break;
            }

            mid = TryN((long)midN, alpha, contest, winner, loser, polling, comparison, nRatio);
            if (mid <= alpha)
            {
                highN = midN;
            }
            else
            {
                lowN = midN;
            }
        }

        var cvr = (long)Math.Ceiling(nRatio * highN);
        return (cvr, (long)Math.Ceiling(highN - cvr));
    }

    private static double PollingPValueCore(SuitePollingStratum stratum, double reportedMargin, string winner, string loser, double nullLambda)
    {
        ArgumentNullException.ThrowIfNull(stratum);
        if (stratum.SampleSize == 0 || reportedMargin == 0)
        {
            return 1.0;
        }

        var nw = stratum.SampledVotes(winner);
        var nl = stratum.SampledVotes(loser);
        var nu = stratum.SampleSize - nw - nl;
        var vw = stratum.VoteTotals[winner];
        var vl = stratum.VoteTotals[loser];
        var vu = stratum.NumBallots - vw - vl;
        var nullMargin = (vw - vl) - (nullLambda * reportedMargin);
        if (!(vw >= nw && vl >= nl && vu >= nu))
        {
            return 1.0;
        }

        var alternative = SumLog(vw, nw) + SumLog(vl, nl) + SumLog(vu, nu);
        double NullLog(double winnerTotal) =>
            SumLog(winnerTotal, nw) + SumLog(winnerTotal - nullMargin, nl) + SumLog(stratum.NumBallots - (2 * winnerTotal) + nullMargin, nu);
        double Derivative(double winnerTotal) =>
            SumReciprocal(winnerTotal, nw) + SumReciprocal(winnerTotal - nullMargin, nl)
            - (2 * SumReciprocal(stratum.NumBallots - (2 * winnerTotal) + nullMargin, nu));

        var upperLimit = (stratum.NumBallots - nu + nullMargin) / 2.0;
        var lowerLimit = Math.Max(nw, nl + nullMargin);
        if (upperLimit < nw || upperLimit - nullMargin < nl)
        {
            return 0;
        }

        var nuisance = Derivative(upperLimit) * Derivative(lowerLimit) > 0
            ? (NullLog(upperLimit) >= NullLog(lowerLimit) ? upperLimit : lowerLimit)
            : SuiteNumerics.Brent(Derivative, lowerLimit, upperLimit);
        var likelihoodRatio = Math.Exp(alternative - NullLog(nuisance));
        return Math.Min(1.0 / likelihoodRatio, 1.0);
    }

    private static double ComparisonPValueCore(SuiteComparisonStratum stratum, double reportedMargin, string winner, string loser, double nullLambda)
    {
        ArgumentNullException.ThrowIfNull(stratum);
        if (stratum.SampleSize == 0 || reportedMargin == 0)
        {
            return 1.0;
        }

        if (stratum.SampleSize == stratum.NumBallots)
        {
            return 0.0;
        }

        var m = stratum.Misstatements[(winner, loser)];
        // Arlo: U_s = Decimal(2N/V) (the double, exactly) and multiplier = 1 − λ/(γU_s) in 28-digit decimal. In double,
        // x = λ/(γU_s) is within an ulp of that, and ln(1 − x) is taken without forming 1 − x.
        var us = 2 * stratum.NumBallots / reportedMargin;
        var x = nullLambda / (Gamma * us);
        if (x >= 1)
        {
            return 1.0;
        }

        var logP = (stratum.SampleSize * ElementaryFunctions.Log1P(-x)) - (m.O1 * LnOneVoteOver) - (m.O2 * LnTwoVoteOver)
            - (m.U1 * LnOneVoteUnder) - (m.U2 * LnTwoVoteUnder);
        return Math.Min(Math.Exp(logP), 1.0);
    }

    // Σ_{i<count} ln(top − i)
    private static double SumLog(double top, long count)
    {
        var sum = 0.0;
        for (long i = 0; i < count; i++)
        {
            sum += Math.Log(top - i);
        }

        return sum;
    }

    // Σ_{i<count} 1/(top − i)
    private static double SumReciprocal(double top, long count)
    {
        var sum = 0.0;
        for (long i = 0; i < count; i++)
        {
            sum += 1 / (top - i);
        }

        return sum;
    }

    private static Dictionary<string, long> Votes(ArloContest contest) =>
        contest.Candidates.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
}
