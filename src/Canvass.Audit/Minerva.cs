using Canvass.Audit.Statistics;

namespace Canvass.Audit;

/// <summary>
/// Minerva ballot-polling math as Arlo runs it (<c>server/audit_math/minerva.py</c> over the athena package): for every
/// reported winner–loser pair, the distributions of winner votes among the pair's ballots under the reported margin and
/// under a tie are carried round by round (binomial draws convolved onto what is left after the stopping sizes
/// <c>kmin</c>); <c>kmin</c> is the smallest count where α·P(reported, ≥ k) ≥ P(tie, ≥ k); the risk is
/// P(tie, ≥ observed) / P(reported, ≥ observed) in the last round, max over pairs still open.
/// </summary>
public static class Minerva
{
    /// <summary>Arlo's <c>MINERVA_MULTIPLE</c>: round n+1 is the first round's size times 1.5^n.</summary>
    public const double RoundMultiple = 1.5;

    /// <summary>
    /// Arlo's <c>minerva.get_sample_size</c>. Before round 1: athena's first-round sizes for a 70/80/90% chance of
    /// stopping (max over pairs, scaled from the pair's ballots to all ballots); a tie → every ballot; a pair whose
    /// loser has no votes → 4 ballots (Arlo's landslide fallback); no losers → −1. From round 2 on: a single 90% option,
    /// <c>int(first round size × 1.5^(rounds so far + 1))</c>.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 99.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="roundSizes">The sizes of the rounds drawn so far, first round first (empty before round 1).</param>
    /// <returns>The options, keyed "0.7", "0.8", "0.9" as Arlo shows them.</returns>
    public static IReadOnlyList<PollingSampleSizeOption> SampleSizeOptions(int riskLimit, ArloContest contest, IReadOnlyList<long>? roundSizes = null)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var alpha = RiskLimit.Fraction(riskLimit);
        if (roundSizes is { Count: > 0 })
        {
            var next = (long)(roundSizes[0] * Math.Pow(RoundMultiple, roundSizes.Count + 1));
            return [PollingSampleSizeOption.Quantile(0.9, next)];
        }

        long[] sizes;
        if (contest.Losers.Count == 0)
        {
            sizes = [-1, -1, -1];
        }
        else
        {
            var athena = AthenaContest.From(contest);
            if (athena.IsTied)
            {
                sizes = [contest.Ballots, contest.Ballots, contest.Ballots];
            }
            else
            {
                sizes = new long[PollingSampleSizeOption.Quantiles.Length];
                try
                {
                    foreach (var (i, j) in athena.Pairs)
                    {
                        var votesI = athena.Votes[i];
                        var votesJ = athena.Votes[j];
                        var bc = votesI + votesJ;
                        var scaling = contest.Ballots / (double)bc;
                        var margin = ((2 * Math.Max(votesI, votesJ)) - bc) / (double)bc;
                        for (var k = 0; k < sizes.Length; k++)
                        {
                            var next = FirstRoundSize(margin, alpha, PollingSampleSizeOption.Quantiles[k]);
                            sizes[k] = Math.Max(sizes[k], (long)Math.Ceiling(next * scaling));
                        }
                    }
                }
                catch (ArgumentOutOfRangeException)
                {
                    // athena: "Margin needs to be different than 0 or 1"; Arlo offers 4 ballots (issue #1728).
                    sizes = [4, 4, 4];
                }
            }
        }

        return [.. PollingSampleSizeOption.Quantiles.Select((q, k) => PollingSampleSizeOption.Quantile(q, sizes[k]))];
    }

    /// <summary>
    /// Arlo's <c>minerva.compute_risk</c>: replays each round (its size and the votes seen in it) through athena and
    /// returns the last round's risk; finished iff risk ≤ α.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 99.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="rounds">Per round, in order: the ballots drawn and candidate → votes seen in that round.
    /// Not-found ballots should already be counted for every loser (<see cref="Bravo.CountNotFoundAsLoserVotes"/>).</param>
    /// <returns>The risk and whether the audit can stop.</returns>
    /// <exception cref="InvalidOperationException">A round records more votes than ballots drawn, or follows a round
    /// that already completed the audit.</exception>
    public static PollingRisk ComputeRisk(int riskLimit, ArloContest contest, IReadOnlyList<(long RoundSize, IReadOnlyDictionary<string, long> Votes)> rounds)
    {
        var alpha = RiskLimit.Fraction(riskLimit);
        var risk = CollectRisk(alpha, contest, rounds);
        return new PollingRisk(risk, risk <= alpha);
    }

    /// <summary>Arlo's <c>minerva.collect_risks</c> (α as a fraction): the risk after the last round.</summary>
    internal static double CollectRisk(double alpha, ArloContest contest, IReadOnlyList<(long RoundSize, IReadOnlyDictionary<string, long> Votes)> rounds)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(rounds);
        var athena = AthenaContest.From(contest);
        var openPairs = athena.Pairs.ToList();
        var cumulative = new List<long[]>();
        var completed = false;
        var risk = double.NaN;
        foreach (var (roundSize, votes) in rounds)
        {
            if (completed)
            {
                throw new InvalidOperationException("Audit already completed");
            }

            var observation = athena.Candidates.Select(c => votes.GetValueOrDefault(c)).ToArray();
            if (observation.Sum() > roundSize)
            {
                throw new InvalidOperationException("Incorrect number of valid ballots entered");
            }

            cumulative.Add(cumulative.Count == 0 ? observation : [.. observation.Zip(cumulative[^1], (a, b) => a + b)]);
            var risks = new List<double>();
            var stillOpen = new List<(int, int)>();
            foreach (var (i, j) in openPairs)
            {
                var winner = athena.Votes[i] >= athena.Votes[j] ? i : j;
                var bc = athena.Votes[i] + athena.Votes[j];
                var margin = ((2 * Math.Max(athena.Votes[i], athena.Votes[j])) - bc) / (double)bc;
                var schedule = cumulative.Select(c => c[i] + c[j]).ToList();
                var winnerVotes = cumulative.Select(c => c[winner]).ToList();
                var kmins = Kmins(margin, alpha, schedule);
                var passed = kmins.Zip(winnerVotes).Any(p => p.First > 0 && p.First <= p.Second);
                if (!passed)
                {
                    stillOpen.Add((i, j));
                }

                risks.Add(EstimateRisk(margin, kmins, schedule, winnerVotes));
            }

            risk = risks.Max();
            completed = stillOpen.Count == 0;
            openPairs = stillOpen;
        }

        return risk;
    }

    /// <summary>athena's <c>find_next_round_size</c> for a first round (no earlier rounds, nothing observed).</summary>
    internal static long FirstRoundSize(double margin, double alpha, double quant)
    {
        if (margin < 0.015)
        {
            // athena's round_size_approx below its approximation threshold.
            var zA = -NormalDistribution.Ppf(quant);
            var zB = -NormalDistribution.Ppf(alpha * quant);
            var p = (1 + margin) / 2;
            var root = ((zA * Math.Sqrt(p * (1 - p))) - (0.5 * zB)) / (p - 0.5);
            return (long)Math.Ceiling(root * root);
        }

        long roundMax = 10_000;
        while (FirstRoundStoppingProbability(margin, alpha, roundMax) < quant)
        {
            roundMax *= 2;
        }

        long roundMin = 1;
        while (true)
        {
            var candidate = (roundMax + roundMin) / 2;
            if (roundMax - roundMin <= 1)
            {
                return roundMax;
            }

            if (FirstRoundStoppingProbability(margin, alpha, candidate) <= quant)
            {
                roundMin = candidate;
            }
            else
            {
                roundMax = candidate;
            }
        }
    }

    /// <summary>athena's <c>find_next_round_kmin</c> + <c>find_stopping_probability</c> for a first round of n ballots.</summary>
    private static double FirstRoundStoppingProbability(double margin, double alpha, long n)
    {
        var size = checked((int)n);
        var table = PmfVector(size, (1 + margin) / 2);
        var tied = PmfVector(size, 0.5);
        var right = Math.Min(WaldKmin(n, margin, alpha), n);
        var left = n / 2;
        var mid = (right + left) / 2;
        var guard = 0;
        while (right >= left && guard++ < 256)
        {
            var checkMid = alpha * TailSum(table, mid) >= TailSum(tied, mid);
            var checkKmin = alpha * TailSum(table, mid - 1) >= TailSum(tied, mid - 1);
            if (checkMid && !checkKmin)
            {
                return TailSum(table, mid);
            }

            if (checkMid)
            {
                right = mid;
            }
            else
            {
                left = mid + 1;
            }

            mid = (left + right) / 2;
        }

        return 0.0;
    }

    /// <summary>athena's <c>wald_k_min</c>; the margin must be strictly between 0 and 1.</summary>
    private static long WaldKmin(long sampleSize, double margin, double delta)
    {
        if (!(margin > 0 && margin < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), "Margin needs to be different than 0 or 1");
        }

        return (long)Math.Ceiling(((sampleSize * Math.Log(1 - margin)) + Math.Log(delta)) / (Math.Log(1 - margin) - Math.Log(1 + margin)));
    }

    /// <summary>athena's <c>audit</c> with Minerva's test: the kmin of each round (0 when none is reachable).</summary>
    private static long[] Kmins(double margin, double alpha, IReadOnlyList<long> schedule)
    {
        var kmins = new long[schedule.Count];
        double[] table = [1.0], tied = [1.0];
        long previous = 0;
        for (var r = 0; r < schedule.Count; r++)
        {
            var n = schedule[r];
            (table, tied) = NextRound(table, tied, n - previous, margin);
            var k = n / 2;
            while (k <= n && !(alpha * TailSum(table, k) >= TailSum(tied, k)))
            {
                k++;
            }

            if (k <= n)
            {
                kmins[r] = k;
            }

            Truncate(table, tied, k, n);

            previous = n;
        }

        return kmins;
    }

    /// <summary>athena's <c>estimate_risk</c>: the last round's P(tie, ≥ observed) / P(reported, ≥ observed).</summary>
    private static double EstimateRisk(double margin, long[] kmins, IReadOnlyList<long> schedule, IReadOnlyList<long> winnerVotes)
    {
        double[] table = [1.0], tied = [1.0];
        long previous = 0;
        var ratio = 1.0;
        for (var r = 0; r < schedule.Count; r++)
        {
            var n = schedule[r];
            (table, tied) = NextRound(table, tied, n - previous, margin);
            if (kmins[r] > 0)
            {
                var observed = winnerVotes[r];
                var reported = TailSum(table, observed);
                ratio = reported > 0 ? TailSum(tied, observed) / reported : kmins[r] < observed ? 0.0 : double.PositiveInfinity;
                Truncate(table, tied, kmins[r], n);
            }
            else
            {
                ratio = double.PositiveInfinity;
            }

            previous = n;
        }

        return ratio;
    }

    /// <summary>Both distributions of winner votes, under the reported margin and under a tie, after one more round of
    /// <paramref name="draws"/> ballots.</summary>
    private static (double[] Table, double[] Tied) NextRound(double[] table, double[] tied, long draws, double margin) =>
        (NextRound(table, draws, (1 + margin) / 2), NextRound(tied, draws, 0.5));

    /// <summary>Drops both distributions' mass at <paramref name="k"/> and above (there the audit has stopped).</summary>
    private static void Truncate(double[] table, double[] tied, long k, long n)
    {
        for (var i = k; i <= n; i++)
        {
            table[i] = 0;
            tied[i] = 0;
        }
    }

    /// <summary>Convolves the distribution so far with Binomial(draws, p) (athena's <c>next_round_prob</c>, direct method).</summary>
    private static double[] NextRound(double[] previous, long draws, double p)
    {
        var pmf = PmfVector(checked((int)draws), p);
        var result = new double[previous.Length + pmf.Length - 1];
        // Only the masses that did not underflow contribute; for large rounds that is a small band around the mean.
        var first = Array.FindIndex(pmf, x => x != 0);
        var last = Array.FindLastIndex(pmf, x => x != 0);
        for (var i = 0; i < previous.Length && first >= 0; i++)
        {
            var a = previous[i];
            if (a == 0)
            {
                continue;
            }

            for (var j = first; j <= last; j++)
            {
                result[i + j] += a * pmf[j];
            }
        }

        return result;
    }

    /// <summary><c>binom.pmf(range(n + 1), n, p)</c>.</summary>
    internal static double[] PmfVector(int n, double p)
    {
        return BinomialDistribution.PmfRange(n, p);
    }

    /// <summary>Python's <c>sum(table[k:])</c>, left to right, with Python's negative-index slicing.</summary>
    internal static double TailSum(double[] table, long k)
    {
        if (k < 0)
        {
            k = Math.Max(0, table.Length + k);
        }

        var sum = 0.0;
        for (var i = k; i < table.Length; i++)
        {
            sum += table[i];
        }

        return sum;
    }

    /// <summary>athena's view of an Arlo contest: candidates in input order, declared winners by vote threshold.</summary>
    private sealed record AthenaContest(IReadOnlyList<string> Candidates, IReadOnlyList<long> Votes, bool IsTied, IReadOnlyList<(int Winner, int Loser)> Pairs)
    {
        public static AthenaContest From(ArloContest contest)
        {
            var candidates = contest.Candidates.Select(c => c.Key).ToList();
            var votes = contest.Candidates.Select(c => c.Value).ToList();
            var minToWin = votes.OrderByDescending(v => v).Take(contest.NumWinners).DefaultIfEmpty(0).Min();
            var winners = Enumerable.Range(0, votes.Count).Where(i => votes[i] >= minToWin).ToList();
            var losers = Enumerable.Range(0, votes.Count).Where(i => votes[i] < minToWin).ToList();
            var pairs = winners.SelectMany(w => losers.Select(l => (w, l))).ToList();
            return new AthenaContest(candidates, votes, winners.Count > contest.NumWinners, pairs);
        }
    }
}
