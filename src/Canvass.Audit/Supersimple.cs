using System.Globalization;
using System.Numerics;

namespace Canvass.Audit;

/// <summary>
/// Ballot-comparison audit math with Arlo's conventions (<c>server/audit_math/supersimple.py</c>): Stark's
/// "super-simple" Kaplan–Markov test with error inflation γ = <c>Decimal(1.03905)</c> (the binary double, exactly),
/// computed in Python's 28-digit decimal arithmetic so sample sizes match Arlo exactly.
/// Understatements (errors that favour the winners) are clipped to zero, which is more conservative than
/// Kaplan–Markov; a ballot with no CVR or that the audit board could not find counts as a two-vote overstatement.
/// </summary>
public static class Supersimple
{
    /// <summary>γ = Decimal(1.03905), exactly as Arlo (and Stark's tool, AGI and CORLA) use it.</summary>
    internal static readonly PyDecimal Gamma = PyDecimal.FromDouble(1.03905);

    // Expected rates before any sample: one-vote 1 in 1,000, two-vote 1 in 10,000 (binary doubles, exactly).
    private static readonly PyDecimal DefaultOneVoteRate = PyDecimal.FromDouble(0.001);
    private static readonly PyDecimal DefaultTwoVoteRate = PyDecimal.FromDouble(0.0001);

    /// <summary>
    /// Arlo's <c>compute_discrepancies</c>: for each sampled ballot, the error <c>e = (v_w − a_w) − (v_l − a_l)</c> of
    /// every winner/loser pair (v = CVR, a = audit board) that is not zero, and of those the one with the largest
    /// <c>counted_as</c> (the first on ties). Ballots without a discrepancy are left out.
    /// </summary>
    /// <param name="contest">The contest.</param>
    /// <param name="sample">The sampled ballots.</param>
    /// <returns>Ballot id → its discrepancy, in sample order.</returns>
    public static IReadOnlyDictionary<string, ComparisonDiscrepancy> ComputeDiscrepancies(
        ArloContest contest, IReadOnlyList<ComparisonBallot> sample)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(sample);
        var result = new Dictionary<string, ComparisonDiscrepancy>(StringComparer.Ordinal);
        foreach (var ballot in sample)
        {
            ComparisonDiscrepancy? worst = null;
            foreach (var winner in contest.Winners)
            {
                foreach (var loser in contest.Losers)
                {
                    var error = PairError(contest.Name, winner.Key, loser.Key, ballot.Reported, ballot.Audited);
                    if (error == 0)
                    {
                        continue;
                    }

                    var margin = winner.Value - loser.Value;
                    var weighted = margin > 0 ? PyDecimal.FromInteger(error) / margin : PyDecimal.PositiveInfinity;
                    if (worst is null || error > worst.CountedAs)
                    {
                        worst = new ComparisonDiscrepancy(error, weighted.ToDouble()) { ExactWeightedError = weighted };
                    }
                }
            }

            if (worst is not null)
            {
                result[ballot.BallotId] = worst;
            }
        }

        return result;
    }

    /// <summary>
    /// Counts a sample's discrepancies for <see cref="GetSampleSize"/>: every draw of a ballot counts, and each draw
    /// is classified by its worst pair's error (+1 → o1, +2 or more → o2, −1 → u1, −2 or less → u2).
    /// </summary>
    /// <param name="contest">The contest.</param>
    /// <param name="sample">The ballots sampled so far (all rounds).</param>
    /// <returns>The draws and their o1/o2/u1/u2 counts.</returns>
    public static ComparisonSampleResults CountDiscrepancies(ArloContest contest, IReadOnlyList<ComparisonBallot> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var discrepancies = ComputeDiscrepancies(contest, sample);
        long size = 0, o1 = 0, o2 = 0, u1 = 0, u2 = 0;
        foreach (var ballot in sample)
        {
            size += ballot.TimesSampled;
            if (!discrepancies.TryGetValue(ballot.BallotId, out var d))
            {
                continue;
            }

            switch (d.CountedAs)
            {
                case 1: o1 += ballot.TimesSampled; break;
                case >= 2: o2 += ballot.TimesSampled; break;
                case -1: u1 += ballot.TimesSampled; break;
                default: u2 += ballot.TimesSampled; break;
            }
        }

        return new ComparisonSampleResults(size, o1, o2, u1, u2);
    }

    /// <summary>
    /// Arlo's <c>supersimple.get_sample_sizes</c>: how many more ballots to draw. Before any sample the expected
    /// rates are o1 = u1 = 0.001 and o2 = u2 = 0.0001; afterwards the observed overstatement rates are used and
    /// understatements are taken as zero. With γ, margin m and α = risk limit / 100:
    /// <c>denom = ln(1 − m/2γ) − r1 ln(1 − 1/2γ) − r2 ln(1 − 1/γ) − s1 ln(1 + 1/2γ) − s2 ln(1 + 1/γ)</c>
    /// (denom ≥ 0 means a full count), <c>n0 = ⌈ln α / denom⌉</c>, expected counts o1, u1 = ⌈rate·n0⌉ and
    /// o2, u2 = rate·n0 rounded half up, and the size is
    /// <c>max(o1+o2+u1+u2, ⌈−2γ(ln α + o1 ln(1 − 1/2γ) + o2 ln(1 − 1/γ) + u1 ln(1 + 1/2γ) + u2 ln(1 + 1/γ))/m⌉)</c>,
    /// capped at the contest's ballots, less the ballots already drawn (never below zero).
    /// A risk limit of 0 asks for every ballot.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 0 to 99 (0: count every ballot).</param>
    /// <param name="contest">The contest.</param>
    /// <param name="sampleResults">Discrepancy counts of the sample so far; null before the first round.</param>
    /// <returns>Ballots to draw next, beyond those already drawn (never below 0).</returns>
    public static long GetSampleSize(int riskLimit, ArloContest contest, ComparisonSampleResults? sampleResults)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var alpha = RiskLimit.Decimal(riskLimit, allowZero: true);
        if (alpha.IsZero)
        {
            return contest.Ballots;
        }

        var numSampled = sampleResults?.SampleSize ?? 0;
        PyDecimal r1, r2, s1, s2;
        if (numSampled != 0)
        {
            r1 = PyDecimal.FromInteger(sampleResults!.OneVoteOverstatements) / numSampled;
            r2 = PyDecimal.FromInteger(sampleResults.TwoVoteOverstatements) / numSampled;
            // Understatements are ignored (taken as 0) to be conservative.
            s1 = PyDecimal.Zero;
            s2 = PyDecimal.Zero;
        }
        else
        {
            r1 = DefaultOneVoteRate;
            r2 = DefaultTwoVoteRate;
            s1 = DefaultOneVoteRate;
            s2 = DefaultTwoVoteRate;
        }

        var margin = PyDecimal.FromDouble(contest.DilutedMargin);
        var twoGamma = 2 * Gamma;
        var denom = (1 - (margin / twoGamma)).Ln()
            - (r1 * LnOneMinusHalfInverseGamma())
            - (r2 * LnOneMinusInverseGamma())
            - (s1 * LnOnePlusHalfInverseGamma())
            - (s2 * LnOnePlusInverseGamma());

        long stoppingSize;
        if (denom >= PyDecimal.Zero)
        {
            stoppingSize = contest.Ballots;
        }
        else
        {
            var n0 = PyDecimal.FromInteger((alpha.Ln() / denom).Ceiling());
            var o1 = PyDecimal.FromInteger((r1 * n0).Ceiling());
            var u1 = PyDecimal.FromInteger((s1 * n0).Ceiling());
            var o2 = PyDecimal.FromInteger((r2 * n0).RoundHalfUp());
            var u2 = PyDecimal.FromInteger((s2 * n0).RoundHalfUp());
            var estimated = NMin(alpha, margin, o1, o2, u1, u2);
            stoppingSize = (long)BigInteger.Min(estimated, contest.Ballots);
        }

        return Math.Max(stoppingSize - numSampled, 0);
    }

    /// <summary>
    /// Arlo's <c>supersimple.compute_risk</c>: the Kaplan–Markov p-value
    /// <c>Π ((1 − 1/U) / (1 − e/(2γ/V)))^times_sampled</c> over the sampled ballots, with U = 2γ/m, V = m·N and
    /// e the ballot's weighted error clipped below at 0 (a tie gives factor 1). Finished when 0 &lt; p &lt; α;
    /// a sample whose draws reach the contest's ballots is a full hand count: (0, finished).
    /// The p-value is reported capped at 1.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 0 to 99.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="sample">Every ballot sampled so far (all rounds), in draw order.</param>
    /// <param name="ballotsExamined">Null for Arlo's rule: as many draws as ballots is a full hand count, (0, finished).
    /// Drawn with replacement, that can happen with ballots never looked at, so Canvass's audit workflow gives the number of
    /// distinct ballots examined instead: only when it reaches the contest's ballots is it a full hand count, and otherwise
    /// the p-value stands.</param>
    /// <returns>The p-value (capped at 1) and whether the risk limit is met.</returns>
    public static ComparisonRisk ComputeRisk(int riskLimit, ArloContest contest, IReadOnlyList<ComparisonBallot> sample, long? ballotsExamined = null)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(sample);
        var alpha = RiskLimit.Decimal(riskLimit, allowZero: true);
        var p = PyDecimal.One;
        var dilutedMargin = contest.DilutedMargin;
        var v = PyDecimal.FromDouble(dilutedMargin * contest.Ballots);
        var discrepancies = ComputeDiscrepancies(contest, sample);
        foreach (var ballot in sample)
        {
            var e = discrepancies.TryGetValue(ballot.BallotId, out var d)
                ? PyDecimal.Max(d.ExactWeightedError, PyDecimal.Zero)
                : PyDecimal.Zero;
            PyDecimal factor;
            if (dilutedMargin != 0)
            {
                var u = 2 * Gamma / PyDecimal.FromDouble(dilutedMargin);
                var denom = 2 * Gamma / v;
                factor = (1 - (1 / u)) / (1 - (e / denom));
            }
            else
            {
                // A tie: 1 − 1/∞ over 1 − e/∞.
                factor = PyDecimal.One;
            }

            p *= factor.Pow(ballot.TimesSampled);
        }

        var finished = p > PyDecimal.Zero && p < alpha;
        if ((ballotsExamined ?? sample.Sum(b => (long)b.TimesSampled)) >= contest.Ballots)
        {
            return new ComparisonRisk(0, true);
        }

        return new ComparisonRisk(Math.Min(p.ToDouble(), 1.0), finished);
    }

    private static BigInteger NMin(PyDecimal alpha, PyDecimal margin, PyDecimal o1, PyDecimal o2, PyDecimal u1, PyDecimal u2)
    {
        var sum = alpha.Ln()
            + (o1 * LnOneMinusHalfInverseGamma())
            + (o2 * LnOneMinusInverseGamma())
            + (u1 * LnOnePlusHalfInverseGamma())
            + (u2 * LnOnePlusInverseGamma());
        var bound = (-2 * Gamma * sum / margin).Ceiling();
        var counts = (o1 + o2 + u1 + u2).Ceiling();
        return BigInteger.Max(counts, bound);
    }

    private static PyDecimal LnOneMinusHalfInverseGamma() => (1 - (1 / (2 * Gamma))).Ln();

    private static PyDecimal LnOneMinusInverseGamma() => (1 - (1 / Gamma)).Ln();

    private static PyDecimal LnOnePlusHalfInverseGamma() => (1 + (1 / (2 * Gamma))).Ln();

    private static PyDecimal LnOnePlusInverseGamma() => (1 + (1 / Gamma)).Ln();

    /// <summary>Arlo's per-pair error (<c>supersimple.discrepancy.compute_error</c>).</summary>
    private static long PairError(
        string contestName, string winner, string loser,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? reported,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? audited)
    {
        // No CVR for the ballot, or the audit board could not find it: a two-vote overstatement.
        if (reported is null || audited is null)
        {
            return 2;
        }

        var auditedContest = audited.GetValueOrDefault(contestName);
        var (aw, al) = auditedContest is null ? (0L, 0L) : (Mark(auditedContest, winner), Mark(auditedContest, loser));
        var reportedContest = reported.GetValueOrDefault(contestName);
        var reportedMarks = reportedContest?.Values ?? [];
        var auditedVotes = auditedContest?.Values.Sum(m => ParseMark(m)) ?? 0;
        // ES&S CVRs mark a contest's over/undervote as "o"/"u": no error if the audit board saw the same, otherwise
        // the CVR side counts as 1 (overvote) or 0 (undervote) for every choice.
        if (reportedMarks.Contains("o", StringComparer.Ordinal))
        {
            return auditedVotes > 1 ? 0 : (1 - aw) - (1 - al);
        }

        if (reportedMarks.Contains("u", StringComparer.Ordinal))
        {
            return auditedVotes < 1 ? 0 : (0 - aw) - (0 - al);
        }

        var (vw, vl) = reportedContest is null ? (0L, 0L) : (Mark(reportedContest, winner), Mark(reportedContest, loser));
        return (vw - aw) - (vl - al);
    }

    // A choice missing from a contest's marks counts as not voted.
    private static long Mark(IReadOnlyDictionary<string, string> marks, string choice) =>
        marks.TryGetValue(choice, out var mark) ? ParseMark(mark) : 0;

    private static long ParseMark(string mark) => long.Parse(mark, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
