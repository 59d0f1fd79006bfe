using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Workflow;

/// <summary>A full hand tally: the round that counts every ballot (or batch) of a targeted contest's frame once, and
/// what that count concludes.</summary>
/// <remarks>
/// <para>As in Arlo (<c>../shared/reference/arlo.md</c> §2, <c>validate_sample_size</c>), a size at or above the
/// full-hand-tally size turns the round into a full hand tally, and only an audit with one targeted contest may take
/// it. Canvass logs such a round with the option <see cref="SampleSize.FullHandTally"/>. A ballot audit's round lists
/// every ballot of the frame once, with its first ticket of the consistent sampler drawn without replacement (so
/// <c>canvass rla sample</c> without <c>--with-replacement</c> gives the same list); a ballot examined in an earlier
/// round keeps its reading. A batch-comparison round draws, as Arlo's PPEB sampler does, every batch not drawn before.</para>
/// <para>Arlo ends such a round with risk 0 whatever the paper shows. Canvass takes the count as the result instead: the
/// hand count's winners are compared with the reported winners (<see cref="Conclude"/>).</para>
/// </remarks>
public static class FullHandTally
{
    /// <summary>The option id Arlo (and <c>canvass audit options</c>) gives a full hand tally.</summary>
    public const string AllBallots = "all-ballots";

    /// <summary>What the <c>all-ballots</c> option is, for people.</summary>
    public const string Description =
        "Full hand tally: every ballot of the frame once, without replacement (ballots already audited keep their reading); the hand count is the result. One targeted contest only.";

    /// <summary>Whether the round is a full hand tally (of its one targeted contest).</summary>
    public static bool IsFullHandTally(AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return round.Sample.Sizes.Any(s => s.Option == SampleSize.FullHandTally);
    }

    /// <summary>Whether a chosen size is a full hand tally: the <c>all-ballots</c> option,
    /// or a size reaching the ballots (batches) of the frame not yet drawn. Ranked-choice contests and hybrid audits
    /// keep their own <c>all-ballots</c>, drawn with replacement.</summary>
    public static bool IsChosen(AuditState state, SampleSize size)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(size);
        if (state.Audit is not { } audit || audit.AuditType == AuditTypes.Hybrid || state.RaireAssertions.ContainsKey(size.Contest))
        {
            return false;
        }

        return size.Option is AllBallots or SampleSize.FullHandTally || size.Size >= NotYetDrawn(state, audit.Contests.First(c => c.Contest == size.Contest));
    }

    /// <summary>The round's size for a full hand tally of the contest: every ballot of its frame (ballot audits) or every
    /// batch (batch comparison).</summary>
    public static SampleSize Size(AuditState state, AuditedContest contest)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(contest);
        var units = state.Audit!.AuditType == AuditTypes.BatchComparison ? BatchAuditMath.Frame(state, contest).Count : contest.Ballots;
        return new SampleSize(contest.Contest, SampleSize.FullHandTally, checked((int)units));
    }

    /// <summary>Why the audit cannot count the contest fully by hand, or null when it can: Arlo allows a full hand tally
    /// only in an audit with one targeted contest.</summary>
    public static string? Refusal(AuditState state, string contest)
    {
        ArgumentNullException.ThrowIfNull(state);
        var targeted = state.Audit!.Contests.Where(c => c.Targeted).Select(c => c.Contest).ToList();
        return targeted.Count > 1
            ? $"A full hand tally of {contest} (the all-ballots option, or a size reaching the ballots not yet drawn) counts one contest, and this audit targets {targeted.Count.ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", targeted)}); as in Arlo, only an audit with one targeted contest may take it. Choose a smaller size, or audit the contest on its own."
            : null;
    }

    /// <summary>Ballots (batches) of the contest's frame not yet drawn for it: the frame less the draws of every round so far.</summary>
    public static long NotYetDrawn(AuditState state, AuditedContest contest)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(contest);
        if (state.Audit!.AuditType == AuditTypes.BatchComparison)
        {
            var batchDraws = state.Rounds.SelectMany(r => r.Batches).Sum(b => (long)b.Draws.Count(d => d.Contest == contest.Contest));
            return Math.Max(0, BatchAuditMath.Frame(state, contest).Count - batchDraws);
        }

        var draws = state.Rounds.SelectMany(r => r.Sample.Ballots).Sum(b => (long)b.Draws.Count(d => d.Contest == contest.Contest));
        return Math.Max(0, contest.Ballots - draws);
    }

    /// <summary>The contest's outcome from a full hand tally of ballots: each measured ballot counted once (a vote that is
    /// not an overvote and marks no more selections than allowed counts). A ballot not found, or one whose reading does
    /// not mention the contest (the boards entered nothing for it), is uncounted: it could hold a vote for anyone.</summary>
    /// <param name="contest">The contest.</param>
    /// <param name="ballots">Every ballot of the contest's frame, as the full hand tally round measured it.</param>
    public static ContestRoundOutcome Measure(AuditedContest contest, IReadOnlyList<MeasuredBallot> ballots)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(ballots);
        var votes = contest.Choices.ToDictionary(c => c.Selection, _ => 0L, StringComparer.Ordinal);
        foreach (var b in ballots)
        {
            if (!b.NotFound && b.Audited is { Interpretation: Interpretations.Vote, Overvote: false } a && a.Choices.Length <= contest.VotesAllowed)
            {
                foreach (var choice in a.Choices.Distinct(StringComparer.Ordinal).Where(votes.ContainsKey))
                {
                    votes[choice]++;
                }
            }
        }

        return Outcome(contest, votes, ballots.Count, ballots.Count(b => b.NotFound || b.Audited is null));
    }

    /// <summary>The round outcome of a contest counted fully by hand, from the hand count's votes.</summary>
    /// <param name="contest">The contest.</param>
    /// <param name="votes">Votes per selection id in the hand count.</param>
    /// <param name="counted">Ballots (or batches) counted.</param>
    /// <param name="uncounted">Ballots not found, or with no reading of the contest.</param>
    public static ContestRoundOutcome Outcome(AuditedContest contest, IReadOnlyDictionary<string, long> votes, long counted, long uncounted)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(votes);
        var hand = Conclude(contest, votes, counted, uncounted);
        var confirmed = hand.Outcome == HandCountOutcomes.Confirmed;
        return new ContestRoundOutcome(contest.Contest, contest.Targeted, counted, confirmed ? "0" : "1", confirmed,
            [.. contest.Choices.Select(c => new ReportedChoice(c.Selection, votes.GetValueOrDefault(c.Selection)))], 0, 0, 0, 0)
        {
            HandCount = hand,
        };
    }

    /// <summary>What a hand count says of the reported outcome. The winners of either count are its top
    /// <see cref="AuditedContest.NumWinners"/> selections; when the last winning place is tied, the count names no
    /// full set of winners. Undecided when uncounted ballots reach the hand count's margin (each could add a vote to a
    /// loser); otherwise a tie when the hand count is tied, confirmed when its winners are the reported winners, and
    /// incorrect when they are not (or when the reported count was tied and the paper is not).</summary>
    public static HandCount Conclude(AuditedContest contest, IReadOnlyDictionary<string, long> votes, long counted, long uncounted)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(votes);
        var hand = Rank(contest, c => votes.GetValueOrDefault(c.Selection));
        var reported = Rank(contest, c => c.Votes);
        var outcome = uncounted > 0 && uncounted >= hand.Margin ? HandCountOutcomes.Undecided
            : !hand.Tied.IsEmpty ? HandCountOutcomes.Tie
            : reported.Tied.IsEmpty && hand.Winners.Order(StringComparer.Ordinal).SequenceEqual(reported.Winners.Order(StringComparer.Ordinal)) ? HandCountOutcomes.Confirmed
            : HandCountOutcomes.Incorrect;
        return new HandCount(outcome, hand.Winners, hand.Tied, reported.Tied.IsEmpty ? reported.Winners : [], counted, uncounted);
    }

    /// <summary>One sentence on a hand count, for people and for the audit result fact.</summary>
    /// <param name="hand">The hand count.</param>
    /// <param name="unit">What was counted: <c>ballots</c> or <c>batches</c>.</param>
    public static string Describe(HandCount hand, string unit)
    {
        ArgumentNullException.ThrowIfNull(hand);
        var c = CultureInfo.InvariantCulture;
        var counted = $"The full hand tally counted {hand.Ballots.ToString("N0", c)} {unit}" + (hand.Uncounted > 0 ? $" ({hand.Uncounted.ToString("N0", c)} not found or not read for the contest)" : "");
        var reported = hand.ReportedWinners.IsEmpty ? "a tie" : Names(hand.ReportedWinners);
        return hand.Outcome switch
        {
            HandCountOutcomes.Confirmed => $"{counted}: it confirms the reported outcome (winner(s) {Names(hand.Winners)}).",
            HandCountOutcomes.Incorrect => $"{counted}: the reported outcome ({reported}) is wrong; the hand count's winner(s): {Names(hand.Winners)}.",
            HandCountOutcomes.Tie => $"{counted}: it is a tie between {Names(hand.Tied)} for the last winning place{(hand.Winners.IsEmpty ? "" : $" (ahead: {Names(hand.Winners)})")}; the law settles it, not the audit.",
            _ => $"{counted}: the uncounted ballots reach the hand count's margin, so the paper counted cannot decide between the reported outcome ({reported}) and another.",
        };
    }

    private static string Names(ImmutableArray<string> selections) => string.Join(", ", selections);

    private static (ImmutableArray<string> Winners, ImmutableArray<string> Tied, long Margin) Rank(AuditedContest contest, Func<ReportedChoice, long> votes)
    {
        // Most votes first; equal totals keep the contest's order (Arlo's stable sort).
        var ranked = contest.Choices.Select(c => (c.Selection, Votes: votes(c))).OrderByDescending(c => c.Votes).ToList();
        if (ranked.Count <= contest.NumWinners)
        {
            return ([.. ranked.Select(r => r.Selection)], [], long.MaxValue);
        }

        var last = ranked[contest.NumWinners - 1].Votes;
        var margin = last - ranked[contest.NumWinners].Votes;
        return margin > 0
            ? ([.. ranked.Take(contest.NumWinners).Select(r => r.Selection)], [], margin)
            : ([.. ranked.Where(r => r.Votes > last).Select(r => r.Selection)], [.. ranked.Where(r => r.Votes == last).Select(r => r.Selection)], 0);
    }
}
