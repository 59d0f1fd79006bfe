using Canvass.Domain.Rcv;

namespace Canvass.Domain.Tests.Rcv;

/// <summary>Hand-computed counts for the RCTab rules that are easiest to get wrong.</summary>
public sealed class RcvRuleTests
{
    private static RankedCvr B(params string[] ranks) =>
        new("b", null, null, null, [.. ranks.Select((c, i) => new RankedChoice(i + 1, c))]);

    private static IEnumerable<RankedCvr> N(int n, params string[] ranks) => Enumerable.Range(0, n).Select(_ => B(ranks));

    private static RcvContest Contest(RcvRules rules, params string[] names) => new([.. names.Select(n => new RcvCandidate(n, []))], rules);

    [Fact]
    public void Batch_elimination_removes_everyone_who_cannot_catch_up()
    {
        // A 9, B 6, C 2, D 1: running totals 1 < 2 (D out), 3 < 6 (C out), 9 is not < 9 (B stays). Then A 9 - B 9 with
        // threshold 10: the final-two tie elects the earliest in candidate order.
        var ballots = N(9, "A").Concat(N(6, "B")).Concat(N(2, "C", "B")).Concat(N(1, "D", "B"));
        var result = RcvTabulator.Tabulate(Contest(new RcvRules { BatchElimination = true }, "A", "B", "C", "D"), ballots);
        var rounds = result.Passes[0].Rounds;
        Assert.Equal(["C", "D"], rounds[0].Decisions.Select(d => d.Candidate));
        Assert.All(rounds[0].Decisions, d => Assert.False(d.ByTiebreak));
        Assert.Equal(10m, rounds[1].Threshold);
        Assert.True(rounds[1].Decisions.Single().ByTiebreak);
        Assert.Equal(["A"], result.Winners);
    }

    [Fact]
    public void Continue_until_two_freezes_the_threshold_and_keeps_eliminating()
    {
        var rules = new RcvRules { ContinueUntilTwoCandidatesRemain = true };
        var ballots = N(6, "A").Concat(N(2, "B")).Concat(N(1, "C")).Concat(N(1, "D", "B"));
        var rounds = RcvTabulator.Tabulate(Contest(rules, "A", "B", "C", "D"), ballots).Passes[0].Rounds;
        Assert.Equal(4, rounds.Length);
        Assert.Equal("A", rounds[0].Decisions.Single(d => d.Elected).Candidate);
        Assert.Equal("D", rounds[1].Decisions.Single().Candidate);
        Assert.Equal("C", rounds[2].Decisions.Single().Candidate);
        Assert.Empty(rounds[3].Decisions);
        Assert.All(rounds, r => Assert.Equal(6m, r.Threshold));
        Assert.Equal(2, rounds[3].Tally.Length);
    }

    [Fact]
    public void Exhaust_if_multiple_continuing_counts_the_only_continuing_overvoted_candidate()
    {
        var rules = new RcvRules { OvervoteRule = RcvOvervoteRule.ExhaustIfMultipleContinuing };
        var contest = new RcvContest([new RcvCandidate("A", []), new RcvCandidate("B", []), new RcvCandidate("C", [], Excluded: true)], rules);
        var both = new RankedCvr("o", null, null, null, [new RankedChoice(1, "B"), new RankedChoice(1, "C")]);
        var round = RcvTabulator.Tabulate(contest, [.. N(3, "A"), B("B"), both]).Passes[0].Rounds[0];
        Assert.Equal(2m, round.VotesOf("B"));
        Assert.Equal(0m, round.Inactive.Overvotes);

        var two = new RankedCvr("o", null, null, null, [new RankedChoice(1, "A"), new RankedChoice(1, "B")]);
        var exhausted = RcvTabulator.Tabulate(Contest(rules, "A", "B"), [.. N(3, "A"), B("B"), two]).Passes[0].Rounds[0];
        Assert.Equal(1m, exhausted.Inactive.Overvotes);
    }

    [Fact]
    public void Duplicate_rankings_exhaust_only_with_the_flag()
    {
        var ballots = new[] { B("A", "A", "B") }.Concat(N(2, "B")).Concat(N(3, "C")).ToList();
        var strict = RcvTabulator.Tabulate(Contest(new RcvRules { ExhaustOnDuplicateCandidate = true }, "A", "B", "C"), ballots);
        Assert.Equal(1m, strict.Passes[0].Rounds[1].Inactive.RepeatedRankings);
        Assert.Equal(3m, strict.Passes[0].Rounds[1].Threshold);
        Assert.Equal(["C"], strict.Winners);

        var lenient = RcvTabulator.Tabulate(Contest(new RcvRules(), "A", "B", "C"), ballots);
        Assert.Equal(3m, lenient.Passes[0].Rounds[1].VotesOf("B"));
        Assert.Equal(["B"], lenient.Winners);
    }

    [Fact]
    public void Bottoms_up_elects_the_last_candidates_standing()
    {
        var rules = new RcvRules { WinnerMode = RcvWinnerMode.BottomsUp, NumberOfWinners = 2 };
        var ballots = N(5, "A").Concat(N(3, "B")).Concat(N(2, "C", "B"));
        var pass = RcvTabulator.Tabulate(Contest(rules, "A", "B", "C"), ballots).Passes[0];
        Assert.Equal(2, pass.Rounds.Length);
        Assert.Equal(4m, pass.Rounds[0].Threshold);
        Assert.Equal(["A", "B"], pass.Winners);
    }

    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 2)]
    public void Bottoms_up_percentage_uses_strictly_greater_and_a_moving_threshold(bool cutoff, int rounds)
    {
        var rules = new RcvRules
        {
            WinnerMode = RcvWinnerMode.BottomsUpUsingPercentageThreshold, NumberOfWinners = 0, MultiSeatBottomsUpPercentageThreshold = 25m,
            CutoffElimination = cutoff,
        };
        var ballots = N(5, "A").Concat(N(3, "B")).Concat(N(1, "C")).Concat(N(1, "D"));
        var pass = RcvTabulator.Tabulate(Contest(rules, "A", "B", "C", "D"), ballots).Passes[0];
        Assert.Equal(rounds, pass.Rounds.Length);
        Assert.Equal(2.5m, pass.Rounds[0].Threshold);
        Assert.Equal(2m, pass.Rounds[^1].Threshold);
        Assert.Equal(["A", "B"], pass.Winners);
    }

    [Fact]
    public void Multi_pass_irv_excludes_earlier_winners()
    {
        var rules = new RcvRules { WinnerMode = RcvWinnerMode.MultiPassIrv, NumberOfWinners = 2 };
        var ballots = N(5, "A", "C").Concat(N(3, "B")).Concat(N(2, "C", "B"));
        var result = RcvTabulator.Tabulate(Contest(rules, "A", "B", "C"), ballots);
        Assert.Equal(2, result.Passes.Length);
        Assert.Equal(["A", "C"], result.Winners);
        Assert.Null(result.Passes[1].Rounds[0].VotesOf("A"));
        Assert.Equal(7m, result.Passes[1].Rounds[0].VotesOf("C"));
    }

    [Fact]
    public void Stop_counting_and_ask_reports_a_problem_at_a_tie()
    {
        var rules = new RcvRules { TiebreakMode = RcvTiebreakMode.StopCountingAndAsk };
        var result = RcvTabulator.Tabulate(Contest(rules, "A", "B", "C"), [.. N(2, "A"), B("B"), B("C")]);
        Assert.False(result.IsSuccess);
    }
}

public sealed class RcvSliceTests
{
    [Fact]
    public void Precinct_slices_share_the_contests_decisions_and_split_its_tallies()
    {
        // p1: A, A, C>B; p2: B, B, C. Round 1 A2 B2 C2 (threshold 4): C is eliminated (latest in candidate order); its p1
        // ballot goes to B and its p2 ballot exhausts. Round 2: A2 B3 of 5 active, threshold 3: B wins.
        static RankedCvr In(string precinct, params string[] ranks) =>
            new("b", null, precinct, null, [.. ranks.Select((c, i) => new RankedChoice(i + 1, c))]);
        var contest = new RcvContest([.. new[] { "A", "B", "C" }.Select(n => new RcvCandidate(n, []))], new RcvRules(), TabulateByPrecinct: true);
        var pass = RcvTabulator.Tabulate(contest, [In("p1", "A"), In("p1", "A"), In("p1", "C", "B"), In("p2", "B"), In("p2", "B"), In("p2", "C")]).Passes[0];
        Assert.Equal(["B"], pass.Winners);
        var p1 = pass.Slices.Single(s => s.Id == "p1");
        var p2 = pass.Slices.Single(s => s.Id == "p2");
        Assert.Equal(RcvSliceKind.Precinct, p1.Kind);
        Assert.Equal(3m, p1.TotalBallots);
        Assert.Equal(1m, p1.Rounds[1].VotesOf("B"));
        Assert.Equal(1m, p1.Rounds[0].Decisions.Single().Transfers.Single(t => t.To == "B").Amount);
        Assert.Equal(1m, p2.Rounds[1].Inactive.ExhaustedChoices);
        Assert.Equal(RcvTransfer.Exhausted, p2.Rounds[0].Decisions.Single().Transfers.Single().To);
        Assert.Equal(pass.Rounds[1].Threshold, p2.Rounds[1].Threshold);
    }
}
