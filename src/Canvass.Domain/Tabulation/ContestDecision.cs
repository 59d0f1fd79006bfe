using System.Collections.Immutable;
using Canvass.Domain.Elections;

namespace Canvass.Domain.Tabulation;

/// <summary>Who wins a contest, from its total votes per selection. See <see cref="Tabulator"/> for the rules.</summary>
internal static class ContestDecision
{
    public static (ImmutableArray<SelectionId> Winners, bool TieForLastPlace, bool? Passed) Decide(Contest contest, long[] votes)
    {
        long total = 0;
        foreach (var v in votes)
        {
            total = checked(total + v);
        }

        var selections = contest.Selections;
        if (IsTwoAnswerMeasure(contest))
        {
            var threshold = contest.PassageThreshold ?? PassageThreshold.SimpleMajority;
            var cast = checked(votes[0] + votes[1]);
            var yes = ForAnswer(contest);
            var passed = threshold.IsMet(votes[yes], cast);
            if (cast == 0)
            {
                return ([], false, false);
            }

            return ([passed ? selections[yes].Id : selections[1 - yes].Id], false, passed);
        }

        if (total == 0)
        {
            return ([], false, null);
        }

        switch (contest.VoteVariation)
        {
            case VoteVariation.Majority:
                return (ThresholdWinner(contest, votes, total, contest.PassageThreshold ?? PassageThreshold.SimpleMajority), false, null);
            case VoteVariation.SuperMajority:
                return (ThresholdWinner(contest, votes, total, contest.PassageThreshold ?? PassageThreshold.TwoThirds), false, null);
            case VoteVariation.Rcv:
                // First choices only: a first-choice majority decides a single-seat contest in round one; anything else
                // needs the elimination rounds, which are tabulated elsewhere.
                return (contest.NumberElected == 1
                    ? ThresholdWinner(contest, votes, total, PassageThreshold.SimpleMajority)
                    : [], false, null);
            default:
                var (winners, tie) = TopN(contest, votes, contest.NumberElected);
                return (winners, tie, null);
        }
    }

    /// <summary>Which of a two-answer measure's answers is the one for it: the second when the first reads as a no
    /// ("No", "Against", "Reject", "Not retain", "Non", "Nein", "Oppose" …) and the second does not; otherwise the first,
    /// the order NIST's examples and most ballots list them in.</summary>
    public static int ForAnswer(Contest contest) =>
        IsNo(contest.Selections[0].Text) && !IsNo(contest.Selections[1].Text) ? 1 : 0;

    private static readonly string[] NoWords = ["no", "against", "reject", "rejected", "not", "non", "nein", "oppose", "opposed", "disapprove", "contra"];

    private static bool IsNo(string text)
    {
        var word = text.AsSpan().Trim();
        var end = 0;
        while (end < word.Length && char.IsLetter(word[end]))
        {
            end++;
        }

        word = word[..end];
        foreach (var no in NoWords)
        {
            if (word.Equals(no, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTwoAnswerMeasure(Contest contest) =>
        (contest.Kind is ContestKind.BallotMeasure or ContestKind.Retention) && contest.Selections.Length == 2;

    /// <summary>The single selection whose votes meet <paramref name="threshold"/> of all votes, if any.</summary>
    private static ImmutableArray<SelectionId> ThresholdWinner(Contest contest, long[] votes, long total, PassageThreshold threshold)
    {
        for (var s = 0; s < votes.Length; s++)
        {
            if (threshold.IsMet(votes[s], total))
            {
                return [contest.Selections[s].Id];
            }
        }

        return [];
    }

    /// <summary>The <paramref name="seats"/> selections with the most votes, in order of votes (ties by ballot order).
    /// Selections tied for the last winning place are left out and reported as a tie; a selection with no votes never
    /// wins.</summary>
    private static (ImmutableArray<SelectionId> Winners, bool Tie) TopN(Contest contest, long[] votes, int seats)
    {
        var order = new int[votes.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Insertion sort: descending votes, then ballot order. Contests have few selections.
        for (var i = 1; i < order.Length; i++)
        {
            var x = order[i];
            var j = i - 1;
            while (j >= 0 && votes[order[j]] < votes[x])
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = x;
        }

        var winners = ImmutableArray.CreateBuilder<SelectionId>();
        if (seats <= 0 || order.Length == 0)
        {
            return (winners.ToImmutable(), false);
        }

        var last = Math.Min(seats, order.Length) - 1;
        var cutoff = votes[order[last]];
        var above = 0;
        var atCutoff = 0;
        foreach (var s in order)
        {
            if (votes[s] > cutoff)
            {
                above++;
            }
            else if (votes[s] == cutoff)
            {
                atCutoff++;
            }
        }

        var placesLeft = Math.Min(seats, order.Length) - above;
        var takeTied = cutoff > 0 && atCutoff <= placesLeft;
        var tie = cutoff > 0 && atCutoff > placesLeft;
        foreach (var s in order)
        {
            if (votes[s] > cutoff || (takeTied && votes[s] == cutoff))
            {
                winners.Add(contest.Selections[s].Id);
            }
        }

        return (winners.ToImmutable(), tie);
    }
}
