using System.Collections.Immutable;
using System.Globalization;
using Canvass.Audit.Shangrla;
using Canvass.Domain.Audits;
using Canvass.Domain.Rcv;

namespace Canvass.Audit.Workflow;

/// <summary>One draw of a ranked-choice contest's ballot-comparison sample, as its assertions see it.</summary>
/// <param name="Ticket">The draw's ticket number (draws are measured in ticket order, which is draw order).</param>
/// <param name="NotFound">The paper could not be found: the worst case for every assertion.</param>
/// <param name="Audited">The board's effective ranking (selection ids, most preferred first), or null when the board
/// read the contest as not on the ballot (or recorded nothing for it).</param>
/// <param name="Reported">The CVR's effective ranking, or null when the ballot has no CVR or its CVR does not carry the
/// contest.</param>
public sealed record RankedDraw(string Ticket, bool NotFound, ImmutableArray<string>? Audited, ImmutableArray<string>? Reported);

/// <summary>A ranked-choice contest's measurement: each assertion's risk and the contest's (the largest).</summary>
/// <param name="Assertions">Each assertion's risk, in the order given.</param>
/// <param name="PValue">The contest's risk: the largest assertion risk (1 with no draws).</param>
/// <param name="RiskLimitMet">True when every assertion's risk is at or below the risk limit.</param>
public sealed record RaireMeasurement(ImmutableArray<RaireAssertionRisk> Assertions, double PValue, bool RiskLimitMet);

/// <summary>
/// Ranked-choice (single-winner IRV) contests in a ballot-comparison audit, the way SHANGRLA audits them: RAIRE's NEB/NEN
/// assertions (<see cref="Raire"/>), each tested with the comparison overstatement assorter over the (CVR, paper) pairs
/// in draw order.
/// </summary>
/// <remarks>
/// <para><b>Frame.</b> Margins are over the audit's sampling frame (every manifest ballot of the contest's counties): a
/// ballot without the contest, or without a CVR, assorts to ½ (SHANGRLA without card-style data), so the frame's size
/// dilutes the margin the way <see cref="AuditedContest.Ballots"/> dilutes a plurality margin.</para>
/// <para><b>Test.</b> ALPHA with SHANGRLA's <see cref="OptimalComparison"/> η (p₂ = 10⁻⁵) on the overstatement assorter
/// (upper bound 2/(2 − v)), sampling with replacement (N = ∞, as the workflow draws). The risk of an assertion is ALPHA's
/// p-value over every draw so far in ticket order; the contest's risk is the largest.</para>
/// <para><b>Not found.</b> A ballot that cannot be found counts as the worst case for every assertion: overstatement
/// assorter value 0 (a two-vote overstatement, as the workflow's SUPERSIMPLE counts it) — stricter than SHANGRLA's phantom
/// reading, which would subtract nothing from a CVR that assorts below 1.</para>
/// <para><b>Sample size.</b> SHANGRLA's deterministic <c>find_sample_size</c> for comparison audits with its Audit default
/// rates (one-vote overstatements at rate 0.001, none of two votes): the draws so far followed by constructed data —
/// the no-error value, with a one-vote overstatement at every 1000th draw starting with the first — run through the same
/// test; the size is the first draw at which the p-value reaches the risk limit. The hardest assertion decides.</para>
/// </remarks>
public static class RaireAuditMath
{
    /// <summary>SHANGRLA's default one-vote overstatement rate for sample-size estimates.</summary>
    public const double EstimateRate1 = 0.001;

    /// <summary>The longest sample the estimate simulates; beyond it only a full hand count is offered.</summary>
    public const int MaxEstimate = 2_000_000;

    /// <summary>
    /// The effective ranking of a ranking entered rank by rank: <paramref name="ranks"/>[i] is what rank i + 1 shows —
    /// a selection id, <c>""</c> for a skipped rank, or ids joined by <c>|</c> for an overvoted rank. The same rules as a
    /// ranked CVR (<see cref="Card.Preferences"/>): skipped ranks closed up, a repeated candidate counted at its first
    /// rank, the ranking stopped at the first overvoted rank.
    /// </summary>
    public static ImmutableArray<string> Preferences(IEnumerable<string> ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var choices = ranks.SelectMany((r, i) => r.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => new RankedChoice(i + 1, c)));
        return [.. Card.Preferences(new RankedCvr("", null, null, null, [.. choices]))];
    }

    /// <summary>The effective ranking of ranked CVR marks (rank, selection id) by <see cref="Card.Preferences"/>.</summary>
    public static ImmutableArray<string> Preferences(IEnumerable<(int Rank, string Selection)> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        return [.. Card.Preferences(new RankedCvr("", null, null, null, [.. marks.Select(m => new RankedChoice(m.Rank, m.Selection))]))];
    }

    /// <summary>What the board's reading means for the assertions: a vote's effective ranking, an empty ranking for a
    /// blank (or a contest the board could not agree on), null for not on the ballot or nothing recorded.</summary>
    public static ImmutableArray<string>? Audited(ContestInterpretation? reading) => reading switch
    {
        null or { Interpretation: Interpretations.NotOnBallot } => null,
        { Interpretation: Interpretations.Vote } r => Preferences(r.Choices),
        _ => [],
    };

    /// <summary>
    /// Generates the assertions for the reported winner from the CVRs' effective rankings, with margins over a frame of
    /// <paramref name="frame"/> ballots (the CVRs plus <paramref name="frame"/> − CVRs ballots that do not carry the
    /// contest). The result's problem is set when RAIRE cannot confirm the winner.
    /// </summary>
    /// <param name="contest">The contest id.</param>
    /// <param name="selections">Every selection id.</param>
    /// <param name="winner">The reported winner's selection id.</param>
    /// <param name="cvrs">Each CVR's effective ranking.</param>
    /// <param name="frame">The ballots in the sampling frame (at least the CVRs).</param>
    public static (RaireResult Result, ImmutableArray<RaireAssertion> Assertions) Generate(
        string contest, IReadOnlyList<string> selections, string winner, IReadOnlyList<ImmutableArray<string>> cvrs, long frame)
    {
        ArgumentNullException.ThrowIfNull(cvrs);
        var counts = new RankingCounts();
        foreach (var cvr in cvrs)
        {
            counts.Add(cvr);
        }

        return Generate(contest, selections, winner, counts, frame);
    }

    /// <summary>As <see cref="Generate(string, IReadOnlyList{string}, string, IReadOnlyList{ImmutableArray{string}}, long)"/>,
    /// from the CVRs' distinct rankings with their counts.</summary>
    public static (RaireResult Result, ImmutableArray<RaireAssertion> Assertions) Generate(
        string contest, IReadOnlyList<string> selections, string winner, RankingCounts cvrs, long frame)
    {
        ArgumentNullException.ThrowIfNull(cvrs);
        if (frame < cvrs.Total)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), "the frame holds fewer ballots than there are CVRs");
        }

        var ballots = cvrs.Groups.Append((Ranking: ImmutableArray<string>.Empty, Count: frame - cvrs.Total))
            .SelectMany(g => Repeat(g.Ranking, g.Count));
        var result = Raire.Generate(contest, selections, winner, ballots);
        return (result, [.. result.Assertions.OrderBy(a => a.Margin).Select(ToRecord)]);
    }

    private static IEnumerable<IReadOnlyList<string>> Repeat(ImmutableArray<string> ranking, long count)
    {
        IReadOnlyList<string> list = ranking;
        for (long i = 0; i < count; i++)
        {
            yield return list;
        }
    }

    /// <summary>The log's form of a SHANGRLA assertion.</summary>
    public static RaireAssertion ToRecord(Assertion assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var margin = assertion.Margin.ToString("R", CultureInfo.InvariantCulture);
        return assertion.Assorter switch
        {
            NebAssorter neb => new RaireAssertion(RaireAssertion.Neb, neb.Winner, neb.Loser, [], margin),
            NenAssorter nen => new RaireAssertion(RaireAssertion.Nen, nen.Winner, nen.Loser, [.. nen.Remaining], margin),
            _ => throw new ArgumentException("not a RAIRE assertion", nameof(assertion)),
        };
    }

    /// <summary>The SHANGRLA assertion a logged one stands for.</summary>
    public static Assertion ToAssertion(string contest, RaireAssertion assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        Assorter assorter = assertion.Kind == RaireAssertion.Nen
            ? new NenAssorter(contest, assertion.Winner, assertion.Loser, assertion.Continuing)
            : new NebAssorter(contest, assertion.Winner, assertion.Loser);
        return new Assertion(assorter, double.Parse(assertion.Margin, CultureInfo.InvariantCulture));
    }

    /// <summary>The test every assertion is measured with: ALPHA, <see cref="OptimalComparison"/>, with replacement.</summary>
    public static NonnegMean Test(Assertion assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return assertion.Test(ShangrlaAuditType.CardComparison, double.PositiveInfinity);
    }

    /// <summary>The overstatement assorter's value of one draw for one assertion (0 for a ballot not found).</summary>
    public static double Value(string contest, Assertion assertion, RankedDraw draw)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(draw);
        return draw.NotFound ? assertion.MakeOverstatement(assertion.Assorter.UpperBound) : assertion.OverstatementAssorter(ToCard(contest, draw.Audited), ToCard(contest, draw.Reported), useStyle: false);
    }

    /// <summary>The overstatement ω = A(CVR) − A(paper) of one draw (1 for a ballot not found).</summary>
    public static double Overstatement(string contest, Assertion assertion, RankedDraw draw)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(draw);
        return draw.NotFound ? assertion.Assorter.UpperBound : assertion.Assorter.Overstatement(ToCard(contest, draw.Audited), ToCard(contest, draw.Reported), useStyle: false);
    }

    private static Card ToCard(string contest, ImmutableArray<string>? ranking) =>
        ranking is { } r ? Card.WithRanking("", contest, r) : Card.Empty("");

    /// <summary>Measures every assertion over <paramref name="draws"/> (sorted here by ticket).</summary>
    /// <param name="riskLimit">The risk limit in whole percent.</param>
    /// <param name="contest">The contest id.</param>
    /// <param name="assertions">The contest's assertions.</param>
    /// <param name="draws">Every draw of the contest so far.</param>
    public static RaireMeasurement Measure(int riskLimit, string contest, IReadOnlyList<RaireAssertion> assertions, IReadOnlyList<RankedDraw> draws)
    {
        ArgumentNullException.ThrowIfNull(assertions);
        ArgumentNullException.ThrowIfNull(draws);
        var alpha = riskLimit / 100.0;
        var ordered = draws.OrderBy(d => d.Ticket, StringComparer.Ordinal).ToList();
        var risks = ImmutableArray.CreateBuilder<RaireAssertionRisk>(assertions.Count);
        foreach (var logged in assertions)
        {
            var assertion = ToAssertion(contest, logged);
            var p = ordered.Count == 0 ? 1.0 : Test(assertion).Measure([.. ordered.Select(d => Value(contest, assertion, d))]).PValue;
            var omegas = ordered.Select(d => Overstatement(contest, assertion, d)).ToList();
            risks.Add(new RaireAssertionRisk(logged, p.ToString("R", CultureInfo.InvariantCulture), p <= alpha,
                omegas.Count(o => o == 0.5), omegas.Count(o => o == 1), omegas.Count(o => o == -0.5), omegas.Count(o => o == -1)));
        }

        var max = risks.Count == 0 ? 0 : risks.Max(r => double.Parse(r.PValue, CultureInfo.InvariantCulture));
        return new RaireMeasurement(risks.ToImmutable(), ordered.Count == 0 && risks.Count > 0 ? 1 : max, risks.All(r => r.RiskLimitMet));
    }

    /// <summary>
    /// The draws one assertion needs in total (see the remarks): the first n at which ALPHA's p-value reaches the risk
    /// limit on the draws so far followed by SHANGRLA's constructed comparison data; null when not within
    /// <paramref name="limit"/> draws.
    /// </summary>
    public static int? SampleSize(int riskLimit, string contest, RaireAssertion assertion, IReadOnlyList<RankedDraw> drawnSoFar, int limit)
    {
        ArgumentNullException.ThrowIfNull(drawnSoFar);
        var a = ToAssertion(contest, assertion);
        if (!(a.Margin > 0))
        {
            return null;
        }

        var observed = drawnSoFar.OrderBy(d => d.Ticket, StringComparer.Ordinal).Select(d => Value(contest, a, d)).ToList();
        var length = Math.Max(limit, observed.Count);
        var x = new double[length];
        observed.CopyTo(x);
        var big = a.MakeOverstatement(0);
        var small = a.MakeOverstatement(0.5);
        var every = (int)(1 / EstimateRate1);
        for (var i = observed.Count; i < length; i++)
        {
            x[i] = (i - observed.Count) % every == 0 ? small : big;
        }

        var history = Test(a).Measure(x).History;
        var alpha = riskLimit / 100.0;
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i] <= alpha)
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>What the <c>all-ballots</c> option of a ranked-choice contest is: draws with replacement, not a full hand
    /// tally (counting IRV by hand needs the rounds of elimination, which Canvass does not take from the boards' entries).</summary>
    private const string AllBallotsDescription =
        "As many draws as the frame has ballots not yet drawn (with replacement: some repeat, some are never drawn); if the risk limit is still not met after it, the audit ends in a full hand count.";

    /// <summary>The sample-size options for a ranked-choice contest's next round: the hardest assertion's estimate less
    /// the draws so far, and a full hand count; none when the draws so far already meet the risk limit.</summary>
    /// <param name="riskLimit">The risk limit in whole percent.</param>
    /// <param name="contest">The contest id.</param>
    /// <param name="assertions">The contest's assertions.</param>
    /// <param name="drawnSoFar">Every draw of the contest so far.</param>
    /// <param name="all">The frame's ballots not yet drawn (the full-hand-count option).</param>
    public static ImmutableArray<SampleSizeOption> Options(int riskLimit, string contest, IReadOnlyList<RaireAssertion> assertions, IReadOnlyList<RankedDraw> drawnSoFar, int all)
    {
        ArgumentNullException.ThrowIfNull(assertions);
        ArgumentNullException.ThrowIfNull(drawnSoFar);
        var allOption = new SampleSizeOption(FullHandTally.AllBallots, all, AllBallotsDescription);
        if (assertions.Count == 0 || drawnSoFar.Count > 0 && Measure(riskLimit, contest, assertions, drawnSoFar).RiskLimitMet)
        {
            return [];
        }

        var limit = Math.Min(MaxEstimate, drawnSoFar.Count + Math.Max(all, 1));
        var sizes = assertions.Select(a => SampleSize(riskLimit, contest, a, drawnSoFar, limit)).ToList();
        if (sizes.Any(s => s is null))
        {
            return [allOption];
        }

        var size = sizes.Max(s => s!.Value) - drawnSoFar.Count;
        var hardest = assertions[sizes.IndexOf(sizes.Max())];
        return size >= all
            ? [allOption]
            : [new SampleSizeOption("raire-alpha", Math.Max(size, 1),
                $"RAIRE + ALPHA: enough draws for the hardest assertion ({hardest.Describe()}, margin {double.Parse(hardest.Margin, CultureInfo.InvariantCulture).ToString("0.0000", CultureInfo.InvariantCulture)}) at a one-vote overstatement rate of 0.001."), allOption];
    }
}

/// <summary>The effective rankings of a contest's CVRs, kept as distinct rankings with counts so that memory follows the
/// rankings, not the ballots.</summary>
/// <threadsafety>Mutable; not thread-safe.</threadsafety>
public sealed class RankingCounts
{
    private readonly Dictionary<string, (ImmutableArray<string> Ranking, long Count)> _groups = new(StringComparer.Ordinal);

    /// <summary>The CVRs added.</summary>
    public long Total { get; private set; }

    /// <summary>Each distinct ranking with its count, in key order.</summary>
    public IEnumerable<(ImmutableArray<string> Ranking, long Count)> Groups =>
        _groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value);

    /// <summary>Adds one CVR's effective ranking.</summary>
    public void Add(ImmutableArray<string> ranking)
    {
        var key = string.Join('\u001f', ranking);
        _groups[key] = _groups.TryGetValue(key, out var g) ? (g.Ranking, g.Count + 1) : (ranking, 1);
        Total++;
    }
}
