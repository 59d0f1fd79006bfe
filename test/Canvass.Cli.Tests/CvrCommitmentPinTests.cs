using Canvass.Domain.Events;
using Canvass.Ledger;
using Canvass.Storage;
using Canvass.Storage.Sqlite;

namespace Canvass.Cli.Tests;

/// <summary>The published CVR commitment of a fixed file, pinned: a change to how ballots are read, encoded or stored
/// must not change the root anyone already holds. <see cref="PinnedRecordRoot"/> is the one-record-per-leaf root
/// (<c>canvass-cvr-record.v1</c>) that the one-row-per-ballot store (commit 15fcf27) published for the same file: the
/// stored records still give it, so they are byte for byte the records committed then. <see cref="PinnedRecords64Root"/>
/// is the root of the 64-records-per-leaf commitment (<c>canvass-cvr-records64.v1</c>) that imports published from
/// commit c6c9926. <see cref="PinnedRoot"/> is the root of the commitment of 64 compact field records per leaf
/// (<c>canvass-cvr-fields64.v1</c>) that imports publish since.</summary>
public sealed class CvrCommitmentPinTests : IDisposable
{
    private const string PinnedRecordRoot = "344e3e5bc2e05c5161e879f538badc0899c80208963e472ed15cde2b909a0899";

    private const string PinnedRecords64Root = "63246d5df83822a62adeb532e265ce1df0dc8ece82ed7a93703ae357bb0f8b25";

    private const string PinnedRoot = "404653ad91e5ec90ff145ab3406c032dc73d50c3f860dbfc1213573dcfa23af3";

    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Import_FieldsOf255BytesOrMore_AreStoredCommittedAndVerified()
    {
        // A field's length is a LEB128 number in the committed record; from 255 bytes on it takes two bytes, and writing
        // them overflowed: the import crashed (exit 1) on a long batch id or a ballot with long marks.
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var id = new string('i', 255);
        var batch = new string('b', 20_000);
        var csv = $"{TestElection.Header}\n{id},ru-north,ru-n1,{batch},election-day,cs-gov-a,cs-co-x,bm-1-yes,cs-d1-p\n";
        var run = _canvass.Run("import", "cvr", _canvass.Write("long.csv", csv));
        Assert.True(run.ExitCode == 0, run.ToString());
        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("verifier.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 CVR commitment re-derived from 1 ballot", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FixedFileOfManyPages_PublishesThePinnedRootAndStoredBallotsProveAgainstIt()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var sb = new System.Text.StringBuilder(TestElection.Header).Append('\n');
        for (var i = 0; i < 20_011; i++)
        {
            var choice = (i % 3) switch { 0 => "cs-gov-a", 1 => "cs-gov-b", _ => "cs-gov-c" };
            var method = (i % 4) switch { 0 => "early", 1 => "election-day", 2 => "absentee-mail", _ => "provisional" };
            sb.Append("P-").Append(i).Append(i % 2 == 0 ? ",ru-north,ru-n1,b" : ",ru-south,ru-s1,b").Append(i / 700).Append(',').Append(method).Append(',')
                .Append(choice).Append(i % 5 == 0 ? ",cs-co-x|cs-co-y" : ",").Append(i % 7 == 0 ? ",bm-1-no" : ",bm-1-yes").Append(",\n");
        }

        var run = _canvass.Run("import", "cvr", _canvass.Write("pinned.csv", sb.ToString()));
        Assert.True(run.ExitCode == 0, run.ToString());

        await using var store = new SqliteCanvassStore(_canvass.Store);
        CvrsCommitted? committed = null;
        await foreach (var e in store.ReadAllAsync(1, ct))
        {
            committed = e.Event as CvrsCommitted ?? committed;
        }

        Assert.NotNull(committed);
        Assert.Equal(20_011, committed.BallotCount);
        Assert.Equal(CvrRecordEncoding.Commitment, committed.RecordEncoding);
        Assert.Equal(PinnedRoot, committed.MerkleRoot);

        var ballots = await store.ReadImportBallotsAsync(committed.ImportId, ct).ToListAsync(ct);
        var records = ballots.Select(CvrRecordEncoding.Encode).ToList();
        Assert.Equal(PinnedRecordRoot, Convert.ToHexStringLower(RecordCommitment.ComputeRoot(records)));
        Assert.Equal(PinnedRecords64Root, Convert.ToHexStringLower(RecordCommitment.ComputeRoot(records, CvrRecordEncoding.RecordsPerLeaf)));
        var fields = ballots.Select(b => CvrRecordEncoding.Committed(b, CvrRecordEncoding.Commitment)).ToList();
        Assert.Equal(PinnedRoot, Convert.ToHexStringLower(RecordCommitment.ComputeRoot(fields, CvrRecordEncoding.RecordsPerLeaf)));

        // P-63 ends the first leaf and P-64 starts the second; P-20010 ends the last leaf, which holds 43 records (20,011 = 312 × 64 + 43).
        foreach (var id in new[] { "P-0", "P-63", "P-64", "P-4095", "P-12345", "P-20010" })
        {
            var location = await store.FindBallotAsync(id, ct);
            Assert.NotNull(location);
            var record = CvrRecordEncoding.Encode(location.Ballot);
            var field = CvrRecordEncoding.Committed(location.Ballot, CvrRecordEncoding.Commitment);
            var proof = RecordCommitment.ProveInclusion(fields, location.IndexInImport, location.ImportCount, CvrRecordEncoding.RecordsPerLeaf);
            Assert.True(RecordCommitment.VerifyInclusion(field, (ulong)location.IndexInImport, (ulong)location.ImportCount, proof, Convert.FromHexString(PinnedRoot)).IsSuccess);
            var records64 = RecordCommitment.ProveInclusion(records, location.IndexInImport, location.ImportCount, CvrRecordEncoding.RecordsPerLeaf);
            Assert.True(RecordCommitment.VerifyInclusion(record, (ulong)location.IndexInImport, (ulong)location.ImportCount, records64, Convert.FromHexString(PinnedRecords64Root)).IsSuccess);
            var v1 = RecordCommitment.ProveInclusion(records, location.IndexInImport, location.ImportCount);
            Assert.True(RecordCommitment.VerifyInclusion(record, (ulong)location.IndexInImport, (ulong)location.ImportCount, v1, Convert.FromHexString(PinnedRecordRoot)).IsSuccess);
        }
    }
}
