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

    [Fact]
    public void PlacesAndBatchCounts_FollowImportOrder_AcrossImportsAndInterleavedBatches()
    {
        // Import A holds North's b0, b0, b1, b0 and import B b0, b1: ballot 3 of b0 is A's fourth record, ballot 4 of b0
        // B's first, ballot 2 of b1 B's second.
        var index = new ElectionIndex(TestElection.Definition);
        Assert.True(index.TryGetUnit(new GpUnitId("ru-north"), out int north));
        static SampledBallot Place(string batch, int position) => new("ru-north", "North County", null, null, batch, position, [], null, null, null);
        var (a, b) = (Import("cvr-a"), Import("cvr-b"));
        IEvent[] events = [a, b, new AuditSampleDrawn("audit-1", 1, [], [Place("b0", 3), Place("b0", 4), Place("b1", 2), Place("b1", 3)])];

        var collected = new AuditCvrs(events, index);
        var n = 0;
        foreach (var (import, batches) in new[] { (a, new[] { "b0", "b0", "b1", "b0" }), (b, new[] { "b0", "b1" }) })
        {
            collected.BeginImport(import);
            for (var i = 0; i < batches.Length; i++)
            {
                var id = "B" + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture);
                collected.Add(new StoredBallot(id, "ru-north", null, batches[i], CountItemType.ElectionDay, null, ""),
                    new CastVoteRecord(id, north, -1, batches[i], CountItemType.ElectionDay, -1, []), import.ImportId, i);
            }
        }

        Assert.Equal(new CvrPlace("B4", "cvr-a", 3), collected.AtPlaces[("ru-north", "b0", 3)]);
        Assert.Equal(new CvrPlace("B5", "cvr-b", 0), collected.AtPlaces[("ru-north", "b0", 4)]);
        Assert.Equal(new CvrPlace("B6", "cvr-b", 1), collected.AtPlaces[("ru-north", "b1", 2)]);
        Assert.False(collected.AtPlaces.ContainsKey(("ru-north", "b1", 3)));
        Assert.Equal(3, collected.BatchCounts["cvr-a"][("ru-north", "b0")]);
        Assert.Equal(1, collected.BatchCounts["cvr-a"][("ru-north", "b1")]);
        Assert.Equal(1, collected.BatchCounts["cvr-b"][("ru-north", "b0")]);
        Assert.Equal(1, collected.BatchCounts["cvr-b"][("ru-north", "b1")]);
    }
}
