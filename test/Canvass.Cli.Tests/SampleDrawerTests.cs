using Canvass.Audit;
using Canvass.Cli.Audit;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Cli.Tests;

/// <summary>The workflow's draw is the consistent sampler's draw over the whole frame, round after round.</summary>
public sealed class SampleDrawerTests
{
    private const string Seed = "12345678901234567890";

    private static readonly ManifestBatchEntry[] Batches =
        [new("J1", "c1", null, "T1", "Batch 1", 40), new("J1", "c1", null, null, "Batch 2", 25), new("J'2", "c2", "Box", null, "B", 35)];

    private static IEnumerable<(ManifestBatchEntry Batch, int Position)> Frame =>
        Batches.SelectMany(b => Enumerable.Range(1, b.Ballots).Select(p => (b, p)));

    private static string Render((ManifestBatchEntry Batch, int Position) id) =>
        ArloBallotIds.ProductionBallot(id.Batch.Jurisdiction, id.Batch.Tabulator, id.Batch.Batch, id.Position);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 0)]
    [InlineData(30, 20)]
    [InlineData(150, 0)]
    public void A_round_draws_what_the_reference_sampler_draws_from_the_whole_frame(int take, int drop)
    {
        var manifest = new ManifestCommitted("man-1", "m.csv", new string('0', 64), ["c1", "c2"], 100, [.. Batches], "canvass-manifest-batch.v1", new string('1', 64));
        var contest = new AuditedContest("k", true, [new ReportedChoice("a", 60), new ReportedChoice("b", 40)], 100, 1, 1, ["c1", "c2"]);
        var state = global::Canvass.Audit.Workflow.AuditState.Replay([manifest, new AuditCreated("audit-1", AuditTypes.BallotPolling, 10, [contest], [], ["man-1"]), new AuditSeedSet("audit-1", Seed)]);
        if (drop > 0)
        {
            state = global::Canvass.Audit.Workflow.AuditState.Apply(state, new AuditSampleDrawn("audit-1", 1, [new SampleSize("k", "custom", drop)], SampleDrawer.Draw(state, [new SampleSize("k", "custom", drop)])));
        }

        var drawn = SampleDrawer.Draw(state, [new SampleSize("k", "custom", take)]);
        var reference = ConsistentSampler.Sample(Frame, Render, Seed, take, drop);
        Assert.Equal(
            reference.Select(t => (t.TicketNumber, Render(t.Id), t.Generation)).Order(),
            drawn.SelectMany(b => b.Draws.Select(d => (d.Ticket, ArloBallotIds.ProductionBallot(b.Jurisdiction, b.Tabulator, b.Batch, b.Position), d.Generation))).Order());
    }
}
