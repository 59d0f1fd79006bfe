using Canvass.Audit.Workflow;
using Canvass.Cli.Verification;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using Canvass.Storage;

namespace Canvass.Cli.Tests;

/// <summary>What <c>canvass verify</c> checks of a full hand tally: a round counted per batch must name exactly the
/// committed manifests of its contest's counties, and a round that lists every ballot (older logs, <c>--per-ballot</c>)
/// is still re-drawn from the seed; every entry names a batch of the frame (a ballot of the sample, or one found past its
/// batch's manifest ballots), the round closes with the hand count and ballot-accounting discrepancies its entries give,
/// and the audit's result waits for every discrepancy to be explained.</summary>
public sealed class AuditCheckHandTallyTests
{
    private const string Seed = "12345678901234567890";

    private static readonly ManifestBatchEntry[] Batches = [new("North", "ru-north", null, "T1", "b1", 20), new("North", "ru-north", null, "T2", "b1", 15)];

    private static readonly ManifestCommitted Manifest = new("man-1", "m.csv", new string('0', 64), ["ru-north"], 35, [.. Batches],
        ManifestBatchEncoding.Name, ManifestBatchEncoding.Root(Batches));

    private static readonly AuditCreated Created = new("audit-1", AuditTypes.BallotPolling, 10,
        [new AuditedContest("cc-gov", true, [new ReportedChoice("a", 20), new ReportedChoice("a2", 15)], 35, 1, 1, ["ru-north"])], [], ["man-1"]);

    private static readonly SampleSize[] Sizes = [new("cc-gov", SampleSize.FullHandTally, 35)];

    private static IEvent[] Seeded => [Manifest, Created, new AuditSeedSet("audit-1", Seed)];

    private static AuditSampleDrawn Round => new("audit-1", 1, [.. Sizes], []);

    private static HandTallyFrameFixed Frame => FullHandTally.Frame(AuditState.Replay([.. Seeded, Round]), Created.Contests[0], 1);

    [Fact]
    public void A_full_hand_tally_naming_the_committed_manifests_passes()
    {
        Assert.Equal([new FrameManifest("ru-north", "man-1", Manifest.MerkleRoot, 2, 35)], Frame.Manifests);
        var (note, failure) = AuditCheck.Run([.. Seeded, Round, Frame]);
        Assert.Null(failure);
        Assert.Equal("1 manifest commitment re-derived; 1 audit round re-drawn from the public seed and matched", note);
    }

    [Fact]
    public void A_frame_that_is_not_the_committed_manifests_fails()
    {
        var smaller = Frame with { Manifests = [Frame.Manifests[0] with { Batches = 1, Ballots = 20 }], Batches = 1, Ballots = 20 };
        var (_, failure) = AuditCheck.Run([.. Seeded, Round, smaller]);
        Assert.Contains("round 1's full hand tally frame is not the contest's committed manifests: 2 batches and 35 ballots in 1 manifests re-derived, 1 batches and 20 ballots (size 35)", failure, StringComparison.Ordinal);

        var (_, otherRoot) = AuditCheck.Run([.. Seeded, Round, Frame with { Manifests = [Frame.Manifests[0] with { MerkleRoot = new string('1', 64) }] }]);
        Assert.Contains("is not the contest's committed manifests", otherRoot, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_hand_tally_with_neither_ballots_nor_frame_fails_and_a_frame_without_its_round_fails()
    {
        var (_, frameless) = AuditCheck.Run([.. Seeded, Round]);
        Assert.Equal("round 1 is a full hand tally that lists neither its ballots nor its frame", frameless);

        var (_, orphan) = AuditCheck.Run([.. Seeded, Frame]);
        Assert.Equal("round 1's full hand tally frame was logged without the round's full hand tally of cc-gov", orphan);
    }

    [Fact]
    public void An_older_full_hand_tally_that_lists_every_ballot_is_still_re_drawn()
    {
        var state = AuditState.Replay(Seeded);
        var listed = new AuditSampleDrawn("audit-1", 1, [.. Sizes], Audit.SampleDrawer.Draw(state, Sizes));
        Assert.Equal(35, listed.Ballots.Length);
        var (note, failure) = AuditCheck.Run([.. Seeded, listed]);
        Assert.Null(failure);
        Assert.EndsWith("1 audit round re-drawn from the public seed and matched", note, StringComparison.Ordinal);

        var (_, forged) = AuditCheck.Run([.. Seeded, listed with { Ballots = listed.Ballots.RemoveAt(0) }]);
        Assert.Contains("round 1's sample is not the one the seed gives: 35 ballots re-derived, 34 logged", forged, StringComparison.Ordinal);
    }

    private static AuditedBatchTally Tally(string tabulator, long a, long a2, long? ballots = null) =>
        new("ru-north", "b1", "cc-gov", ballots, [new ReportedChoice("a", a), new ReportedChoice("a2", a2)]) { Tabulator = tabulator };

    private static BatchTalliesRecorded Sheet(params AuditedBatchTally[] tallies) => new("audit-1", 1, "ru-north", "sheet.csv", [.. tallies]);

    /// <summary>The round as close-round closes it after <paramref name="log"/>.</summary>
    private static AuditRoundClosed Closing(params IEvent[] log)
    {
        var state = AuditState.Replay(log);
        return new AuditRoundClosed("audit-1", 1, [FullHandTally.Measure(state, Created.Contests[0], state.OpenRound!)], RoundDecisions.FullHandCountComplete)
        {
            AccountingDiscrepancies = BallotAccounting.Of(state, state.OpenRound!),
        };
    }

    private static AuditResultRecorded Result(string outcome) =>
        new("cc-gov", "hand-count", outcome, null, "canvass audit audit-1", new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), null);

    private static BallotAccountingExplained Explained(string tabulator) => new("audit-1", 1, "ru-north", tabulator, "b1", "A second box was found.");

    [Fact]
    public void A_tally_of_a_batch_outside_the_frame_or_after_the_round_closed_fails()
    {
        var (_, outside) = AuditCheck.Run([.. Seeded, Round, Frame, Sheet(Tally("T3", 1, 1))]);
        Assert.Equal("round 1's tally of cc-gov in batch b1 (tabulator T3) of ru-north, entered by ru-north's board, names no batch of the full hand tally's frame (round 1) that holds the contest", outside);

        IEvent[] tallied = [.. Seeded, Round, Frame, Sheet(Tally("T1", 12, 8), Tally("T2", 8, 7))];
        var (note, failure) = AuditCheck.Run([.. tallied, Closing(tallied)]);
        Assert.Null(failure);
        Assert.NotNull(note);
        var (_, late) = AuditCheck.Run([.. tallied, Closing(tallied), Sheet(Tally("T1", 12, 8))]);
        Assert.Equal("round 1 was not open when batch tallies were entered", late);
    }

    [Fact]
    public void A_per_ballot_entry_outside_the_sample_fails_and_a_ballot_found_past_its_batch_passes()
    {
        var state = AuditState.Replay(Seeded);
        IEvent[] listed = [.. Seeded, new AuditSampleDrawn("audit-1", 1, [.. Sizes], Audit.SampleDrawer.Draw(state, Sizes))];
        BallotsInterpreted Entry(string batch, int position, bool notFound = false) => new("audit-1", 1, "ru-north", "board.csv",
            [new BallotInterpretation("ru-north", "T1", batch, position, notFound, notFound ? [] : [new ContestInterpretation("cc-gov", Interpretations.Vote, ["a"], false)])]);

        Assert.Null(AuditCheck.Run([.. listed, Entry("b1", 21)]).Failure);
        Assert.Equal("round 1's entry by ru-north's board names ballot ru-north/T1/b7/1, which is not in the round's sample", AuditCheck.Run([.. listed, Entry("b7", 1)]).Failure);
        Assert.Equal("round 1's entry by ru-north's board names ballot ru-north/T1/b1/22, which is not in the round's sample (a ballot past its batch's manifest ballots can be entered only as found)",
            AuditCheck.Run([.. listed, Entry("b1", 22, notFound: true)]).Failure);
    }

    [Fact]
    public void A_closing_that_drops_a_discrepancy_or_changes_the_hand_count_fails()
    {
        // T1's b1 holds 20 ballots in the manifest and its sheet gives a 21 votes.
        IEvent[] tallied = [.. Seeded, Round, Frame, Sheet(Tally("T1", 21, 0), Tally("T2", 8, 7))];
        var closing = Closing(tallied);
        Assert.Equal(new BallotAccountingDiscrepancy(BallotAccountingKinds.SelectionVotes, "ru-north", "T1", "b1", 20, "cc-gov", "a", 21, 20), Assert.Single(closing.AccountingDiscrepancies!.Value));
        Assert.Null(AuditCheck.Run([.. tallied, closing]).Failure);

        Assert.Equal("round 1's ballot-accounting discrepancies are not what its entries give: 1 re-derived, 0 logged", AuditCheck.Run([.. tallied, closing with { AccountingDiscrepancies = [] }]).Failure);
        Assert.Equal("round 1 closes a full hand tally without its ballot accounting, as one closed before Canvass kept it, but its entries hold 1 discrepancies (votes beyond a batch's manifest ballots, or ballots past its count) that no such log could",
            AuditCheck.Run([.. tallied, closing with { AccountingDiscrepancies = null }]).Failure);
        var changed = closing with { Contests = [closing.Contests[0] with { SampleVotes = [new ReportedChoice("a", 20), new ReportedChoice("a2", 7)] }] };
        Assert.Equal("round 1's hand count of cc-gov is not what its tally sheets give: a 29, a2 7 (confirmed) re-derived, a 20, a2 7 (confirmed) logged", AuditCheck.Run([.. tallied, changed]).Failure);
    }

    [Fact]
    public void A_closing_from_before_ballot_accounting_verifies_with_a_ballots_count_that_differs()
    {
        // Such a log kept the sheets' Ballots without checking them, and logged no accounting: it still verifies, result
        // and all; so does today's closing of the same sheets, which lists the difference.
        IEvent[] tallied = [.. Seeded, Round, Frame, Sheet(Tally("T1", 11, 8, ballots: 19), Tally("T2", 8, 7, ballots: 15))];
        var closing = Closing(tallied);
        Assert.Equal(new BallotAccountingDiscrepancy(BallotAccountingKinds.Ballots, "ru-north", "T1", "b1", 20, null, null, 19, 20), Assert.Single(closing.AccountingDiscrepancies!.Value));
        Assert.Null(AuditCheck.Run([.. tallied, closing with { AccountingDiscrepancies = null }, Result("passed")]).Failure);
        Assert.Null(AuditCheck.Run([.. tallied, closing, Explained("T1"), Result("passed")]).Failure);
    }

    [Fact]
    public void A_round_closed_on_a_sheet_that_does_not_add_up_fails_and_one_corrected_before_closing_passes()
    {
        // T1's sheet counts 19 ballots and gives 12 + 8 = 20 votes in a vote-for-one contest, as an older Canvass took it.
        IEvent[] impossible = [.. Seeded, Round, Frame, Sheet(Tally("T1", 12, 8, ballots: 19), Tally("T2", 8, 7, ballots: 15))];
        Assert.Null(AuditCheck.Run(impossible).Failure);
        Assert.Equal("round 1 closes on a tally sheet that does not add up, which 'canvass audit record' refuses: The votes of contest cc-gov in batch b1 (tabulator T1) of ru-north add up to 20, more than the 19 ballots its sheet counts (Ballots) can hold (19 votes, 1 a ballot).",
            AuditCheck.Run([.. impossible, Closing(impossible)]).Failure);

        // A later sheet replaces it before the round closes: the round rests on the corrected one, at the limit (20 of 20).
        IEvent[] corrected = [.. impossible, Sheet(Tally("T1", 12, 8, ballots: 20))];
        Assert.Null(AuditCheck.Run([.. corrected, Closing(corrected), Result("passed")]).Failure);
    }

    [Fact]
    public void The_audits_result_waits_for_an_explanation_of_each_standing_discrepancy()
    {
        IEvent[] tallied = [.. Seeded, Round, Frame, Sheet(Tally("T1", 21, 0), Tally("T2", 8, 7))];
        IEvent[] closed = [.. tallied, Closing(tallied)];
        Assert.Equal("the audit result of cc-gov was recorded (passed) while 1 ballot-accounting discrepancies of round 1 stood unexplained", AuditCheck.Run([.. closed, Result("passed")]).Failure);
        Assert.Equal("the explanation of batch b1 (tabulator T2) of ru-north in round 1 answers no ballot-accounting discrepancy that stood", AuditCheck.Run([.. closed, Explained("T2")]).Failure);
        Assert.Equal("the explanation of batch b1 (tabulator T1) of ru-north in round 1 answers no ballot-accounting discrepancy that stood", AuditCheck.Run([.. closed, Explained("T1"), Explained("T1")]).Failure);

        Assert.Null(AuditCheck.Run([.. closed, Explained("T1"), Result("passed")]).Failure);
        Assert.Equal("the audit result of cc-gov was recorded failed, but round 1's hand count is confirmed", AuditCheck.Run([.. closed, Explained("T1"), Result("failed")]).Failure);
    }
}
