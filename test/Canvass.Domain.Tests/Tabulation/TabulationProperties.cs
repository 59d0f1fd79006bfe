using System.Collections.Immutable;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;
using FsCheck.Xunit;
using static Canvass.Domain.Tests.Tabulation.TestElection;

namespace Canvass.Domain.Tests.Tabulation;

public sealed class TabulationProperties
{
    private static readonly CountItemType[] Methods = [CountItemType.ElectionDay, CountItemType.Early, CountItemType.AbsenteeMail];

    [Property(MaxTest = 200)]
    public void Tabulate_AnyBallots_ConservesVotes(ulong[] seeds)
    {
        var tabulation = Tabulator.Tabulate(Election, Tally(Ballots(seeds)), []);

        for (var c = 0; c < tabulation.Contests.Length; c++)
        {
            var contest = Definition.Contests[c];
            var allowed = contest.VoteVariation == VoteVariation.Rcv ? 1 : contest.VotesAllowed; // RCV: first choices
            var result = tabulation.Contests[c];
            Assert.Equal(allowed * result.BallotsCast, result.Votes.Sum() + result.Overvotes + result.Undervotes);
            foreach (var cell in result.Units)
            {
                Assert.Equal(allowed * cell.BallotsCast, cell.Votes.Sum() + cell.Overvotes + cell.Undervotes);
            }
        }

        Assert.Equal(seeds.Length, tabulation.BallotsCounted);
    }

    [Property(MaxTest = 200)]
    public void Tabulate_ShuffledBallots_GivesSameResult(ulong[] seeds, int shuffleSeed)
    {
        var ballots = Ballots(seeds);
        var shuffled = (CastVoteRecord[])ballots.Clone();
        var state = unchecked((ulong)shuffleSeed) | 1;
        for (var i = shuffled.Length - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        AssertSame(Tabulator.Tabulate(Election, Tally(ballots), []), Tabulator.Tabulate(Election, Tally(shuffled), []));
    }

    [Property(MaxTest = 200)]
    public void Merge_SplitTallies_EqualsOneTally(ulong[] seeds, byte split)
    {
        var ballots = Ballots(seeds);
        var at = ballots.Length == 0 ? 0 : split % (ballots.Length + 1);
        var left = Tally(ballots[..at]);
        var right = Tally(ballots[at..]);
        left.Merge(right);

        AssertSame(Tabulator.Tabulate(Election, Tally(ballots), []), Tabulator.Tabulate(Election, left, []));
    }

    [Property(MaxTest = 200)]
    public void Add_BallotColumns_EqualsPerBallotPath(ulong[] seeds, byte split)
    {
        var ballots = Ballots(seeds);
        var columns = new BallotColumns(Election);
        foreach (var b in ballots)
        {
            columns.Add(b);
        }

        var whole = new CvrTally(Election);
        whole.Add(columns);

        var at = ballots.Length == 0 ? 0 : split % (ballots.Length + 1);
        var chunked = new CvrTally(Election);
        chunked.Add(columns, 0, at);
        var rest = new CvrTally(Election);
        rest.Add(columns, at, ballots.Length - at);
        chunked.Merge(rest);

        var expected = Tabulator.Tabulate(Election, Tally(ballots), []);
        AssertSame(expected, Tabulator.Tabulate(Election, whole, []));
        AssertSame(expected, Tabulator.Tabulate(Election, chunked, []));
        Assert.Equal(ballots.Length, columns.Count);
    }

    private static CvrTally Tally(IEnumerable<CastVoteRecord> ballots)
    {
        var tally = new CvrTally(Election);
        foreach (var b in ballots)
        {
            tally.Add(b);
        }

        return tally;
    }

    /// <summary>Decodes each seed into a ballot: a precinct, a method, and for each contest (present or not) up to
    /// votes-allowed + 1 marks, so overvotes, undervotes and blank contests all occur.</summary>
    private static CastVoteRecord[] Ballots(ulong[] seeds)
    {
        var ballots = new CastVoteRecord[seeds.Length];
        for (var i = 0; i < seeds.Length; i++)
        {
            var state = seeds[i] | 1;
            var precinct = P1 + (int)(Next(ref state) % 3);
            var method = Methods[Next(ref state) % 3];
            var contests = ImmutableArray.CreateBuilder<ContestMarks>();
            for (var c = 0; c < Definition.Contests.Length; c++)
            {
                if (Next(ref state) % 4 == 0)
                {
                    continue;
                }

                var contest = Definition.Contests[c];
                var ranked = contest.VoteVariation == VoteVariation.Rcv;
                var marks = (int)(Next(ref state) % (ulong)(contest.VotesAllowed + 2));
                var built = ImmutableArray.CreateBuilder<Mark>();
                for (var m = 0; m < marks; m++)
                {
                    var selection = (int)(Next(ref state) % (ulong)contest.Selections.Length);
                    built.Add(new Mark(selection, ranked ? 1 + (int)(Next(ref state) % 3) : 0));
                }

                contests.Add(new ContestMarks(c, built.ToImmutable()));
            }

            ballots[i] = new CastVoteRecord("b" + i, CountyOf(precinct), precinct, null, method, -1, contests.ToImmutable());
        }

        return ballots;
    }

    private static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
}
