using Canvass.Audit.Workflow;
using Canvass.Cli.Verification;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Tests;

/// <summary>What <c>canvass verify</c> checks of a hybrid (SUITE) audit's rounds, on logs a dishonest or broken tool could
/// have written: each stratum re-drawn from the public seed with its own replacement rule.</summary>
public sealed class AuditCheckHybridTests
{
    private const string Seed = "12345678901234567890";

    private static readonly ManifestBatchEntry North = new("North", "ru-north", null, null, "b1", 20);
    private static readonly ManifestBatchEntry South = new("South", "ru-south", null, null, "b2", 20);

    private static readonly ManifestCommitted Manifest = new("man-1", "m.csv", new string('0', 64), ["ru-north", "ru-south"], 40, [North, South],
        ManifestBatchEncoding.Name, ManifestBatchEncoding.Root([North, South]));

    private static readonly AuditCreated Created = new("audit-1", AuditTypes.Hybrid, 10,
        [new AuditedContest("cc-gov", true, [new ReportedChoice("a", 30), new ReportedChoice("b", 10)], 40, 1, 1, ["ru-north", "ru-south"])], [], ["man-1"]);

    private static readonly HybridStrataReported Strata = new("audit-1",
        [new ReportedStratum("cc-gov", HybridStrata.Cvr, ["ru-north"], 20, [new ReportedChoice("a", 15), new ReportedChoice("b", 5)]),
         new ReportedStratum("cc-gov", HybridStrata.NonCvr, ["ru-south"], 20, [new ReportedChoice("a", 15), new ReportedChoice("b", 5)])]);

    private static readonly HybridSampleSize Size = new("cc-gov", "custom", 12, 12);

    private static IEvent[] Before => [Manifest, Created, Strata, new AuditSeedSet("audit-1", Seed)];

    private static (AuditSampleDrawn Drawn, HybridStrataDrawn Strata) Honest()
    {
        var state = AuditState.Replay(Before);
        return (new AuditSampleDrawn("audit-1", 1, [new SampleSize("cc-gov", "custom", 24)], HybridAuditMath.Draw(state, [Size], [])),
            new HybridStrataDrawn("audit-1", 1, [Size]));
    }

    [Fact]
    public void An_honest_hybrid_log_passes_and_draws_the_non_cvr_stratum_without_replacement()
    {
        var (drawn, strata) = Honest();
        var south = drawn.Ballots.Where(b => b.County == "ru-south").ToList();
        Assert.Equal(12, south.Count);
        Assert.All(south, b => Assert.Single(b.Draws));
        Assert.Equal(12, drawn.Ballots.Where(b => b.County == "ru-north").Sum(b => b.Draws.Length));

        var (note, failure) = AuditCheck.Run([.. Before, drawn, strata]);
        Assert.Null(failure);
        Assert.Equal("1 manifest commitment re-derived; 1 audit round re-drawn from the public seed and matched", note);
    }

    [Fact]
    public void A_non_cvr_stratum_drawn_with_replacement_fails()
    {
        var (drawn, strata) = Honest();

        // The non-CVR stratum's stream drawn as the CVR stratum's is (with replacement): the same tickets at first, then
        // a ballot drawn twice where the seed gives a new one.
        var replaced = global::Canvass.Audit.ManifestSampler.Draw(Seed, [new global::Canvass.Audit.SamplerBatch<ManifestBatchEntry>(South, global::Canvass.Audit.ArloBallotIds.ProductionBatch("South", null, "b2"), 20)], 12);
        Assert.True(replaced.Select(t => t.Id.Position).Distinct().Count() < 12, "this seed must draw some South ballot twice with replacement");
        var forged = drawn with
        {
            Ballots = [.. drawn.Ballots.Where(b => b.County == "ru-north"),
                .. replaced.GroupBy(t => t.Id.Position).OrderBy(g => g.Key).Select(g => new SampledBallot("ru-south", "South", null, null, "b2", g.Key,
                    [.. g.Select(t => new SampleDraw("cc-gov", t.TicketNumber, t.Generation))], null, null, null))],
        };
        var (_, failure) = AuditCheck.Run([.. Before, forged, strata]);
        Assert.Contains("round 1's sample is not the one the seed gives for its strata", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Strata_sizes_that_do_not_add_up_to_the_rounds_sizes_fail()
    {
        var (drawn, strata) = Honest();
        var (_, failure) = AuditCheck.Run([.. Before, drawn, strata with { Sizes = [Size with { Cvr = 13 }] }]);
        Assert.Contains("round 1's per-stratum sizes do not add up", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hybrid_round_without_its_strata_sizes_fails()
    {
        var (drawn, _) = Honest();
        var (_, failure) = AuditCheck.Run([.. Before, drawn]);
        Assert.Contains("round 1 of the hybrid audit has no per-stratum sizes", failure, StringComparison.Ordinal);
    }
}
