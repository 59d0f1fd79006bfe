using Canvass.Audit.Workflow;
using Canvass.Cli.Verification;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Tests;

/// <summary>What <c>canvass verify</c> checks of a full hand tally: a round counted per batch must name exactly the
/// committed manifests of its contest's counties, and a round that lists every ballot (older logs, <c>--per-ballot</c>)
/// is still re-drawn from the seed.</summary>
public sealed class AuditCheckHandTallyTests
{
    private const string Seed = "12345678901234567890";

    private static readonly ManifestBatchEntry[] Batches = [new("North", "ru-north", null, "T1", "b1", 20), new("North", "ru-north", null, "T2", "b1", 15)];

    private static readonly ManifestCommitted Manifest = new("man-1", "m.csv", new string('0', 64), ["ru-north"], 35, [.. Batches],
        ManifestBatchEncoding.Name, ManifestBatchEncoding.Root(Batches));

    private static readonly AuditCreated Created = new("audit-1", AuditTypes.BallotPolling, 10,
        [new AuditedContest("cc-gov", true, [new ReportedChoice("a", 15), new ReportedChoice("a2", 15)], 35, 1, 1, ["ru-north"])], [], ["man-1"]);

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
        Assert.Equal("1 manifest commitment(s) re-derived; 1 audit round(s) re-drawn from the public seed and matched", note);
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
        Assert.EndsWith("1 audit round(s) re-drawn from the public seed and matched", note, StringComparison.Ordinal);

        var (_, forged) = AuditCheck.Run([.. Seeded, listed with { Ballots = listed.Ballots.RemoveAt(0) }]);
        Assert.Contains("round 1's sample is not the one the seed gives: 35 ballots re-derived, 34 logged", forged, StringComparison.Ordinal);
    }
}
