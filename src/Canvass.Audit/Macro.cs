using System.Numerics;

namespace Canvass.Audit;

/// <summary>
/// Batch-comparison audit math with Arlo's conventions (<c>server/audit_math/macro.py</c>): Stark's MACRO applied to
/// one contest at a time, in Python's 28-digit decimal arithmetic so sizes and risks match Arlo.
/// Per batch p and winner/loser pair, the largest possible overstatement is <c>u_p = (v_wp − v_lp + b_p) / V_wl</c>
/// (max over pairs, ∞ when a margin is not positive) and <c>U = Σ u_p</c>; the observed error is
/// <c>e_p = ((v_wp − v_lp) − (a_wp − a_lp)) / V_wl</c> for the worst pair, clipped below at 0.
/// V_wl is the contest-wide margin less pending ballots and less the "unauditable" ballots (reported votes that no
/// batch tally accounts for, <c>⌈(contest votes − Σ batch votes) / votes allowed⌉</c>).
/// </summary>
public static class Macro
{
    /// <summary>The message Arlo raises when every batch has been audited.</summary>
    public const string AllCountedMessage = "All ballots have already been counted!";

    /// <summary>
    /// Arlo's <c>macro.compute_max_error</c>: the largest possible relative overstatement u_p of one batch (0 when the
    /// batch does not contain the contest, +∞ when a pair's adjusted margin is not positive).
    /// </summary>
    /// <param name="contest">The contest.</param>
    /// <param name="batch">The batch's reported tally; null when the batch does not contain the contest.</param>
    /// <param name="unauditableBallots">Unauditable ballots (see <see cref="ComputeUnauditableBallots"/>).</param>
    /// <returns>u_p, rounded to a double.</returns>
    public static double ComputeMaxError(BatchComparisonContest contest, BatchTally? batch, long unauditableBallots) =>
        MaxError(Model.Of(contest), Tally.From(batch), unauditableBallots).ToDouble();

    /// <summary>
    /// Arlo's unauditable ballots: <c>⌈(Σ contest votes − Σ batch votes) / votes allowed⌉</c>, never below 0.
    /// </summary>
    /// <param name="contest">The contest.</param>
    /// <param name="reported">Every batch's reported tally (null: the batch does not contain the contest).</param>
    /// <returns>The unauditable ballots.</returns>
    public static long ComputeUnauditableBallots(BatchComparisonContest contest, IReadOnlyList<KeyValuePair<string, BatchTally?>> reported) =>
        (long)Unauditable(Model.Of(contest), Tally.From(reported));

    /// <summary>Arlo's <c>macro.compute_U</c>: U = Σ u_p over every batch, in the given order (+∞ for a tie).</summary>
    /// <param name="contest">The contest.</param>
    /// <param name="reported">Every batch's reported tally (null: the batch does not contain the contest).</param>
    /// <returns>U, rounded to a double.</returns>
    public static double ComputeU(BatchComparisonContest contest, IReadOnlyList<KeyValuePair<string, BatchTally?>> reported) =>
        U(Model.Of(contest), Tally.From(reported)).ToDouble();

    /// <summary>
    /// Arlo's <c>macro.get_sample_sizes</c>: how many batches to draw next (with replacement, probability ∝ u_p).
    /// A tie (U = ∞) or a risk limit of 0 asks for every batch; if the measured risk already meets the limit, 0; otherwise
    /// <c>⌈(ln α − ln p) / ln(1 − 1/U)⌉ + 1</c> with p the measured risk so far (1 before the first round),
    /// capped at the number of batches. When U ≤ 1 no batch can hide an outcome change and the size is 1
    /// (Arlo's older code did the same; its current code divides by zero there).
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 0 to 99 (0: count every batch).</param>
    /// <param name="contest">The contest.</param>
    /// <param name="reported">Every batch's reported tally, in manifest order (null: the batch lacks the contest).</param>
    /// <param name="audited">Batch key → audited votes of the sampled batches (null or absent: contest not in the batch).</param>
    /// <param name="ticketNumbers">Ticket number → batch key for every draw so far.</param>
    /// <param name="combinedBatches">Sets of batch keys audited together as one combined batch.</param>
    /// <returns>Batches to draw next; 0 when the measured risk already meets the limit.</returns>
    /// <exception cref="InvalidOperationException">Every batch has already been audited.</exception>
    public static long GetSampleSize(
        int riskLimit,
        BatchComparisonContest contest,
        IReadOnlyList<KeyValuePair<string, BatchTally?>> reported,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>?> audited,
        IReadOnlyDictionary<string, string> ticketNumbers,
        IReadOnlyList<IReadOnlySet<string>> combinedBatches) =>
        GetSampleSize(riskLimit, Model.Of(contest), Sample.Of(reported, audited, ticketNumbers, combinedBatches));

    /// <summary>
    /// Arlo's <c>macro.compute_risk</c>: over the draws sorted by ticket number (as text),
    /// <c>p = Π (1 − 1/U) / (1 − taint)</c> with <c>taint = e_p / u_p</c>; a draw of a batch that lacks the contest
    /// is skipped; a taint of 1 makes p infinite; an infinite error or u_p means a full count is needed (1, not
    /// finished). A combined batch's error uses the summed reported tallies of its sub-batches while u_p stays the
    /// drawn batch's own. Auditing as many batches as there are is a full hand count: (0, finished).
    /// Finished when p ≤ α; the p-value is reported capped at 1.
    /// </summary>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%), 0 to 99 (0: count every batch).</param>
    /// <param name="contest">The contest.</param>
    /// <param name="reported">Every batch's reported tally, in manifest order (null: the batch lacks the contest).</param>
    /// <param name="audited">Batch key → audited votes of the sampled batches (null or absent: contest not in the batch).</param>
    /// <param name="ticketNumbers">Ticket number → batch key for every draw so far.</param>
    /// <param name="combinedBatches">Sets of batch keys audited together as one combined batch.</param>
    /// <returns>The p-value (capped at 1) and whether it is within the risk limit.</returns>
    public static ComparisonRisk ComputeRisk(
        int riskLimit,
        BatchComparisonContest contest,
        IReadOnlyList<KeyValuePair<string, BatchTally?>> reported,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>?> audited,
        IReadOnlyDictionary<string, string> ticketNumbers,
        IReadOnlyList<IReadOnlySet<string>> combinedBatches) =>
        ComputeRisk(riskLimit, Model.Of(contest), Sample.Of(reported, audited, ticketNumbers, combinedBatches));

    internal static PyDecimal MaxError(Model contest, Tally? batch, BigInteger unauditable)
    {
        var error = PyDecimal.Zero;
        if (batch is null)
        {
            return error;
        }

        foreach (var pair in contest.Pairs)
        {
            var margin = contest.AdjustedMargin(pair, unauditable);
            if (margin <= 0)
            {
                return PyDecimal.PositiveInfinity;
            }

            var (vw, vl) = pair.Votes(contest, batch.Votes);
            var u = (vw - vl + batch.Ballots) / PyDecimal.FromInteger(margin);
            if (u > error)
            {
                error = u;
            }
        }

        return error;
    }

    internal static BigInteger Unauditable(Model contest, IReadOnlyList<KeyValuePair<string, Tally?>> reported)
    {
        var contestVotes = PyDecimal.FromInteger(contest.Contest.ValidVotes);
        var batchVotes = PyDecimal.Zero;
        foreach (var (_, tally) in reported)
        {
            if (tally is not null)
            {
                batchVotes += contest.CandidateTotal(tally.Votes);
            }
        }

        var missing = (contestVotes - batchVotes) / contest.Contest.VotesAllowed;
        return BigInteger.Max(missing.Ceiling(), BigInteger.Zero);
    }

    internal static PyDecimal U(Model contest, IReadOnlyList<KeyValuePair<string, Tally?>> reported)
    {
        var unauditable = Unauditable(contest, reported);
        var u = PyDecimal.Zero;
        foreach (var (_, tally) in reported)
        {
            u += MaxError(contest, tally, unauditable);
        }

        return u;
    }

    /// <summary><see cref="GetSampleSize(int, BatchComparisonContest, IReadOnlyList{KeyValuePair{string, BatchTally}}, IReadOnlyDictionary{string, IReadOnlyDictionary{string, long}}, IReadOnlyDictionary{string, string}, IReadOnlyList{IReadOnlySet{string}})"/>
    /// on exact tallies.</summary>
    internal static long GetSampleSize(int riskLimit, Model contest, Sample sample)
    {
        var alpha = RiskLimit.Decimal(riskLimit, allowZero: true);
        var reported = sample.Reported;
        if (reported.Count == sample.Audited.Count)
        {
            throw new InvalidOperationException(AllCountedMessage);
        }

        var u = U(contest, reported);
        if (u.IsInfinity || alpha.IsZero)
        {
            return reported.Count;
        }

        if (u <= PyDecimal.One)
        {
            return Math.Min(1, reported.Count);
        }

        var pMult = 1 - (1 / u);
        var risk = ComputeRisk(riskLimit, contest, sample);
        if (risk.Finished)
        {
            return 0;
        }

        var estimate = (alpha.Ln() - PyDecimal.FromDouble(risk.PValue).Ln()) / pMult.Ln();
        var size = estimate.Ceiling() + 1;
        return (long)BigInteger.Min(size, reported.Count);
    }

    /// <summary><see cref="ComputeRisk(int, BatchComparisonContest, IReadOnlyList{KeyValuePair{string, BatchTally}}, IReadOnlyDictionary{string, IReadOnlyDictionary{string, long}}, IReadOnlyDictionary{string, string}, IReadOnlyList{IReadOnlySet{string}})"/>
    /// on exact tallies.</summary>
    internal static ComparisonRisk ComputeRisk(int riskLimit, Model contest, Sample sample)
    {
        var alpha = RiskLimit.Decimal(riskLimit, allowZero: true);
        var reported = sample.Reported;
        if (sample.Audited.Count == reported.Count)
        {
            return new ComparisonRisk(0, true);
        }

        var byKey = new Dictionary<string, Tally?>(StringComparer.Ordinal);
        foreach (var (key, tally) in reported)
        {
            byKey[key] = tally;
        }

        var unauditable = Unauditable(contest, reported);
        var u = U(contest, reported);
        var p = PyDecimal.One;
        foreach (var (_, batch) in sample.TicketNumbers.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (sample.Audited.GetValueOrDefault(batch) is not { } auditedVotes)
            {
                continue;
            }

            var batchReported = byKey.GetValueOrDefault(batch);
            if (sample.CombinedBatches.FirstOrDefault(c => c.Contains(batch)) is { } combined && batchReported is not null)
            {
                batchReported = Combine(batchReported, combined.Select(byKey.GetValueOrDefault));
            }

            var error = Error(contest, batchReported, auditedVotes, unauditable);
            var ep = error is { CountedAs: > 0 } ? error.ExactWeightedError : PyDecimal.Zero;
            var up = MaxError(contest, byKey.GetValueOrDefault(batch), unauditable);
            if (ep.IsInfinity || up.IsInfinity)
            {
                return new ComparisonRisk(1.0, false);
            }

            // A batch reported without the contest but audited with it has u_p = 0: any overstatement there is
            // unbounded (Arlo would divide by zero).
            var taint = up.IsZero ? (ep.IsZero ? PyDecimal.Zero : PyDecimal.One) : ep / up;
            if (taint == PyDecimal.One)
            {
                p = PyDecimal.PositiveInfinity;
            }
            else if (!p.IsInfinity)
            {
                p *= (1 - (1 / u)) / (1 - taint);
            }
        }

        return new ComparisonRisk(Math.Min(p.ToDouble(), 1.0), p <= alpha);
    }

    /// <summary>Arlo's <c>macro.compute_error</c>: the worst pair's error of one batch (null when no pair has one).</summary>
    internal static ComparisonDiscrepancy? Error(
        Model contest, Tally? reported, IReadOnlyDictionary<string, PyDecimal> audited, BigInteger unauditable)
    {
        var reportedVotes = reported?.Votes ?? new Dictionary<string, PyDecimal>(StringComparer.Ordinal);
        ComparisonDiscrepancy? worst = null;
        foreach (var pair in contest.Pairs)
        {
            var (vw, vl) = pair.Votes(contest, reportedVotes);
            var (aw, al) = pair.Votes(contest, audited);
            var error = (vw - vl) - (aw - al);
            if (error.IsZero)
            {
                continue;
            }

            var margin = contest.AdjustedMargin(pair, unauditable);
            var weighted = margin > 0 ? error / PyDecimal.FromInteger(margin) : PyDecimal.PositiveInfinity;
            if (worst is null || weighted > worst.ExactWeightedError)
            {
                worst = new ComparisonDiscrepancy((long)error.Ceiling(), weighted.ToDouble()) { ExactWeightedError = weighted };
            }
        }

        return worst;
    }

    private static Tally Combine(Tally drawn, IEnumerable<Tally?> members)
    {
        var list = members.ToList();
        var votes = drawn.Votes.Keys.ToDictionary(
            choice => choice,
            choice => list.Aggregate(PyDecimal.Zero, (sum, t) => sum + (t?.Votes.GetValueOrDefault(choice) ?? PyDecimal.Zero)),
            StringComparer.Ordinal);
        var ballots = list.Aggregate(PyDecimal.Zero, (sum, t) => sum + (t?.Ballots ?? PyDecimal.Zero));
        return new Tally(votes, ballots);
    }

    /// <summary>A batch's reported tally for the contest, exact (Arlo's tests use fractional tallies).</summary>
    internal sealed record Tally(IReadOnlyDictionary<string, PyDecimal> Votes, PyDecimal Ballots)
    {
        /// <summary>The exact form of a public <see cref="BatchTally"/> (null stays null: the batch lacks the contest).</summary>
        public static Tally? From(BatchTally? batch) =>
            batch is null
                ? null
                : new Tally(batch.Votes.ToDictionary(kv => kv.Key, kv => PyDecimal.FromInteger(kv.Value), StringComparer.Ordinal), batch.Ballots);

        /// <summary>The exact form of every batch's reported tally, in the given order.</summary>
        public static List<KeyValuePair<string, Tally?>> From(IReadOnlyList<KeyValuePair<string, BatchTally?>> reported)
        {
            ArgumentNullException.ThrowIfNull(reported);
            return [.. reported.Select(kv => new KeyValuePair<string, Tally?>(kv.Key, From(kv.Value)))];
        }
    }

    /// <summary>What the audit has so far: every batch's reported tally in manifest order, the audited votes of the
    /// sampled batches (null: the contest is not in the batch), the draws (ticket number → batch key) and the sets
    /// of batches audited together.</summary>
    internal sealed record Sample(
        IReadOnlyList<KeyValuePair<string, Tally?>> Reported,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, PyDecimal>?> Audited,
        IReadOnlyDictionary<string, string> TicketNumbers,
        IReadOnlyList<IReadOnlySet<string>> CombinedBatches)
    {
        /// <summary>The exact form of the public inputs.</summary>
        public static Sample Of(
            IReadOnlyList<KeyValuePair<string, BatchTally?>> reported,
            IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>?> audited,
            IReadOnlyDictionary<string, string> ticketNumbers,
            IReadOnlyList<IReadOnlySet<string>> combinedBatches)
        {
            var exactReported = Tally.From(reported);
            ArgumentNullException.ThrowIfNull(audited);
            ArgumentNullException.ThrowIfNull(ticketNumbers);
            ArgumentNullException.ThrowIfNull(combinedBatches);
            var exactAudited = audited.ToDictionary(
                kv => kv.Key,
                kv => kv.Value is null
                    ? null
                    : (IReadOnlyDictionary<string, PyDecimal>)kv.Value.ToDictionary(c => c.Key, c => PyDecimal.FromInteger(c.Value), StringComparer.Ordinal),
                StringComparer.Ordinal);
            return new Sample(exactReported, exactAudited, ticketNumbers, combinedBatches);
        }
    }

    /// <summary>One assertion: a winner/loser pair of candidates, or a majority threshold pair where one side is
    /// "everyone but <see cref="Candidate"/>".</summary>
    internal sealed record Pair(string Winner, string Loser, long Margin, string? Candidate = null, bool CandidateWins = false)
    {
        public (PyDecimal Winner, PyDecimal Loser) Votes(Model contest, IReadOnlyDictionary<string, PyDecimal> tally)
        {
            if (Candidate is null)
            {
                return (tally.GetValueOrDefault(Winner), tally.GetValueOrDefault(Loser));
            }

            var candidate = tally.GetValueOrDefault(Candidate);
            var others = contest.CandidateTotal(tally) - candidate;
            return CandidateWins ? (candidate, others) : (others, candidate);
        }
    }

    /// <summary>The contest with its effective winners (the runner-up joins them when a runoff contest has no
    /// majority) and every assertion MACRO checks.</summary>
    internal sealed class Model
    {
        private Model(ArloContest contest, long pendingBallots, IReadOnlyList<Pair> pairs)
        {
            Contest = contest;
            PendingBallots = pendingBallots;
            Pairs = pairs;
        }

        public ArloContest Contest { get; }

        public long PendingBallots { get; }

        public IReadOnlyList<Pair> Pairs { get; }

        public static Model Of(BatchComparisonContest batchContest)
        {
            ArgumentNullException.ThrowIfNull(batchContest);
            var contest = batchContest.Contest;
            var total = contest.ValidVotes;
            if (batchContest.IsSubjectToRunoff && contest.Candidates.Count > 0)
            {
                var top = contest.Candidates.Max(c => c.Value);
                if (top <= total - top)
                {
                    // No majority (an exact half included): the top two advance, so both are winners.
                    contest = new ArloContest(contest.Name, contest.Candidates, contest.Ballots, 2, contest.VotesAllowed);
                }
            }

            var pairs = new List<Pair>();
            foreach (var w in contest.Winners)
            {
                pairs.AddRange(contest.Losers.Select(l => new Pair(w.Key, l.Key, w.Value - l.Value)));
            }

            if (batchContest.IsSubjectToRunoff)
            {
                foreach (var w in contest.Winners)
                {
                    var others = total - w.Value;
                    pairs.Add(w.Value > others
                        ? new Pair(w.Key, "__not_" + w.Key, w.Value - others, w.Key, CandidateWins: true)
                        : new Pair("__not_" + w.Key, w.Key, others - w.Value, w.Key, CandidateWins: false));
                }
            }

            return new Model(contest, batchContest.PendingBallots, pairs);
        }

        /// <summary>A pair's margin less the pending and the unauditable ballots (V_wl in the MACRO formulas).</summary>
        public BigInteger AdjustedMargin(Pair pair, BigInteger unauditable) => pair.Margin - PendingBallots - unauditable;

        /// <summary>Σ of the contest's candidates' votes in a tally.</summary>
        public PyDecimal CandidateTotal(IReadOnlyDictionary<string, PyDecimal> tally) =>
            Contest.Candidates.Aggregate(PyDecimal.Zero, (sum, c) => sum + tally.GetValueOrDefault(c.Key));
    }
}
