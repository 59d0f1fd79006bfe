using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Workflow;

/// <summary>The risk arithmetic the workflow applies per contest: sample-size options and the measured risk after a
/// round, with Arlo's conventions (<c>../shared/reference/arlo.md</c> §2–4).</summary>
/// <remarks>
/// <para>Ballot polling uses Arlo-exact BRAVO: <see cref="Bravo.SampleSizeOptions"/> (ASN and the 70/80/90% quantile
/// sizes) and <see cref="Bravo.ComputeRiskWithNotFound"/>. Ballot comparison uses Arlo-exact SUPERSIMPLE
/// (<see cref="Supersimple.GetSampleSize"/>, <see cref="Supersimple.ComputeRisk"/>; γ = 1.03905, understatements
/// clipped to zero, 28-digit decimal arithmetic): each measured ballot becomes a <see cref="ComparisonBallot"/> with
/// Arlo's marks (<c>"1"</c>/<c>"0"</c> per selection; a contest the CVR does not carry, or the board read as not on
/// the ballot, is left out; a not-found ballot has no audited reading), drawn as many times as its draws.</para>
/// <para>A not-found ballot counts as a vote for every loser (polling) or a two-vote overstatement (comparison).</para>
/// </remarks>
public static class AuditMath
{
    // A side of a comparison ballot that does not carry the contest.
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NoContest =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>The contest as Arlo's math sees it, selections named by id.</summary>
    public static ArloContest ToArloContest(AuditedContest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        return new ArloContest(contest.Contest, [.. contest.Choices.Select(c => KeyValuePair.Create(c.Selection, c.Votes))],
            contest.Ballots, contest.NumWinners, contest.VotesAllowed);
    }

    /// <summary>Whether the reported count ties the last winner with the first loser: the math of a risk-limiting audit has
    /// no margin to work with, and only a full hand tally (<see cref="FullHandTally"/>) can settle it.</summary>
    public static bool IsTied(AuditedContest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var arlo = ToArloContest(contest);
        return contest.Ballots > 0 && arlo.Losers.Count > 0 && arlo.Winners.Min(w => w.Value) <= arlo.Losers.Max(l => l.Value);
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

        return IsTied(contest)
            ? $"it is tied ({arlo.Winners.Min(w => w.Value).ToString(CultureInfo.InvariantCulture)} votes for the last winner and the first loser): only a full hand count can settle it"
            : null;
    }

    /// <summary>The sample-size options for a targeted contest's next round, given what was measured so far. The
    /// <c>all-ballots</c> option (its size: the ballots not yet drawn) is a <see cref="FullHandTally"/>.</summary>
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
        var allOption = new SampleSizeOption(FullHandTally.AllBallots, all, FullHandTally.Description);
        if (IsTied(contest))
        {
            // Arlo: a reported tie offers only all ballots.
            return all > 0 ? [allOption] : [];
        }

        if (auditType == AuditTypes.BallotComparison)
        {
            var arlo = ToArloContest(contest);
            var seen = drawnSoFar > 0 ? Supersimple.CountDiscrepancies(arlo, ComparisonSample(contest, measured)) with { SampleSize = drawnSoFar } : null;
            var size = Supersimple.GetSampleSize(riskLimit, arlo, seen);
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
        var arlo = ToArloContest(contest);
        if (auditType == AuditTypes.BallotComparison)
        {
            var sample = ComparisonSample(contest, measured);
            // Not Arlo's "draws reach the ballots, so it was a full hand count": drawn with replacement, some ballots may never
            // have been looked at. Then the measured risk stands, and an unmet limit ends the audit in a full hand count.
            var comparison = Supersimple.ComputeRisk(riskLimit, arlo, sample, BallotsExamined(measured));
            var counts = Supersimple.CountDiscrepancies(arlo, sample);
            return new ContestRoundOutcome(contest.Contest, contest.Targeted, draws, comparison.PValue.ToString("R", CultureInfo.InvariantCulture), comparison.Finished, votes,
                (int)counts.OneVoteOverstatements, (int)counts.TwoVoteOverstatements, (int)counts.OneVoteUnderstatements, (int)counts.TwoVoteUnderstatements);
        }

        var rounds = measured.Select(m => m.Round).Distinct().Order().ToList();
        var perRound = rounds.ToDictionary(
            r => r.ToString(CultureInfo.InvariantCulture),
            r => (IReadOnlyDictionary<string, long>)RoundVotes(contest, measured.Where(m => m.Round == r)));
        var notFound = rounds.ToDictionary(
            r => r.ToString(CultureInfo.InvariantCulture),
            r => measured.Where(m => m.Round == r && m.NotFound).Sum(m => (long)m.Draws));
        var risk = Bravo.ComputeRiskWithNotFound(riskLimit, arlo, perRound, notFound, BallotsExamined(measured));
        var pValue = risk.PValues.Count == 0 ? 1.0 : risk.PValues.Values.Max();
        return new ContestRoundOutcome(contest.Contest, contest.Targeted, draws, pValue.ToString("R", CultureInfo.InvariantCulture), risk.Finished && draws > 0, votes, 0, 0, 0, 0);
    }

    /// <summary>The distinct ballots the boards examined (a ballot drawn twice, or in two rounds, once), or null when the
    /// measurement does not say which ballot is which (then Arlo's count of draws decides a full hand count).</summary>
    private static long? BallotsExamined(IReadOnlyList<MeasuredBallot> measured) =>
        measured.All(m => m.Ballot is not null) ? measured.Select(m => m.Ballot).Distinct().LongCount() : null;

    /// <summary>The discrepancy of one ballot in one contest (ballot comparison), as Arlo's
    /// <see cref="Supersimple.ComputeDiscrepancies"/> counts it: of the winner–loser pairs' <c>e = (v_w − a_w) − (v_l − a_l)</c>
    /// that are not zero, the largest; +2 for a ballot not found; 0 when no pair differs.</summary>
    public static int Discrepancy(AuditedContest contest, MeasuredBallot ballot)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(ballot);
        var sample = ComparisonSample(contest, [ballot]);
        return Supersimple.ComputeDiscrepancies(ToArloContest(contest), sample).TryGetValue(sample[0].BallotId, out var d) ? (int)d.CountedAs : 0;
    }

    /// <summary>The measured ballots as Arlo's SUPERSIMPLE sees them: per ballot the CVR's and the board's marks for the
    /// contest (<c>"1"</c> voted, <c>"0"</c> not), drawn <see cref="MeasuredBallot.Draws"/> times. A CVR that does not
    /// carry the contest, or a reading that is missing or says not on the ballot, leaves the contest out of that side
    /// (Arlo: not on the ballot, counted as (0, 0)); a not-found ballot has no audited side (a two-vote overstatement).
    /// An overvote (more marks than allowed, on either side) counts no vote.</summary>
    private static List<ComparisonBallot> ComparisonSample(AuditedContest contest, IReadOnlyList<MeasuredBallot> measured)
    {
        var sample = new List<ComparisonBallot>(measured.Count);
        for (var i = 0; i < measured.Count; i++)
        {
            var m = measured[i];
            var reported = m.Reported is { } r ? ContestMarks(contest, r.Length > contest.VotesAllowed ? [] : r) : NoContest;
            IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? audited = m.NotFound ? null : m.Audited switch
            {
                null or { Interpretation: Interpretations.NotOnBallot } => NoContest,
                { Interpretation: Interpretations.Vote, Overvote: false } a when a.Choices.Length <= contest.VotesAllowed => ContestMarks(contest, a.Choices),
                _ => ContestMarks(contest, []),
            };
            sample.Add(new ComparisonBallot(i.ToString(CultureInfo.InvariantCulture), m.Draws, reported, audited));
        }

        return sample;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ContestMarks(AuditedContest contest, ImmutableArray<string> choices) =>
        new(StringComparer.Ordinal)
        {
            [contest.Contest] = contest.Choices.ToDictionary(c => c.Selection, c => choices.Contains(c.Selection) ? "1" : "0", StringComparer.Ordinal),
        };

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
}
