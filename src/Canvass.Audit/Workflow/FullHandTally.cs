using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Audit.Workflow;

/// <summary>A full hand tally: the round that counts every ballot (or batch) of a targeted contest's frame once, and
/// what that count concludes.</summary>
/// <remarks>
/// <para>As in Arlo (<c>../shared/reference/arlo.md</c> §2, <c>validate_sample_size</c>), a size at or above the
/// full-hand-tally size turns the round into a full hand tally, and only an audit with one targeted contest may take
/// it. Canvass logs such a round with the option <see cref="SampleSize.FullHandTally"/>. A ballot audit's round is
/// counted as Arlo counts one, per batch on tally sheets: it names the frame (<see cref="Frame"/>: each county's committed
/// manifest) instead of listing its ballots, and the boards enter one tally per batch (<see cref="Measure(AuditState, AuditedContest, AuditRound)"/>).
/// Older logs (and <c>--per-ballot</c>) list every ballot of the frame once instead, with its first ticket of the
/// consistent sampler drawn without replacement (so <c>canvass rla sample</c> without <c>--with-replacement</c> gives the
/// same list); a ballot examined in an earlier round keeps its reading. A batch-comparison round draws, as Arlo's PPEB
/// sampler does, every batch not drawn before.</para>
/// <para>Arlo ends such a round with risk 0 whatever the paper shows. Canvass takes the count as the result instead: the
/// hand count's winners are compared with the reported winners (<see cref="Conclude"/>).</para>
/// </remarks>
public static class FullHandTally
{
    /// <summary>The option id Arlo (and <c>canvass audit options</c>) gives a full hand tally.</summary>
    public const string AllBallots = "all-ballots";

    /// <summary>What the <c>all-ballots</c> option is, for people.</summary>
    public const string Description =
        "Full hand tally: the boards count every batch of the frame and enter a tally sheet per batch (or, with --per-ballot, every ballot once); the hand count is the result. One targeted contest only.";

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

    /// <summary>The frame of a full hand tally of the contest entered per batch: each of its counties' committed manifest
    /// (import, root, batches and ballots), in the contest's county order. <c>canvass verify</c> re-derives it from the
    /// committed manifests.</summary>
    public static HandTallyFrameFixed Frame(AuditState state, AuditedContest contest, int round)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(contest);
        var manifests = contest.Counties.Where(state.Manifests.ContainsKey).Select(county =>
        {
            var m = state.Manifests[county];
            var batches = m.Batches.Where(b => string.Equals(b.County, county, StringComparison.Ordinal)).ToList();
            return new FrameManifest(county, m.ImportId, m.MerkleRoot, batches.Count, batches.Sum(b => (long)b.Ballots));
        }).ToImmutableArray();
        return new HandTallyFrameFixed(state.Audit!.AuditId, round, contest.Contest, manifests, manifests.Sum(m => (long)m.Batches), manifests.Sum(m => m.Ballots));
    }

    /// <summary>Whether two frames are the same, manifest by manifest.</summary>
    public static bool SameFrame(HandTallyFrameFixed x, HandTallyFrameFixed y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return x with { Manifests = [] } == y with { Manifests = [] } && x.Manifests.SequenceEqual(y.Manifests);
    }

    /// <summary>The contests a full hand tally round counts: its targeted contest, and every opportunistic contest whose
    /// counties all lie in that contest's frame (every ballot of its own frame was counted too). Empty for a sampled round
    /// and in a batch-comparison audit (whose tallies are measured by <see cref="BatchAuditMath"/>).</summary>
    public static IReadOnlyList<AuditedContest> HandCounted(AuditCreated audit, AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(round);
        if (audit.AuditType == AuditTypes.BatchComparison || !IsFullHandTally(round))
        {
            return [];
        }

        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var size in round.Sample.Sizes.Where(s => s.Option == SampleSize.FullHandTally))
        {
            var frame = audit.Contests.First(c => c.Contest == size.Contest).Counties;
            counted.UnionWith(audit.Contests.Where(c => c.Contest == size.Contest || !c.Targeted && c.Counties.All(frame.Contains)).Select(c => c.Contest));
        }

        return [.. audit.Contests.Where(c => counted.Contains(c.Contest))];
    }

    /// <summary>The targeted contest a full hand tally round counts.</summary>
    public static AuditedContest TargetOf(AuditCreated audit, AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(round);
        var size = round.Sample.Sizes.First(s => s.Option == SampleSize.FullHandTally);
        return audit.Contests.First(c => c.Contest == size.Contest);
    }

    /// <summary>When <paramref name="ballot"/> is not in a full hand tally round entered ballot by ballot but lies in a
    /// batch of its frame, past the ballots the batch's manifest gives it: that batch. The paper is recorded as found
    /// (a manifest can be short), and the batch is a ballot-accounting discrepancy (<see cref="BallotAccounting"/>). Null
    /// for any other ballot or round.</summary>
    public static ManifestBatchEntry? BeyondManifest(AuditState state, AuditRound round, BallotKey ballot)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        if (round.HandTallyFrame is not null || round.Ballots.ContainsKey(ballot) || state.Audit is not { } audit || HandCounted(audit, round).Count == 0)
        {
            return null;
        }

        return state.BatchesOf(TargetOf(audit, round).Counties).FirstOrDefault(b =>
            b.County == ballot.County && b.Tabulator == ballot.Tabulator && b.Batch == ballot.Batch && ballot.Position > b.Ballots);
    }

    /// <summary>The batches of a per-batch full hand tally round's frame with no tally sheet yet.</summary>
    public static IEnumerable<ManifestBatchEntry> MissingBatches(AuditState state, AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        if (round.HandTallyFrame is not { } frame)
        {
            return [];
        }

        var contest = state.Audit!.Contests.First(c => c.Contest == frame.Contest);
        return state.BatchesOf(contest.Counties).Where(b => !round.BatchTallies.ContainsKey(Key(b, contest.Contest)));
    }

    /// <summary>The key of a frame batch's tally for a contest in a per-batch full hand tally.</summary>
    public static BatchTallyKey Key(ManifestBatchEntry batch, string contest)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new BatchTallyKey(batch.County, batch.Batch, contest, batch.Tabulator);
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

    /// <summary>The contest's outcome from a full hand tally round: entered per batch, the tally sheets of the frame's
    /// batches summed — a batch of the contest's frame with no tally sheet is uncounted, and so are its manifest ballots:
    /// they could hold votes for anyone; entered ballot by ballot, each ballot of the round counted once
    /// (<see cref="Measure(AuditedContest, IReadOnlyList{MeasuredBallot})"/>), with the ballots found beyond their
    /// batch's manifest ballots. Votes the manifest cannot hold are counted as entered: the paper is the count.</summary>
    /// <param name="state">The audit.</param>
    /// <param name="contest">The contest (the targeted contest, or an opportunistic one within its frame).</param>
    /// <param name="round">The full hand tally round, with its tally sheets or readings.</param>
    public static ContestRoundOutcome Measure(AuditState state, AuditedContest contest, AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(round);
        if (round.HandTallyFrame is null)
        {
            return Measure(contest, Read(contest, round));
        }

        var votes = contest.Choices.ToDictionary(c => c.Selection, _ => 0L, StringComparer.Ordinal);
        long counted = 0, uncounted = 0, batches = 0, missing = 0;
        foreach (var batch in state.BatchesOf(contest.Counties))
        {
            if (round.BatchTallies.TryGetValue(Key(batch, contest.Contest), out var tally))
            {
                foreach (var v in tally.Votes.Where(v => votes.ContainsKey(v.Selection)))
                {
                    votes[v.Selection] += v.Votes;
                }

                counted += batch.Ballots;
                batches++;
            }
            else
            {
                uncounted += batch.Ballots;
                missing++;
            }
        }

        var outcome = Outcome(contest, votes, counted, uncounted);
        return outcome with { HandCount = outcome.HandCount! with { Batches = batches, UncountedBatches = missing } };
    }

    /// <summary>The ballots of a full hand tally round entered ballot by ballot, as the contest's count reads them: every
    /// ballot of the round in the contest's counties drawn for it (for an opportunistic contest, every ballot), then every
    /// ballot entered beyond its batch's manifest ballots.</summary>
    private static List<MeasuredBallot> Read(AuditedContest contest, AuditRound round)
    {
        var list = new List<MeasuredBallot>();
        foreach (var ballot in round.Sample.Ballots.Where(b => contest.Counties.Contains(b.County)))
        {
            var draws = contest.Targeted ? ballot.Draws.Count(d => d.Contest == contest.Contest) : ballot.Draws.Length;
            if (draws > 0)
            {
                list.Add(Reading(round, contest, AuditRound.Key(ballot), draws));
            }
        }

        list.AddRange(round.Interpretations.Keys.Where(k => !round.Ballots.ContainsKey(k) && contest.Counties.Contains(k.County)).Select(k => Reading(round, contest, k, 1)));
        return list;
    }

    private static MeasuredBallot Reading(AuditRound round, AuditedContest contest, BallotKey key, int draws)
    {
        round.Interpretations.TryGetValue(key, out var reading);
        return new MeasuredBallot(round.Number, draws, reading?.NotFound ?? false, reading?.Contests.FirstOrDefault(c => c.Contest == contest.Contest), null, key);
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
        var counted = hand.Batches is { } batches
            ? $"The full hand tally counted {hand.Ballots.ToString("N0", c)} {unit} in {batches.ToString("N0", c)} {(batches == 1 ? "batch" : "batches")}" + (hand.Uncounted > 0 || hand.UncountedBatches > 0
                ? $" ({hand.Uncounted.ToString("N0", c)} {unit} in {(hand.UncountedBatches ?? 0).ToString("N0", c)} {(hand.UncountedBatches == 1 ? "batch" : "batches")} with no tally sheet are uncounted)" : "")
            : $"The full hand tally counted {hand.Ballots.ToString("N0", c)} {unit}" + (hand.Uncounted > 0 ? $" ({hand.Uncounted.ToString("N0", c)} not found or not read for the contest)" : "");
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
