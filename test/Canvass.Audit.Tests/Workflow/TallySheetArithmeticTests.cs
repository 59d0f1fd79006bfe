using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Tests.Workflow;

/// <summary>Whether a tally sheet's row adds up on its own: each selection at most the ballots it counts, the contest at
/// most those ballots times the votes allowed.</summary>
public sealed class TallySheetArithmeticTests
{
    private static AuditedContest Contest(int votesAllowed) =>
        new("k", true, [new ReportedChoice("a", 0), new ReportedChoice("b", 0), new ReportedChoice("c", 0)], 100, votesAllowed, votesAllowed, ["c1"]);

    private static ReportedChoice[] Votes(long a, long b, long c) => [new("a", a), new("b", b), new("c", c)];

    [Theory]
    [InlineData(1, 10, 6, 4, 0)] // vote for one: as many votes as ballots
    [InlineData(1, 10, 5, 3, 0)] // two ballots undervoted or overvoted
    [InlineData(2, 10, 10, 10, 0)] // vote for two: every ballot marks two
    [InlineData(2, 0, 0, 0, 0)]
    public void Votes_at_or_below_the_limit_add_up(int votesAllowed, long ballots, long a, long b, long c) =>
        Assert.Empty(TallySheetArithmetic.Beyond(Contest(votesAllowed), ballots, Votes(a, b, c)));

    [Fact]
    public void A_vote_for_one_contest_with_more_votes_than_ballots_does_not_add_up()
    {
        var excess = Assert.Single(TallySheetArithmetic.Beyond(Contest(1), 10, Votes(6, 4, 1)));
        Assert.Equal(new ExcessVotes("k", null, 10, 11, 10), excess);
        Assert.Equal("The votes of contest k in batch b1 add up to 11, more than the 10 ballots its sheet counts (Ballots) can hold (10 votes, 1 a ballot).",
            TallySheetArithmetic.Describe(excess, "b1", 1));
    }

    [Fact]
    public void A_vote_for_two_contest_is_held_to_twice_the_ballots_and_each_selection_to_the_ballots()
    {
        Assert.Equal(new ExcessVotes("k", null, 10, 21, 20), Assert.Single(TallySheetArithmetic.Beyond(Contest(2), 10, Votes(10, 10, 1))));

        // 11 + 5 fits twice the ballots, but a ballot marks a selection at most once: each selection over is named, alone.
        Assert.Equal([new ExcessVotes("k", "a", 10, 11, 10), new ExcessVotes("k", "c", 10, 12, 10)], TallySheetArithmetic.Beyond(Contest(2), 10, Votes(11, 0, 12)));
        Assert.Equal("11 votes for a (contest k) in batch b1, more than the 10 ballots its sheet counts (Ballots); a ballot marks a selection at most once.",
            TallySheetArithmetic.Describe(new ExcessVotes("k", "a", 10, 11, 10), "b1", 2));
    }

    [Fact]
    public void Counts_whose_sum_passes_a_long_are_reported_not_thrown()
    {
        var excess = Assert.Single(TallySheetArithmetic.Beyond(Contest(2), long.MaxValue / 2, Votes(long.MaxValue / 2, long.MaxValue / 2, long.MaxValue / 2)));
        Assert.Equal((long.MaxValue, long.MaxValue - 1), (excess.Shown, excess.Allowed));
    }
}
