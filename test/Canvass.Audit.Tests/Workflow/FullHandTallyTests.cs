using System.Collections.Immutable;
using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Tests.Workflow;

/// <summary>The conclusion of a full hand tally: the count is the result, compared with the reported winners.</summary>
public sealed class FullHandTallyTests
{
    private static AuditedContest Contest(long a, long b, long c = 0, int winners = 1, long ballots = 1000) => AuditMathTests.Contest(a, b, c, winners, ballots);

    private static Dictionary<string, long> Votes(long a, long b, long c = 0) => new(StringComparer.Ordinal) { ["a"] = a, ["b"] = b, ["c"] = c };

    /// <summary>The contest of an Arlo vector, selections named as Arlo names them.</summary>
    private static AuditedContest FromVector(string key)
    {
        var arlo = ArloVectorChecks.ParseContest(ArloVectors.Get("vectors/" + key).Node["inputs"]!["contest"]!);
        return new AuditedContest(arlo.Name, true, [.. arlo.Candidates.Select(c => new ReportedChoice(c.Key, c.Value))], arlo.Ballots, arlo.NumWinners, arlo.VotesAllowed, ["c1"]);
    }

    private static MeasuredBallot Paper(string? choice, bool notFound = false) =>
        new(2, 1, notFound, choice is null ? null : new ContestInterpretation("k", Interpretations.Vote, [choice], false), null);

    [Fact]
    public void A_hand_count_with_the_reported_winner_confirms_the_outcome()
    {
        var hand = FullHandTally.Conclude(Contest(600, 300, 100), Votes(590, 310, 100), 1000, 0);
        Assert.Equal((HandCountOutcomes.Confirmed, "a", "a"), (hand.Outcome, Assert.Single(hand.Winners), Assert.Single(hand.ReportedWinners)));
        Assert.Empty(hand.Tied);
    }

    [Fact]
    public void A_hand_count_with_another_winner_says_the_reported_outcome_is_wrong_and_names_the_winner()
    {
        var hand = FullHandTally.Conclude(Contest(600, 300, 100), Votes(400, 500, 100), 1000, 0);
        Assert.Equal((HandCountOutcomes.Incorrect, "b", "a"), (hand.Outcome, Assert.Single(hand.Winners), Assert.Single(hand.ReportedWinners)));
        Assert.Contains("the reported outcome (a) is wrong; the hand count's winner(s): b", FullHandTally.Describe(hand, "ballots"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tied_hand_count_is_a_tie_for_the_law_to_settle()
    {
        var hand = FullHandTally.Conclude(Contest(600, 300, 100), Votes(450, 450, 100), 1000, 0);
        Assert.Equal(HandCountOutcomes.Tie, hand.Outcome);
        Assert.Equal(["a", "b"], hand.Tied);
        Assert.Empty(hand.Winners);
        Assert.Contains("a tie between a, b", FullHandTally.Describe(hand, "ballots"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_winners_in_another_order_still_confirm_and_a_tie_for_second_place_is_a_tie()
    {
        var contest = Contest(500, 300, 100, winners: 2);
        Assert.Equal(HandCountOutcomes.Confirmed, FullHandTally.Conclude(contest, Votes(300, 500, 100), 1000, 0).Outcome);
        var tie = FullHandTally.Conclude(contest, Votes(500, 200, 200), 1000, 0);
        Assert.Equal((HandCountOutcomes.Tie, "a"), (tie.Outcome, Assert.Single(tie.Winners)));
        Assert.Equal(["b", "c"], tie.Tied);
    }

    [Theory]
    [InlineData(20, HandCountOutcomes.Confirmed)]  // margin 21 > 20 ballots uncounted
    [InlineData(21, HandCountOutcomes.Undecided)]  // 21 lost ballots for b would tie
    public void Uncounted_ballots_that_reach_the_margin_leave_the_outcome_undecided(long uncounted, string expected) =>
        Assert.Equal(expected, FullHandTally.Conclude(Contest(600, 300, 100), Votes(500, 479, 0), 1000, uncounted).Outcome);

    [Fact]
    public void Measure_counts_each_ballot_once_and_leaves_ballots_not_found_or_not_read_uncounted()
    {
        var contest = Contest(3, 1, 0, ballots: 6);
        var outcome = FullHandTally.Measure(contest, [Paper("a"), Paper("b"), Paper("b"), Paper("b"), Paper(null, notFound: true), Paper(null)]);
        Assert.Equal([1L, 3L, 0L], outcome.SampleVotes.Select(v => v.Votes));
        Assert.Equal((HandCountOutcomes.Undecided, 6L, 2L), (outcome.HandCount!.Outcome, outcome.HandCount.Ballots, outcome.HandCount.Uncounted));
        Assert.False(outcome.RiskLimitMet);
    }

    /// <summary>arlo-0066 (test_bravo.py::test_tied_contest): Arlo offers a tied contest only <c>all-ballots</c>, every
    /// one of its 1,000 ballots; Canvass offers the same size, and that option is a full hand tally.</summary>
    [Fact]
    public void Measure_per_batch_sums_the_tally_sheets_and_leaves_a_batch_without_one_uncounted()
    {
        // Three batches of 40 (the last under two tabulators, T1 and T2, with the same name); T2's has no tally sheet.
        ManifestBatchEntry[] batches = [new("C1", "c1", null, null, "b1", 40), new("C1", "c1", null, "T1", "b2", 40), new("C1", "c1", null, "T2", "b2", 40)];
        var contest = Contest(70, 40, 10, ballots: 120);
        var state = AuditState.Replay(
        [
            new Domain.Events.ManifestCommitted("man-1", "m.csv", new string('0', 64), ["c1"], 120, [.. batches], "v1", new string('1', 64)),
            new Domain.Events.AuditCreated("audit-1", AuditTypes.BallotPolling, 10, [contest], [], ["man-1"]),
            new Domain.Events.AuditSeedSet("audit-1", "12345678901234567890"),
            new Domain.Events.AuditSampleDrawn("audit-1", 1, [new SampleSize("k", SampleSize.FullHandTally, 120)], []),
        ]);
        var frame = FullHandTally.Frame(state, contest, 1);
        Assert.Equal((3L, 120L), (frame.Batches, frame.Ballots));
        state = AuditState.Apply(state, frame);
        state = AuditState.Apply(state, new Domain.Events.BatchTalliesRecorded("audit-1", 1, "c1", "sheet.csv",
        [
            new AuditedBatchTally("c1", "b1", "k", 40, [new("a", 30), new("b", 8), new("c", 2)]),
            new AuditedBatchTally("c1", "b2", "k", 40, [new("a", 25), new("b", 14), new("c", 1)]) { Tabulator = "T1" },
        ]));
        var round = state.Rounds[0];
        Assert.Equal("T2", Assert.Single(FullHandTally.MissingBatches(state, round)).Tabulator);

        // Ada 55, Bo 22: a lead of 33 that T2's 40 uncounted ballots reach.
        var outcome = FullHandTally.Measure(state, contest, round);
        var hand = outcome.HandCount!;
        Assert.Equal((HandCountOutcomes.Undecided, 80L, 40L, 2L, 1L), (hand.Outcome, hand.Ballots, hand.Uncounted, hand.Batches, hand.UncountedBatches));
        Assert.Equal([55L, 22L, 3L], outcome.SampleVotes.Select(v => v.Votes));
        Assert.Contains("counted 80 ballots in 2 batches (40 ballots in 1 batch with no tally sheet are uncounted)", FullHandTally.Describe(hand, "ballots"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tie_offers_arlos_all_ballots_option_as_a_full_hand_tally()
    {
        var vector = ArloVectors.Get("vectors/arlo-0066");
        var option = Assert.Single(AuditMath.Options(AuditTypes.BallotPolling, 10, FromVector("arlo-0066"), [], 0));
        Assert.Equal(("all-ballots", vector.Node["expected_output"]!["all-ballots"]!["size"]!.GetValue<int>()), (option.Id, option.Size));
        Assert.StartsWith("Full hand tally: the boards count every batch of the frame and enter a tally sheet per batch", option.Description, StringComparison.Ordinal);
    }

    /// <summary>arlo-0068 (test_tied_contest): after the full hand count of the tied contest (cand1 501, cand2 499 of 1,000)
    /// Arlo's BRAVO returns risk 0, finished, whatever the count shows. Canvass agrees the audit is over, but its
    /// conclusion is the count: the reported tie is not the outcome, cand1 won.</summary>
    [Fact]
    public void After_arlos_full_hand_count_of_a_tie_the_count_decides()
    {
        var vector = ArloVectors.Get("vectors/arlo-0068");
        var contest = FromVector("arlo-0068");
        var counted = ArloVectorChecks.ParseRounds(vector.Node["inputs"]!["sample_results"])["round1"];
        Assert.Equal(0.0, vector.Node["expected_output"]![0]!["$pairs"]![0]![1]!.GetValue<double>());
        Assert.True(vector.Node["expected_output"]![1]!.GetValue<bool>());

        var hand = FullHandTally.Conclude(contest, counted, contest.Ballots, 0);
        Assert.Equal((HandCountOutcomes.Incorrect, "cand1"), (hand.Outcome, Assert.Single(hand.Winners)));
        Assert.Empty(hand.ReportedWinners);
        Assert.Equal(HandCountOutcomes.Tie, FullHandTally.Conclude(contest, contest.Choices.ToDictionary(c => c.Selection, c => c.Votes), contest.Ballots, 0).Outcome);
    }

    [Fact]
    public void A_full_hand_tally_outcome_is_not_a_risk()
    {
        var outcome = FullHandTally.Outcome(Contest(600, 300, 100), Votes(300, 600, 100), 1000, 0);
        Assert.Equal(("1", false), (outcome.PValue, outcome.RiskLimitMet));
        Assert.Equal(ImmutableArray.Create("b"), outcome.HandCount!.Winners);
    }
}
