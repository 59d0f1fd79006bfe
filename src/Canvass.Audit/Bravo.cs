namespace Canvass.Audit;

/// <summary>BRAVO ballot-polling math with Arlo's conventions (<c>server/audit_math/bravo.py</c>).</summary>
public static partial class Bravo
{
    /// <summary>
    /// Arlo's <c>bravo.compute_risk</c>: over the cumulative sample, per pair
    /// <c>T = Π (swl/0.5)^n_w ((1−swl)/0.5)^n_l</c>, p = min(1, 1/T) (1 when T = 0); finished iff every p ≤ α.
    /// A sample as large as the contest's ballots is a full count: every p is 0 and the audit is finished.
    /// T is computed with a 384-bit mantissa and rounded once, which matches Arlo's 28-digit Decimal to double precision.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%); α = riskLimit / 100, exactly.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="sampleResults">Per round, candidate → votes seen in the sample (null or empty: no sample).</param>
    /// <param name="ballotsExamined">Null for Arlo's rule: votes in the sample as many as the ballots is a full hand count
    /// (every p-value 0). Drawn with replacement, that can happen with ballots never looked at, so Canvass's audit workflow
    /// gives the number of distinct ballots examined instead, and only that reaching the ballots is a full hand count.</param>
    /// <returns>The p-value of every (winner, loser) pair and whether all are within the risk limit.</returns>
    public static BravoRisk ComputeRisk(
        int riskLimit, ArloContest contest, IEnumerable<IReadOnlyDictionary<string, long>>? sampleResults, long? ballotsExamined = null)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var pairs = Pairs(contest);
        var totals = SumRounds(sampleResults ?? []);

        if (totals.Count > 0 && (ballotsExamined ?? totals.Values.Sum()) >= contest.Ballots)
        {
            return new BravoRisk(pairs.ToDictionary(p => p, _ => 0.0), true);
        }

        var votesOf = contest.Candidates.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var two = WideFloat.FromDouble(2.0);
        var alpha = new ExactRational(riskLimit, 100);
        var result = new Dictionary<(string Winner, string Loser), double>();
        var finished = true;
        foreach (var pair in pairs)
        {
            var t = WideFloat.One;
            if (pair.Loser.Length > 0 || votesOf.ContainsKey(pair.Loser))
            {
                var swl = contest.TwoWayShare(votesOf[pair.Winner], votesOf[pair.Loser]);
                var nw = totals.GetValueOrDefault(pair.Winner);
                var nl = totals.GetValueOrDefault(pair.Loser);
                t = (WideFloat.FromDouble(swl) * two).Pow(nw) * (WideFloat.FromDouble(1.0 - swl) * two).Pow(nl);
            }

            var p = t.IsZero || t.CompareTo(WideFloat.One) <= 0 ? 1.0 : t.Reciprocal().ToDouble();
            result[pair] = p;
            if (ExactRational.FromDouble(p).CompareTo(alpha) > 0)
            {
                finished = false;
            }
        }

        return new BravoRisk(result, finished);
    }

    /// <summary>
    /// Arlo's <c>ballot_polling.compute_risk</c> for BRAVO: each not-found ballot of a round counts as a vote for
    /// every loser in that round, then <see cref="ComputeRisk"/>.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%).</param>
    /// <param name="contest">The contest.</param>
    /// <param name="sampleResults">Round id → candidate → votes.</param>
    /// <param name="samplesNotFound">Round id → ballots not found in that round.</param>
    /// <param name="ballotsExamined">As in <see cref="ComputeRisk"/>.</param>
    /// <returns>As <see cref="ComputeRisk"/>.</returns>
    public static BravoRisk ComputeRiskWithNotFound(
        int riskLimit, ArloContest contest, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> sampleResults,
        IReadOnlyDictionary<string, long> samplesNotFound, long? ballotsExamined = null)
    {
        return ComputeRisk(riskLimit, contest, CountNotFoundAsLoserVotes(contest, sampleResults, samplesNotFound).Values, ballotsExamined);
    }

    /// <summary>Every (winner, loser) pair in winner-then-loser order; (winner, "") for each winner when there are no
    /// losers, as Arlo keys them.</summary>
    private static List<(string Winner, string Loser)> Pairs(ArloContest contest)
    {
        var pairs = new List<(string Winner, string Loser)>();
        foreach (var w in contest.Winners)
        {
            if (contest.Losers.Count == 0)
            {
                pairs.Add((w.Key, ""));
            }

            pairs.AddRange(contest.Losers.Select(l => (w.Key, l.Key)));
        }

        return pairs;
    }

    /// <summary>Candidate → votes summed over the rounds, each candidate where it first appears (the Decimal
    /// statistics multiply in this order).</summary>
    private static Dictionary<string, long> SumRounds(IEnumerable<IReadOnlyDictionary<string, long>> rounds)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var round in rounds)
        {
            foreach (var (candidate, votes) in round)
            {
                totals[candidate] = totals.GetValueOrDefault(candidate) + votes;
            }
        }

        return totals;
    }
}
