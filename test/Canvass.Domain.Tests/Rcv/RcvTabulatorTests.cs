using Canvass.Domain.Rcv;

namespace Canvass.Domain.Tests.Rcv;

public sealed class JavaRandomTests
{
    [Fact]
    public void Seed_0_matches_java_util_Random()
    {
        Assert.Equal(-1155484576, new JavaRandom(0).NextInt());
        Assert.Equal(0.730967787376657, new JavaRandom(0).NextDouble(), 15);
        Assert.Equal(-1170105035, new JavaRandom(42).NextInt());
    }

    [Fact]
    public void Seed_1_first_doubles_pick_RCTab_tiebreak_losers()
    {
        // tiebreak_seed_test: 0.7309 * 3 -> index 2 (Yinka Dare of [George, Mookie, Yinka]); 0.4101 * 2 -> index 0 (George).
        var r = new JavaRandom(1);
        Assert.Equal(0.7308781907032909, r.NextDouble(), 15);
        Assert.Equal(0.41008081149220166, r.NextDouble(), 15);
    }

    [Fact]
    public void NextInt_bound_and_shuffle_are_deterministic()
    {
        var a = new List<int> { 1, 2, 3, 4, 5 };
        var b = new List<int> { 1, 2, 3, 4, 5 };
        new JavaRandom(7).Shuffle(a);
        new JavaRandom(7).Shuffle(b);
        Assert.Equal(a, b);
        Assert.Equal([1, 2, 3, 4, 5], a.Order());
        Assert.InRange(new JavaRandom(3).NextInt(10), 0, 9);
    }
}

public sealed class RcvTabulatorTests
{
    private static RankedCvr Ballot(params string[] ranks) =>
        new("b", null, null, null, [.. ranks.Select((c, i) => new RankedChoice(i + 1, c)).Where(c => c.Candidate.Length > 0)]);

    private static RcvContest Contest(RcvRules rules, params string[] names) =>
        new([.. names.Select(n => new RcvCandidate(n, []))], rules);

    private static IEnumerable<RankedCvr> Many(int n, params string[] ranks) => Enumerable.Range(0, n).Select(_ => Ballot(ranks));

    [Fact]
    public void Irv_eliminates_lowest_and_recomputes_threshold()
    {
        var ballots = Many(4, "A").Concat(Many(3, "B")).Concat(Many(2, "C", "B"));
        var result = RcvTabulator.Tabulate(Contest(new RcvRules(), "A", "B", "C"), ballots);
        Assert.True(result.IsSuccess);
        var rounds = result.Passes[0].Rounds;
        Assert.Equal(2, rounds.Length);
        Assert.Equal(5m, rounds[0].Threshold);
        Assert.Equal("C", rounds[0].Decisions.Single().Candidate);
        Assert.Equal(2m, rounds[0].Decisions[0].Transfers.Single(t => t.To == "B").Amount);
        Assert.Equal(["B"], result.Winners);
    }

    [Fact]
    public void Stv_truncates_surplus_fraction_and_keeps_residual()
    {
        // 8 ballots A>B, 2 B, 2 C; 2 seats, Droop floor(12/3)+1 = 5. A's surplus 3/8 = 0.375 exactly; each of 8 ballots
        // moves 0.375 to B (3), nothing is lost. Then B has 5 and is elected.
        var rules = new RcvRules { WinnerMode = RcvWinnerMode.MultiWinnerAllowMultipleWinnersPerRound, NumberOfWinners = 2 };
        var ballots = Many(8, "A", "B").Concat(Many(2, "B")).Concat(Many(2, "C"));
        var result = RcvTabulator.Tabulate(Contest(rules, "A", "B", "C"), ballots);
        var rounds = result.Passes[0].Rounds;
        Assert.Equal(5m, rounds[0].Threshold);
        Assert.Equal(3m, rounds[0].Decisions.Single().Transfers.Single(t => t.To == "B").Amount);
        Assert.Equal(5m, rounds[1].VotesOf("B"));
        Assert.Equal(["A", "B"], result.Winners);
    }

    [Fact]
    public void Stv_nonrepeating_fraction_is_truncated_per_ballot()
    {
        // 7 ballots A>B, 2 C, 1 D... 3 seats: threshold floor(10/4)+1 = 3; A surplus 4/7 = 0.5714 (truncated); 7 * 0.5714 = 3.9998
        // goes to B and 0.0002 is residual surplus.
        var rules = new RcvRules { WinnerMode = RcvWinnerMode.MultiWinnerAllowMultipleWinnersPerRound, NumberOfWinners = 3 };
        var ballots = Many(7, "A", "B").Concat(Many(2, "C")).Concat(Many(1, "D"));
        var result = RcvTabulator.Tabulate(Contest(rules, "A", "B", "C", "D"), ballots);
        var first = result.Passes[0].Rounds[0];
        Assert.Equal(3m, first.Threshold);
        var transfers = first.Decisions.Single(d => d.Candidate == "A").Transfers;
        Assert.Equal(3.9998m, transfers.Single(t => t.To == "B").Amount);
        Assert.Equal(0.0002m, transfers.Single(t => t.To == RcvTransfer.ResidualSurplus).Amount);
    }

    [Fact]
    public void Skipped_ranks_and_overvotes_are_categorised()
    {
        var rules = new RcvRules { MaxSkippedRanksAllowed = 0, OvervoteRule = RcvOvervoteRule.ExhaustImmediately };
        var ballots = new List<RankedCvr>
        {
            Ballot("A"), Ballot("A"), Ballot("B"),
            Ballot("", "A"), // skipped first choice
            new("o", null, null, null, [new RankedChoice(1, "A"), new RankedChoice(1, "B")]),
            new("x", null, null, null, []),
        };
        var result = RcvTabulator.Tabulate(Contest(rules, "A", "B"), ballots);
        var round = result.Passes[0].Rounds[0];
        Assert.Equal(1m, round.Inactive.SkippedRankings);
        Assert.Equal(1m, round.Inactive.Overvotes);
        Assert.Equal(1, result.Passes[0].Undervotes);
        Assert.Equal(6m, result.Passes[0].TotalBallots);
    }

    [Fact]
    public void Use_candidate_order_eliminates_the_latest_tied_candidate()
    {
        var ballots = Many(2, "A").Concat(Many(1, "B")).Concat(Many(1, "C"));
        var result = RcvTabulator.Tabulate(Contest(new RcvRules(), "A", "B", "C"), ballots);
        var decision = result.Passes[0].Rounds[0].Decisions.Single();
        Assert.Equal("C", decision.Candidate);
        Assert.True(decision.ByTiebreak);
    }

    [Fact]
    public void Aliases_resolve_and_unknown_candidates_fail()
    {
        var contest = new RcvContest([new RcvCandidate("Alice", ["A1"]), new RcvCandidate("Bob", [])], new RcvRules());
        Assert.Equal(["Alice"], RcvTabulator.Tabulate(contest, [Ballot("A1"), Ballot("A1"), Ballot("Bob")]).Winners);
        Assert.False(RcvTabulator.Tabulate(contest, [Ballot("Zed")]).IsSuccess);
    }

    [Fact]
    public void Undeclared_write_ins_are_eliminated_first_and_cannot_win()
    {
        var contest = new RcvContest([new RcvCandidate("A", []), new RcvCandidate("B", [])], new RcvRules(), UndeclaredWriteIns: true);
        var ballots = Many(5, RankedCvr.UndeclaredWriteIn).Concat(Many(3, "A")).Concat(Many(1, "B"));
        var result = RcvTabulator.Tabulate(contest, ballots);
        Assert.Equal(RankedCvr.UndeclaredWriteIn, result.Passes[0].Rounds[0].Decisions.Single().Candidate);
        Assert.Equal(["A"], result.Winners);
    }

    [Fact]
    public void Identical_rankings_are_grouped_without_changing_counts()
    {
        var ballots = Many(100_000, "A", "B").Concat(Many(99_999, "B")).Concat(Many(3, "C", "B"));
        var result = RcvTabulator.Tabulate(Contest(new RcvRules(), "A", "B", "C"), ballots);
        Assert.Equal(["B"], result.Winners);
        Assert.Equal(100_002m, result.Passes[0].Rounds[^1].VotesOf("B"));
    }
}

public sealed class PreviousRoundCountsTiebreakTests
{
    private static RankedCvr Ballot(params string[] ranks) =>
        new("b", null, null, null, [.. ranks.Select((c, i) => new RankedChoice(i + 1, c))]);

    [Fact]
    public void Random_fallback_indexes_the_java_hash_ordered_list()
    {
        // RCTab's tiebreak_previous_round_counts_then_random_test: Happy out (1), then a 3-way tie resolved by round 1
        // (Grumpy had 2), then Dopey and Sneezy tie 3-3 in every round. Java Random(12345).nextDouble() = 0.3618 picks
        // index 0 of the HashSet order [Sneezy, Dopey] (buckets 5 and 11), not of the sorted [Dopey, Sneezy].
        var rules = new RcvRules { TiebreakMode = RcvTiebreakMode.PreviousRoundCountsThenRandom, RandomSeed = 12345, MaxSkippedRanksAllowed = 0 };
        var contest = new RcvContest([.. new[] { "Happy", "Sneezy", "Dopey", "Grumpy" }.Select(n => new RcvCandidate(n, []))], rules);
        var ballots = new[] { "Sneezy", "Sneezy", "Sneezy", "Dopey", "Dopey", "Dopey", "Grumpy", "Grumpy" }.Select(c => Ballot(c))
            .Append(Ballot("Happy", "Grumpy"));
        var result = RcvTabulator.Tabulate(contest, ballots);
        Assert.Equal(["Sneezy"], result.Winners);
        Assert.Equal("Grumpy", result.Passes[0].Rounds[1].Decisions.Single().Candidate);
    }
}
