using Canvass.Audit.Statistics;

namespace Canvass.Audit;

/// <summary>
/// Providence ballot-polling math as Arlo runs it (<c>server/audit_math/providence.py</c> over r2b2's
/// <c>Minerva2</c>). Each reported winner is paired with every candidate it out-polled; a pair's round-j test
/// conditions on the winner votes actually seen by round j − 1, so its p-value is
/// <c>[Bin(k_{j−1}; n_{j−1}, ½) / Bin(k_{j−1}; n_{j−1}, p)] · [P(Bin(d, ½) ≥ k_j − k_{j−1}) / P(Bin(d, p) ≥ k_j − k_{j−1})]</c>
/// with <c>d</c> the pair's ballots drawn in round j and <c>p</c> the winner's reported share of the pair. The audit's
/// risk is the smallest, over rounds, of the largest p-value of the pairs still open in that round.
/// </summary>
public static class Providence
{
    /// <summary>
    /// Arlo's <c>providence.get_sample_size</c>: replays the rounds so far, then for a 70/80/90% chance of stopping the
    /// smallest cumulative pairwise sample whose next-round stopping probability reaches the goal, scaled from the pair's
    /// ballots to all ballots (ceiling), max over pairs. Sizes are cumulative totals, as r2b2 returns them; once the
    /// audit has stopped every option is the last round's total.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 99.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="rounds">Per round, in order: the ballots drawn in it and candidate → votes seen in it (empty
    /// before round 1).</param>
    /// <returns>The options, keyed "0.7", "0.8", "0.9".</returns>
    public static IReadOnlyList<PollingSampleSizeOption> SampleSizeOptions(
        int riskLimit, ArloContest contest, IReadOnlyList<(long RoundSize, IReadOnlyDictionary<string, long> Votes)>? rounds = null)
    {
        var audit = Replay(riskLimit, contest, rounds ?? []);
        return [.. PollingSampleSizeOption.Quantiles.Select(q => PollingSampleSizeOption.Quantile(q, audit.NextSampleSize(q)))];
    }

    /// <summary>Arlo's <c>providence.compute_risk</c>: the audit's risk level after the rounds; finished iff risk ≤ α.</summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 1 to 99.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="rounds">Per round, in order: the ballots drawn in it and candidate → votes seen in it. Not-found
    /// ballots should already be counted for every loser (<see cref="Bravo.CountNotFoundAsLoserVotes"/>).</param>
    /// <returns>The risk and whether the audit can stop.</returns>
    /// <exception cref="InvalidOperationException">There are no rounds, or a round's cumulative size or counts do not grow.</exception>
    public static PollingRisk ComputeRisk(
        int riskLimit, ArloContest contest, IReadOnlyList<(long RoundSize, IReadOnlyDictionary<string, long> Votes)> rounds)
    {
        var audit = Replay(riskLimit, contest, rounds);
        var risk = audit.RiskLevel ?? throw new InvalidOperationException("No round has been run");
        return new PollingRisk(risk, risk <= RiskLimit.Fraction(riskLimit));
    }

    private static Minerva2 Replay(int riskLimit, ArloContest contest, IReadOnlyList<(long RoundSize, IReadOnlyDictionary<string, long> Votes)> rounds)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(rounds);
        var audit = new Minerva2(RiskLimit.Fraction(riskLimit), contest);
        long size = 0;
        var cumulative = contest.Candidates.ToDictionary(c => c.Key, _ => 0L, StringComparer.Ordinal);
        foreach (var (roundSize, votes) in rounds)
        {
            size += roundSize;
            foreach (var (candidate, count) in votes)
            {
                cumulative[candidate] = cumulative.GetValueOrDefault(candidate) + count;
            }

            audit.ExecuteRound(size, cumulative);
        }

        return audit;
    }

    /// <summary>r2b2's Minerva2 audit state, reduced to what Arlo uses.</summary>
    private sealed class Minerva2
    {
        private readonly double _alpha;
        private readonly long _contestBallots;
        private readonly List<Pair> _pairs = [];
        private readonly Dictionary<string, List<long>> _sample = new(StringComparer.Ordinal);
        private readonly List<long> _rounds = [];
        private readonly List<double> _pvalues = [];
        private bool _stopped;

        public Minerva2(double alpha, ArloContest contest)
        {
            _alpha = alpha;
            _contestBallots = contest.Ballots;
            // r2b2 sorts candidates by tally (stable), and pairs each reported winner with every candidate it out-polled.
            var sorted = contest.Ranked.ToList();
            var winners = contest.Winners.Select(w => w.Key).OrderBy(w => sorted.FindIndex(c => c.Key == w)).ToList();
            foreach (var w in winners)
            {
                var wv = contest.Candidates.First(c => c.Key == w).Value;
                foreach (var c in sorted.Where(c => wv > c.Value))
                {
                    _pairs.Add(new Pair(w, c.Key, wv, c.Value));
                }
            }

            foreach (var c in contest.Candidates)
            {
                _sample[c.Key] = [];
            }
        }

        public double? RiskLevel => _pvalues.Count == 0 ? null : _pvalues.Min();

        public void ExecuteRound(long sampleSize, IReadOnlyDictionary<string, long> cumulative)
        {
            if (_stopped)
            {
                return;
            }

            if (_rounds.Count > 0 && sampleSize <= _rounds[^1])
            {
                throw new InvalidOperationException("Invlaid sample size, must be larger than previous round.");
            }

            foreach (var (candidate, tally) in cumulative)
            {
                if (_sample[candidate].Count > 0 && tally < _sample[candidate][^1])
                {
                    throw new InvalidOperationException($"Invalid sample count. Candidate {candidate}'s sample tally cannot decrease.");
                }
            }

            _rounds.Add(sampleSize);
            foreach (var (candidate, tally) in cumulative)
            {
                _sample[candidate].Add(tally);
            }

            var stop = true;
            var maxPvalue = 0.0;
            foreach (var pair in _pairs.Where(p => !p.Stopped))
            {
                var (pvalue, stopped) = StoppingCondition(pair);
                pair.Stopped = stopped;
                stop &= stopped;
                if (pvalue > maxPvalue)
                {
                    maxPvalue = pvalue;
                }
            }

            _pvalues.Add(maxPvalue);
            _stopped = stop;
        }

        public long NextSampleSize(double sprob)
        {
            if (_stopped)
            {
                return _rounds[^1];
            }

            long best = 0;
            foreach (var pair in _pairs)
            {
                var proportion = _contestBallots / (double)pair.Ballots;
                var estimate = NextSampleSizePairwise(pair, sprob);
                best = Math.Max(best, (long)Math.Ceiling(estimate * proportion));
            }

            if (_rounds.Count > 1)
            {
                best = Math.Max(best, _rounds[^1] + 1);
            }

            return best;
        }

        /// <summary>The pair's p-value this round and whether α · tail(reported) &gt; tail(null).</summary>
        private (double PValue, bool Stopped) StoppingCondition(Pair pair)
        {
            var w = _sample[pair.Winner];
            var l = _sample[pair.Loser];
            var k = w[^1];
            long kPrev = 0, nPrev = 0, draw = w[^1] + l[^1];
            if (_rounds.Count > 1)
            {
                kPrev = w[^2];
                nPrev = w[^2] + l[^2];
                draw = w[^1] - w[^2] + (l[^1] - l[^2]);
            }

            var nullDist = RoundDistribution(draw, 0.5, kPrev, nPrev);
            var reported = RoundDistribution(draw, pair.WinnerShare, kPrev, nPrev);
            var tailNull = Minerva.TailSum(nullDist, k);
            var tailReported = Minerva.TailSum(reported, k);
            return (tailNull / tailReported, _alpha * tailReported > tailNull);
        }

        /// <summary>Bin(kPrev; nPrev, p) · Bin(i − kPrev; draw, p) for i = 0 … kPrev + draw (r2b2 pads with kPrev zeros).</summary>
        private double[] RoundDistribution(long draw, double p, long kPrev, long nPrev)
        {
            var pmf = Minerva.PmfVector(checked((int)draw), p);
            var result = new double[kPrev + pmf.Length];
            var factor = _rounds.Count > 1 ? BinomialDistribution.Pmf(kPrev, nPrev, p) : 1.0;
            for (var i = 0; i < pmf.Length; i++)
            {
                result[kPrev + i] = _rounds.Count > 1 ? factor * pmf[i] : pmf[i];
            }

            return result;
        }

        private long NextSampleSizePairwise(Pair pair, double sprob)
        {
            long previous = 0;
            const long start = 10;
            var upper = start;
            if (_rounds.Count > 0)
            {
                previous = _sample[pair.Winner][^1] + _sample[pair.Loser][^1];
                while (upper <= previous + 1)
                {
                    upper *= 10;
                }
            }

            var initial = upper;
            if (FindSprob(previous + 1, pair).Sprob >= sprob)
            {
                return previous + 1;
            }

            while (upper < 10_000_000)
            {
                var left = upper == initial ? (_rounds.Count > 0 ? previous + 1 : 1) : upper / 10;
                var estimate = BinarySearchEstimate(left, upper, sprob, pair);
                if (estimate > 0)
                {
                    return estimate;
                }

                upper *= 10;
            }

            return 0;
        }

        private long BinarySearchEstimate(long left, long right, double sprob, Pair pair)
        {
            while (true)
            {
                if (left > right)
                {
                    return 0;
                }

                var mid = (left + right) / 2;
                var found = FindSprob(mid, pair);
                if (right - left <= 1)
                {
                    if (found.Sprob >= sprob)
                    {
                        return mid;
                    }

                    return FindSprob(mid + 1, pair).Sprob >= sprob ? mid + 1 : 0;
                }

                if (found.Sprob >= sprob)
                {
                    right = mid;
                }
                else
                {
                    left = mid;
                }
            }
        }

        /// <summary>r2b2's <c>find_sprob</c>: kmin for a cumulative pairwise sample of n and the chance of reaching it.</summary>
        private (long Kmin, double Sprob) FindSprob(long n, Pair pair)
        {
            var p0 = (pair.Ballots / 2) / (double)pair.Ballots;
            var p1 = pair.WinnerShare;
            long kPrev = 0, nPrev = 0, draw = n;
            if (_rounds.Count > 0)
            {
                kPrev = _sample[pair.Winner][^1];
                nPrev = kPrev + _sample[pair.Loser][^1];
                // r2b2 at the commit Arlo pins subtracts the previous round's total size, not the pair's share of it.
                draw = n - _rounds[^1];
            }

            var numRound = Padded(draw < 0 ? [] : Minerva.PmfVector(checked((int)draw), p1), kPrev);
            var denomRound = Padded(draw < 0 ? [] : Minerva.PmfVector(checked((int)draw), p0), kPrev);
            double[] num = numRound, denom = denomRound;
            if (_rounds.Count > 0)
            {
                var fNum = BinomialDistribution.Pmf(kPrev, nPrev, p1);
                var fDenom = BinomialDistribution.Pmf(kPrev, nPrev, p0);
                num = [.. numRound.Select(x => fNum * x)];
                denom = [.. denomRound.Select(x => fDenom * x)];
            }

            var x = (1 - p1) / .5;
            var y = Math.Log(p1 / (1 - p1));
            var upperBound = (long)Math.Ceiling(((-n * Math.Log(x)) - Math.Log(_alpha)) / y);
            var right = Math.Min(upperBound, num.Length);
            var kmin = SampleSizeKmin(num.Length / 2, right, num, denom, Minerva.TailSum(num, right), Minerva.TailSum(denom, right), right);
            return kmin == 0 ? (0, 0.0) : (kmin, Minerva.TailSum(numRound, kmin));
        }

        private long SampleSizeKmin(long left, long right, double[] num, double[] denom, double numRight, double denomRight, long origRight)
        {
            while (true)
            {
                if (left > right)
                {
                    return 0;
                }

                var mid = (left + right) / 2;
                var sumNum = RangeSum(num, mid, origRight) + numRight;
                var sumDenom = RangeSum(denom, mid, origRight) + denomRight;
                var satisfies = _alpha * sumNum >= sumDenom;
                var satisfiesPrev = false;
                if (num.Length > 1)
                {
                    var prev = mid - 1 < 0 ? num.Length - 1 : mid - 1;
                    satisfiesPrev = _alpha * (sumNum + num[prev]) >= sumDenom + denom[prev];
                }

                if (satisfies && !satisfiesPrev)
                {
                    return mid;
                }

                if (satisfies)
                {
                    right = mid - 1;
                }
                else if (!satisfiesPrev)
                {
                    left = mid + 1;
                }
                else
                {
                    throw new InvalidOperationException("sample_size_sprob: k not monotonic.");
                }
            }
        }

        /// <summary>Python's <c>sum(a[from:to])</c> for non-negative bounds.</summary>
        private static double RangeSum(double[] a, long from, long to)
        {
            var sum = 0.0;
            for (var i = from; i < Math.Min(to, a.Length); i++)
            {
                sum += a[i];
            }

            return sum;
        }

        private static double[] Padded(double[] values, long zeros)
        {
            var result = new double[zeros + values.Length];
            Array.Copy(values, 0, result, zeros, values.Length);
            return result;
        }
    }

    private sealed class Pair(string winner, string loser, long winnerVotes, long loserVotes)
    {
        public string Winner { get; } = winner;

        public string Loser { get; } = loser;

        public long Ballots { get; } = winnerVotes + loserVotes;

        public double WinnerShare { get; } = winnerVotes / (double)(winnerVotes + loserVotes);

        public bool Stopped { get; set; }
    }
}
