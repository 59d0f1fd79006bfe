using Canvass.Cli.Verification;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Tests;

/// <summary>What <c>canvass verify</c> checks of an audit, on logs a dishonest or broken tool could have written.</summary>
public sealed class AuditCheckTests
{
    private const string Seed = "12345678901234567890";

    private static readonly ManifestBatchEntry Batch = new("North", "ru-north", null, null, "b1", 20);

    private static readonly ManifestCommitted Manifest = new("man-1", "m.csv", new string('0', 64), ["ru-north"], 20, [Batch],
        ManifestBatchEncoding.Name, ManifestBatchEncoding.Root([Batch]));

    private static readonly AuditCreated Created = new("audit-1", AuditTypes.BallotPolling, 10,
        [new AuditedContest("cc-gov", true, [new ReportedChoice("a", 15), new ReportedChoice("b", 5)], 20, 1, 1, ["ru-north"])], [], ["man-1"]);

    private static AuditSampleDrawn Honest()
    {
        var state = global::Canvass.Audit.Workflow.AuditState.Replay([Manifest, Created, new AuditSeedSet("audit-1", Seed)]);
        SampleSize[] sizes = [new("cc-gov", "custom", 5)];
        return new AuditSampleDrawn("audit-1", 1, [.. sizes], Audit.SampleDrawer.Draw(state, sizes));
    }

    [Fact]
    public void An_honest_audit_log_passes()
    {
        var (note, failure) = AuditCheck.Run([Manifest, Created, new AuditSeedSet("audit-1", Seed), Honest()]);
        Assert.Null(failure);
        Assert.Equal("1 manifest commitment re-derived; 1 audit round re-drawn from the public seed and matched", note);
    }

    [Fact]
    public void A_sample_the_seed_does_not_give_fails()
    {
        var honest = Honest();
        var first = honest.Ballots[0];
        var forged = honest with { Ballots = honest.Ballots.SetItem(0, first with { Position = first.Position % 20 + 1 }) };
        var (_, failure) = AuditCheck.Run([Manifest, Created, new AuditSeedSet("audit-1", Seed), forged]);
        Assert.Contains("round 1's sample is not the one the seed gives", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_drawn_before_the_seed_fails()
    {
        var (_, failure) = AuditCheck.Run([Manifest, Created, Honest(), new AuditSeedSet("audit-1", Seed)]);
        Assert.Contains("before the seed was set", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_whose_batches_do_not_give_its_root_fails()
    {
        var (_, failure) = AuditCheck.Run([Manifest with { Batches = [Batch with { Ballots = 21 }], BallotCount = 21 }]);
        Assert.Contains("manifest man-1", failure, StringComparison.Ordinal);
    }
}
