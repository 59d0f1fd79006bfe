using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Workflow;

/// <summary>The risk arithmetic the workflow applies per contest: sample-size options and the measured risk after a
/// round, with Arlo's conventions (<c>../shared/reference/arlo.md</c> §2–4).</summary>
/// <remarks>
/// <para>Ballot polling uses Arlo-exact BRAVO: <see cref="Bravo.SampleSizeOptions"/> (ASN and the 70/80/90% quantile
/// sizes) and <see cref="Bravo.ComputeRiskWithNotFound"/>. Ballot comparison uses SUPERSIMPLE (γ = 1.03905,
/// understatements clipped to zero) in double precision; when the conformance-checked SUPERSIMPLE lands in
/// Canvass.Audit, <c>SuperSimpleSize</c> and <c>SuperSimpleRisk</c> are the only places to change.</para>
/// <para>A not-found ballot counts as a vote for every loser (polling) or a two-vote overstatement (comparison).</para>
/// </remarks>
public static class AuditMath
{
    /// <summary>SUPERSIMPLE's error inflation factor γ, as Arlo uses it.</summary>
    public const double Gamma = 1.03905;

    /// <summary>The contest as Arlo's math sees it, selections named by id.</summary>
    public static ArloContest ToArloContest(AuditedContest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        return new ArloContest(contest.Contest, [.. contest.Choices.Select(c => KeyValuePair.Create(c.Selection, c.Votes))],
            contest.Ballots, contest.NumWinners, contest.VotesAllowed);
    }

    /// <summary>Why the contest cannot be audited (no losers, a tie for the last winning place, no ballots), or null.</summary>
    public static string? Unauditable(AuditedContest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var arlo = ToArloContest(contest);
        if (contest.Ballots <= 0)
        {
            return "its counties' manifests hold no ballots";
        }

        if (arlo.Losers.Count == 0)
        {
            return $"it has no losers ({contest.Choices.Length} selection(s), {contest.NumWinners} winner(s)): there is no outcome to check";
        }

        var lowestWinner = arlo.Winners.Min(w => w.Value);
        var highestLoser = arlo.Losers.Max(l => l.Value);
        return lowestWinner <= highestLoser
            ? $"it is tied ({lowestWinner.ToString(CultureInfo.InvariantCulture)} votes for the last winner and the first loser): only a full hand count can settle it"
            : null;
    }

    /// <summary>The sample-size options for a targeted contest's next round, given what was measured so far.</summary>
    /// <param name="auditType">One of <see cref="AuditTypes"/>.</param>
    /// <param name="riskLimit">Risk limit in whole percent.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="measured">Every ballot measured so far for the contest (empty before round 1).</param>
    /// <param name="drawnSoFar">Draws made for the contest in earlier rounds.</param>
    public static ImmutableArray<SampleSizeOption> Options(
        string auditType, int riskLimit, AuditedContest contest, IReadOnlyList<MeasuredBallot> measured, long drawnSoFar)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(measured);
        var all = (int)Math.Min(int.MaxValue, Math.Max(0, contest.Ballots - drawnSoFar));
        var allOption = new SampleSizeOption("all-ballots", all, "Every ballot of the frame not yet drawn: a full hand count.");
        if (auditType == AuditTypes.BallotComparison)
        {
            var size = SuperSimpleSize(riskLimit / 100.0, contest, measured, drawnSoFar);
            if (size <= 0)
            {
                // The sample so far already suffices (Arlo's size 0): nothing more to draw.
                return [];
            }

            return size >= all
                ? [allOption]
                : [new SampleSizeOption("supersimple", (int)size, "SUPERSIMPLE: enough draws to meet the risk limit at the expected (or observed) overstatement rates."), allOption];
        }

        return BravoOptions(riskLimit, contest, measured, allOption);
    }

    private static ImmutableArray<SampleSizeOption> BravoOptions(int riskLimit, AuditedContest contest, IReadOnlyList<MeasuredBallot> measured, SampleSizeOption allOption)
    {
        var arlo = ToArloContest(contest);
        var rounds = measured.Select(m => m.Round).Distinct().Order().ToList();
        var perRound = rounds.ToDictionary(r => r.ToString(CultureInfo.InvariantCulture), r => (IReadOnlyDictionary<string, long>)PollingVotes(arlo, contest, measured.Where(m => m.Round == r)));
        var sizes = rounds.Select(r => measured.Where(m => m.Round == r).Sum(m => (long)m.Draws));
        IReadOnlyList<PollingSampleSizeOption> options;
        try
        {
            options = Bravo.SampleSizeOptions(riskLimit, arlo, perRound, sizes);
        }
        catch (InvalidOperationException)
        {
            // Every ballot was drawn, or the sample already meets the risk limit: nothing more to draw.
            return [];
        }

        return [.. options.Select(o => o.Key == "all-ballots"
            ? allOption
            : new SampleSizeOption(o.Key, (int)Math.Min(o.Size, allOption.Size), o.Key == "asn"
                ? "BRAVO average sample number: the expected draws to confirm the outcome if the reported shares are right" + Chance(o.Probability)
                : $"BRAVO (Lindeman): a round this size confirms a correct outcome with probability {o.Key}.")),
            .. options.Any(o => o.Key == "all-ballots") ? (SampleSizeOption[])[] : [allOption]];
    }

    private static string Chance(double? p) => p is { } v ? $" (chance to finish in one round: {v.ToString("0.00", CultureInfo.InvariantCulture)})." : ".";

    /// <summary>Votes seen per selection, with each not-found ballot counted for every loser (Arlo's convention).</summary>
    private static Dictionary<string, long> PollingVotes(ArloContest arlo, AuditedContest contest, IEnumerable<MeasuredBallot> measured)
    {
        var list = measured.ToList();
        var votes = RoundVotes(contest, list);
        var notFound = list.Where(m => m.NotFound).Sum(m => (long)m.Draws);
        foreach (var l in arlo.Losers)
        {
            votes[l.Key] += notFound;
        }

        return votes;
    }

    /// <summary>Measures the contest over every round so far.</summary>
    public static ContestRoundOutcome Measure(string auditType, int riskLimit, AuditedContest contest, IReadOnlyList<MeasuredBallot> measured)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(measured);
        var draws = measured.Sum(m => (long)m.Draws);
        var votes = SampleVotes(contest, measured);
        if (auditType == AuditTypes.BallotComparison)
        {
            var (p, o1, o2, u1, u2) = SuperSimpleRisk(contest, measured);
            var met = p < riskLimit / 100.0;
            return new ContestRoundOutcome(contest.Contest, contest.Targeted, draws, p.ToString("R", CultureInfo.InvariantCulture), met, votes, o1, o2, u1, u2);
        }

        var arlo = ToArloContest(contest);
        var rounds = measured.Select(m => m.Round).Distinct().Order().ToList();
        var perRound = rounds.ToDictionary(
            r => r.ToString(CultureInfo.InvariantCulture),
            r => (IReadOnlyDictionary<string, long>)RoundVotes(contest, measured.Where(m => m.Round == r)));
        var notFound = rounds.ToDictionary(
            r => r.ToString(CultureInfo.InvariantCulture),
            r => measured.Where(m => m.Round == r && m.NotFound).Sum(m => (long)m.Draws));
        var risk = Bravo.ComputeRiskWithNotFound(riskLimit, arlo, perRound, notFound);
        var pValue = risk.PValues.Count == 0 ? 1.0 : risk.PValues.Values.Max();
        return new ContestRoundOutcome(contest.Contest, contest.Targeted, draws, pValue.ToString("R", CultureInfo.InvariantCulture), risk.Finished && draws > 0, votes, 0, 0, 0, 0);
    }

    /// <summary>The discrepancy of one ballot in one contest (ballot comparison): the <c>e = (v_w − a_w) − (v_l − a_l)</c>
    /// of the winner–loser pair with the largest error relative to its margin; +2 for a ballot not found or without a CVR.</summary>
    public static int Discrepancy(AuditedContest contest, MeasuredBallot ballot)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(ballot);
        var arlo = ToArloContest(contest);
        if (ballot.NotFound)
        {
            return 2;
        }

        var reported = Marks(contest, ballot.Reported ?? []);
        var audited = ballot.Audited is { Interpretation: Interpretations.Vote, Overvote: false } a ? Marks(contest, a.Choices) : [];
        var worst = double.NegativeInfinity;
        var result = 0;
        foreach (var w in arlo.Winners)
        {
            foreach (var l in arlo.Losers)
            {
                var e = (Has(reported, w.Key) - Has(audited, w.Key)) - (Has(reported, l.Key) - Has(audited, l.Key));
                var margin = w.Value - l.Value;
                var weighted = margin <= 0 ? double.PositiveInfinity * Math.Sign(e) : (double)e / margin;
                if (weighted > worst)
                {
                    worst = weighted;
                    result = e;
                }
            }
        }

        return result;
    }

    private static ImmutableHashSet<string> Marks(AuditedContest contest, ImmutableArray<string> choices) =>
        choices.Length > contest.VotesAllowed ? [] : [.. choices];

    private static int Has(ImmutableHashSet<string> marks, string selection) => marks.Contains(selection) ? 1 : 0;

    private static ImmutableArray<ReportedChoice> SampleVotes(AuditedContest contest, IEnumerable<MeasuredBallot> measured)
    {
        var votes = RoundVotes(contest, measured);
        return [.. contest.Choices.Select(c => new ReportedChoice(c.Selection, votes.GetValueOrDefault(c.Selection)))];
    }

    private static Dictionary<string, long> RoundVotes(AuditedContest contest, IEnumerable<MeasuredBallot> measured)
    {
        var votes = contest.Choices.ToDictionary(c => c.Selection, _ => 0L, StringComparer.Ordinal);
        foreach (var m in measured)
        {
            if (!m.NotFound && m.Audited is { Interpretation: Interpretations.Vote, Overvote: false } a && a.Choices.Length <= contest.VotesAllowed)
            {
                foreach (var choice in a.Choices)
                {
                    if (votes.ContainsKey(choice))
                    {
                        votes[choice] += m.Draws;
                    }
                }
            }
        }

        return votes;
    }

    private static long SuperSimpleSize(double alpha, AuditedContest contest, IReadOnlyList<MeasuredBallot> measured, long drawnSoFar)
    {
        var m = ToArloContest(contest).DilutedMargin;
        double r1 = 0.001, r2 = 0.0001, s1 = 0.001, s2 = 0.0001;
        if (drawnSoFar > 0)
        {
            var (_, o1Seen, o2Seen, _, _) = SuperSimpleRisk(contest, measured);
            r1 = (double)o1Seen / drawnSoFar;
            r2 = (double)o2Seen / drawnSoFar;
            s1 = s2 = 0;
        }

        var denom = Math.Log(1 - (m / (2 * Gamma))) - (r1 * Math.Log(1 - (1 / (2 * Gamma)))) - (r2 * Math.Log(1 - (1 / Gamma)))
            - (s1 * Math.Log(1 + (1 / (2 * Gamma)))) - (s2 * Math.Log(1 + (1 / Gamma)));
        if (denom >= 0)
        {
            return contest.Ballots;
        }

        var n0 = Math.Ceiling(Math.Log(alpha) / denom);
        var o1 = Math.Ceiling(r1 * n0);
        var u1 = Math.Ceiling(s1 * n0);
        var o2 = Math.Floor((r2 * n0) + 0.5);
        var u2 = Math.Floor((s2 * n0) + 0.5);
        var nMin = Math.Max(o1 + o2 + u1 + u2, Math.Ceiling(-2 * Gamma * (Math.Log(alpha) + (o1 * Math.Log(1 - (1 / (2 * Gamma))))
            + (o2 * Math.Log(1 - (1 / Gamma))) + (u1 * Math.Log(1 + (1 / (2 * Gamma)))) + (u2 * Math.Log(1 + (1 / Gamma)))) / m));
        return Math.Max(0, (long)Math.Min(nMin, contest.Ballots) - drawnSoFar);
    }

    private static (double P, int O1, int O2, int U1, int U2) SuperSimpleRisk(AuditedContest contest, IReadOnlyList<MeasuredBallot> measured)
    {
        var m = ToArloContest(contest).DilutedMargin;
        if (measured.Sum(b => (long)b.Draws) >= contest.Ballots)
        {
            return (0, 0, 0, 0, 0);
        }

        double p = 1;
        int o1 = 0, o2 = 0, u1 = 0, u2 = 0;
        foreach (var b in measured)
        {
            var e = Discrepancy(contest, b);
            switch (e)
            {
                case 1: o1 += b.Draws; break;
                case >= 2: o2 += b.Draws; break;
                case -1: u1 += b.Draws; break;
                case <= -2: u2 += b.Draws; break;
                default: break;
            }

            var clipped = Math.Max(e, 0);
            p *= Math.Pow((1 - (m / (2 * Gamma))) / (1 - (clipped / (2 * Gamma))), b.Draws);
        }

        return (Math.Min(p, 1), o1, o2, u1, u2);
    }
}
