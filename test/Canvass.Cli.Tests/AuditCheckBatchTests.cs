using Canvass.Audit.Workflow;
using Canvass.Cli.Verification;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Tests;

/// <summary>What <c>canvass verify</c> checks of a batch-comparison audit's draws, on logs a dishonest tool could have written.</summary>
public sealed class AuditCheckBatchTests
{
    private const string Seed = "12345678901234567890";

    private static readonly ManifestBatchEntry[] Batches =
        [.. Enumerable.Range(1, 6).Select(i => new ManifestBatchEntry("North", "ru-north", null, null, "b" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), 20))];

    private static readonly ManifestCommitted Manifest = new("man-1", "m.csv", new string('0', 64), ["ru-north"], 120, [.. Batches],
        ManifestBatchEncoding.Name, ManifestBatchEncoding.Root([.. Batches]));

    private static readonly AuditCreated Created = new("audit-1", AuditTypes.BatchComparison, 10,
        [new AuditedContest("cc-gov", true, [new ReportedChoice("a", 84), new ReportedChoice("b", 36)], 120, 1, 1, ["ru-north"])], [], ["man-1"]);

    private static readonly AuditBatchTalliesReported Reported = new("audit-1",
        [.. Batches.Select(b => new ReportedBatchTally("cc-gov", b.County, b.Jurisdiction, null, null, b.Batch, 20, [new ReportedChoice("a", 14), new ReportedChoice("b", 6)]))]);

    private static IEvent[] Log(Func<AuditBatchesDrawn, AuditBatchesDrawn>? forge = null)
    {
        IEvent[] head = [Manifest, Created, Reported, new AuditSeedSet("audit-1", Seed)];
        SampleSize[] sizes = [new("cc-gov", "custom", 3)];
        var sample = new AuditSampleDrawn("audit-1", 1, [.. sizes], []);
        var state = AuditState.Replay([.. head, sample]);
        var drawn = new AuditBatchesDrawn("audit-1", 1, BatchAuditMath.Draw(state, sizes, []));
        return [.. head, sample, forge is null ? drawn : forge(drawn)];
    }

    [Fact]
    public void Honest_batch_draws_pass()
    {
        var (note, failure) = AuditCheck.Run(Log());
        Assert.Null(failure);
        Assert.EndsWith("1 audit round re-drawn from the public seed and matched", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_closed_on_a_sheet_that_does_not_add_up_fails()
    {
        // Each drawn batch's sheet counts 20 ballots and gives 14 + 6 votes; the first's counts 19, as an older Canvass took it.
        var log = Log();
        var drawn = ((AuditBatchesDrawn)log[^1]).Batches.Select(b => b.Batch).Distinct().ToList();
        BatchTalliesRecorded Sheet(long firstBallots) => new("audit-1", 1, "ru-north", "sheet.csv",
            [.. drawn.Select((b, i) => new AuditedBatchTally("ru-north", b, "cc-gov", i == 0 ? firstBallots : 20, [new ReportedChoice("a", 14), new ReportedChoice("b", 6)]))]);
        var closed = new AuditRoundClosed("audit-1", 1, [], RoundDecisions.NextRound);

        Assert.Null(AuditCheck.Run([.. log, Sheet(20), closed]).Failure);
        Assert.Equal($"round 1 closes on a tally sheet that does not add up, which 'canvass audit record' refuses: The votes of contest cc-gov in batch {drawn[0]} of ru-north add up to 20, more than the 19 ballots its sheet counts (Ballots) can hold (19 votes, 1 a ballot).",
            AuditCheck.Run([.. log, Sheet(19), closed]).Failure);
    }

    [Fact]
    public void A_round_closed_on_a_tally_its_manifest_ballots_cannot_hold_fails()
    {
        // Each drawn batch holds 20 ballots in the manifest; the first's sheet gives Ada 15 and Bo 6 without a Ballots
        // column, so only the manifest can show that it does not add up.
        var log = Log();
        var drawn = ((AuditBatchesDrawn)log[^1]).Batches.Select(b => b.Batch).Distinct().ToList();
        BatchTalliesRecorded Sheet(long firstAda) => new("audit-1", 1, "ru-north", "sheet.csv",
            [.. drawn.Select((b, i) => new AuditedBatchTally("ru-north", b, "cc-gov", null, [new ReportedChoice("a", i == 0 ? firstAda : 14), new ReportedChoice("b", 6)]))]);
        var closed = new AuditRoundClosed("audit-1", 1, [], RoundDecisions.NextRound);

        Assert.Null(AuditCheck.Run([.. log, Sheet(14), closed]).Failure);
        Assert.Equal($"round 1 closes on a batch tally its batch's manifest ballots cannot hold, which 'canvass audit record' refuses: The votes of contest cc-gov in batch {drawn[0]} of North add up to 21, more than its 20 ballots in the manifest can hold (1 vote each).",
            AuditCheck.Run([.. log, Sheet(15), closed]).Failure);
        Assert.Equal($"round 1 closes on a batch tally its batch's manifest ballots cannot hold, which 'canvass audit record' refuses: 21 votes for a (contest cc-gov) in batch {drawn[0]} of North, which holds 20 ballots in the manifest; a ballot marks a selection at most once.",
            AuditCheck.Run([.. log, Sheet(21), closed]).Failure);
    }

    [Fact]
    public void Batches_the_seed_does_not_give_fail()
    {
        var (_, failure) = AuditCheck.Run(Log(d =>
        {
            var first = d.Batches[0];
            var other = Batches.First(b => d.Batches.All(x => x.Batch != b.Batch)).Batch;
            return d with { Batches = d.Batches.SetItem(0, first with { Batch = other }) };
        }));
        Assert.Contains("round 1's batches are not the ones the seed gives", failure, StringComparison.Ordinal);
    }
}
