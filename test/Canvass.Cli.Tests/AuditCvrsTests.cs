using Canvass.Audit.Workflow;
using Canvass.Cli.Verification;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Tabulation;
using Canvass.Storage;

namespace Canvass.Cli.Tests;

/// <summary>What verify collects from the committed CVRs for the audit check (<see cref="AuditCvrs"/>), on logs no
/// Canvass writes today: the count an audit's creation is checked against leaves out CVRs committed after the audit was
/// created (Canvass before 4 December 2026 allowed them until the seed was set), and so do its batch tallies.</summary>
public sealed class AuditCvrsTests
{
    private static readonly ManifestBatchEntry Batch = new("North County", "ru-north", null, null, "batch-0", 2);

    private static readonly ManifestCommitted Manifest = new("man-1", "m.csv", new string('0', 64), ["ru-north"], 2, [Batch],
        ManifestBatchEncoding.Name, ManifestBatchEncoding.Root([Batch]));

    private static CvrsCommitted Import(string id) =>
        new(id, id + ".csv", new string('0', 64), "canvass-csv", 1, ["ru-north"], ["cc-gov"], CvrRecordEncoding.Commitment, new string('0', 64));

    [Fact]
    public void CountAtCreation_LeavesOutCvrsCommittedAfterTheAudit()
    {
        var index = new ElectionIndex(TestElection.Definition);
        Assert.True(index.TryGetContest(new ContestId("cc-gov"), out int governor));
        Assert.True(index.TryGetUnit(new GpUnitId("ru-north"), out int north));
        var contest = new AuditedContest("cc-gov", true, [new ReportedChoice("cs-gov-a", 1), new ReportedChoice("cs-gov-b", 0), new ReportedChoice("cs-gov-c", 0)], 2, 1, 1, ["ru-north"]);
        var (before, after) = (Import("cvr-before"), Import("cvr-after"));
        IEvent[] events = [before, Manifest, new AuditCreated("audit-1", AuditTypes.BatchComparison, 10, [contest], ["cvr-before"], ["man-1"]), after];

        var collected = new AuditCvrs(events, index);
        var tally = new CvrTally(index);
        foreach (var (import, id) in new[] { (before, "B1"), (after, "B2") })
        {
            collected.BeginImport(import);
            var cvr = new CastVoteRecord(id, north, -1, "batch-0", CountItemType.ElectionDay, -1, [new ContestMarks(governor, [new Mark(0)])]);
            tally.Add(cvr);
            collected.Add(new StoredBallot(id, "ru-north", null, "batch-0", CountItemType.ElectionDay, null, ""), cvr, import.ImportId, 0);
        }

        // Both ballots are in the count today; only the first was when the audit was created.
        Assert.Equal(2, Tabulator.Tabulate(index, tally, []).Contests[governor].Votes[0]);
        Assert.Equal(1, collected.AtCreation(events, index, tally, null)!.Contests[governor].Votes[0]);
        var batch = Assert.Single(collected.BatchVotes!.Report(AuditState.Replay(events)));
        Assert.Equal(1, batch.Votes[0].Votes);
    }
}
