using System.Collections.Immutable;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Rcv;

namespace Canvass.Domain.Tabulation;

/// <summary>Counts <see cref="VoteVariation.Rcv"/> contests round by round with <see cref="RcvTabulator"/> (the engine
/// that matches RCTab), from the rankings on the cast vote records.</summary>
/// <remarks>
/// <para><b>Candidates.</b> Each selection is a candidate, in ballot order (the order RCTab's <c>useCandidateOrder</c>
/// tiebreak reads), named by its <see cref="ContestSelection.Text"/> so round tables read like RCTab's; a selection
/// whose text is empty, repeated in the contest, or one of RCTab's reserved words is named by its id instead.</para>
/// <para><b>Rules.</b> A contest's rules come from its latest <see cref="Events.ContestRulesSet"/>. Without one,
/// <see cref="DefaultRules"/>: RCTab's defaults (single-winner IRV; overvote exhausts, one skipped rank allowed,
/// ties by candidate order) with <see cref="RcvRules.NumberOfWinners"/> the contest's
/// <see cref="Contest.NumberElected"/>; a contest electing more than one uses RCTab's
/// <c>multiWinnerAllowMultipleWinnersPerRound</c> (STV), since single-winner IRV cannot fill several seats.</para>
/// </remarks>
public static class RankedChoiceRounds
{
    private static readonly string[] Reserved = ["exhausted", "uncounted", "residual surplus", RankedCvr.UndeclaredWriteIn];

    /// <summary>The candidate name of each selection, indexed like <see cref="Contest.Selections"/>.</summary>
    public static ImmutableArray<string> CandidateNames(Contest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var texts = contest.Selections.Select(s => s.Text?.Trim() ?? "").ToList();
        var counts = texts.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ids = contest.Selections.Select(s => s.Id.Value).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. contest.Selections.Select((s, i) =>
                texts[i].Length == 0 || counts[texts[i]] > 1 || (ids.Contains(texts[i]) && texts[i] != s.Id.Value)
                    || Reserved.Contains(texts[i], StringComparer.OrdinalIgnoreCase)
                    ? s.Id.Value
                    : texts[i]),
        ];
    }

    /// <summary>The rules used when none were set for the contest (see the remarks).</summary>
    public static RcvRules DefaultRules(Contest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        return contest.NumberElected <= 1
            ? new RcvRules()
            : new RcvRules { WinnerMode = RcvWinnerMode.MultiWinnerAllowMultipleWinnersPerRound, NumberOfWinners = contest.NumberElected };
    }

    /// <summary>The engine's view of the contest: its selections as candidates, in ballot order, with these rules.</summary>
    public static RcvContest ToRcvContest(Contest contest, RcvRules rules) =>
        new([.. CandidateNames(contest).Select(n => new RcvCandidate(n, []))], rules);

    /// <summary>A round's votes per selection, indexed like <see cref="Contest.Selections"/>; a selection not in the
    /// round's tally (eliminated, or elected in an earlier single-winner pass) has 0.</summary>
    public static ImmutableArray<decimal> SelectionVotes(Contest contest, RcvRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return [.. CandidateNames(contest).Select(n => round.VotesOf(n) ?? 0m)];
    }

    /// <summary>The contest's result with its rounds attached: winners are the rounds' winners (as selection ids, in
    /// election order; none when the count stopped with problems), never a tie for last place; votes, cells and the
    /// ballot counts stay the first choices.</summary>
    public static ContestResult WithRounds(Contest contest, ContestResult result, RcvResult rounds)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(rounds);
        var names = CandidateNames(contest);
        var winners = rounds.IsSuccess
            ? rounds.Winners.Select(w => names.IndexOf(w)).Where(i => i >= 0).Select(i => contest.Selections[i].Id).ToImmutableArray()
            : [];
        return result with { Winners = winners, TieForLastPlace = false, Rounds = rounds };
    }
}

/// <summary>The rankings of every <see cref="VoteVariation.Rcv"/> contest on a stream of cast vote records, kept as one
/// <see cref="RankedCvr"/> per distinct ranking with a count, so memory grows with the distinct rankings, not the
/// ballots.</summary>
public sealed class RankedBallots
{
    private readonly ElectionDefinition _election;
    private readonly ImmutableArray<string>[] _names;
    private readonly Dictionary<string, Group>?[] _groups;

    /// <summary>Collects the rankings of the election's ranked-choice contests.</summary>
    public RankedBallots(ElectionDefinition election)
    {
        ArgumentNullException.ThrowIfNull(election);
        _election = election;
        _names = new ImmutableArray<string>[election.Contests.Length];
        _groups = new Dictionary<string, Group>?[election.Contests.Length];
        for (var i = 0; i < election.Contests.Length; i++)
        {
            if (election.Contests[i].VoteVariation == VoteVariation.Rcv)
            {
                _names[i] = RankedChoiceRounds.CandidateNames(election.Contests[i]);
                _groups[i] = new Dictionary<string, Group>(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Adds one ballot: each ranked-choice contest on it (even with no marks, an undervote) counts once.</summary>
    public void Add(CastVoteRecord cvr)
    {
        ArgumentNullException.ThrowIfNull(cvr);
        foreach (var cm in cvr.Contests)
        {
            if (_groups[cm.Contest] is not { } groups)
            {
                continue;
            }

            var key = string.Join('|', cm.Marks.Select(m => $"{m.Selection.ToString(System.Globalization.CultureInfo.InvariantCulture)}@{m.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
            if (groups.TryGetValue(key, out var group))
            {
                group.Count = checked(group.Count + 1);
                continue;
            }

            var names = _names[cm.Contest];
            var choices = cm.Marks.Select(m => new RankedChoice(m.Rank, names[m.Selection])).ToImmutableArray();
            groups.Add(key, new Group(new RankedCvr(cvr.BallotId, _election.Contests[cm.Contest].Id.Value, null, cvr.BatchId, choices)));
        }
    }

    /// <summary>True when some ballot carried the contest.</summary>
    public bool HasBallots(int contest) => _groups[contest] is { Count: > 0 };

    /// <summary>Every ballot that carried the contest (one instance per distinct ranking, repeated by its count).</summary>
    public IEnumerable<RankedCvr> Ballots(int contest)
    {
        foreach (var group in _groups[contest]?.Values ?? Enumerable.Empty<Group>())
        {
            for (long i = 0; i < group.Count; i++)
            {
                yield return group.Cvr;
            }
        }
    }

    private sealed class Group(RankedCvr cvr)
    {
        public RankedCvr Cvr { get; } = cvr;

        public long Count { get; set; } = 1;
    }
}
