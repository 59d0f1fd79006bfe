using Canvass.Cli.Common;
using Canvass.Domain.Events;
using Canvass.Ledger;
using Canvass.Storage;
using Canvass.Storage.Sqlite;

namespace Canvass.Cli.Tests;

/// <summary>Imports committed in an encoding older than today's (<c>canvass-cvr-records64.v1</c>, 64 canonical JSON records
/// to a leaf, and <c>canvass-cvr-record.v1</c>, one to a leaf) still verify: <c>canvass verify</c> re-derives each import's
/// commitment by the encoding its event names. Such an import is written here straight through the store, signed with
/// the log's key, as an older canvass wrote it; a wrong root for the same ballots is refused.</summary>
public sealed class OlderCommitmentTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Theory]
    [InlineData(CvrRecordEncoding.Records64, 64, false)]
    [InlineData(CvrRecordEncoding.Name, 1, false)]
    [InlineData(CvrRecordEncoding.Records64, 64, true)]
    public async Task Verify_ImportInAnOlderEncoding_ReDerivesItsRoot(string encoding, int perLeaf, bool wrongRoot)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var sb = new System.Text.StringBuilder(TestElection.Header).Append('\n');
        for (var i = 0; i < 150; i++)
        {
            sb.Append("N-").Append(i).Append(i % 2 == 0 ? ",ru-north,ru-n1,b1,early,cs-gov-a,cs-co-x," : ",ru-south,ru-s1,b1,election-day,cs-gov-b,,")
                .Append(i % 3 == 0 ? "bm-1-no" : "bm-1-yes").Append(",\n");
        }

        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("new.csv", sb.ToString())).ExitCode);

        var signer = LogKeys.Load(LogKeys.ResolvePath(_canvass.Store, null)).Value!;
        await using (var store = new SqliteCanvassStore(_canvass.Store, null, signer))
        {
            // The same ballots under other ids, committed as an older canvass did: a root over their canonical records.
            var importId = "";
            long expected = 0;
            var ballots = new List<StoredBallot>();
            await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, ct))
            {
                expected = e.Version;
                if (e.Event is CvrsCommitted c)
                {
                    importId = c.ImportId;
                }
            }

            await foreach (var b in store.ReadImportBallotsAsync(importId, ct))
            {
                ballots.Add(b with { BallotId = "O-" + b.BallotId });
            }

            var root = Convert.ToHexStringLower(RecordCommitment.ComputeRoot(ballots.Select(CvrRecordEncoding.Encode), perLeaf));
            var published = wrongRoot ? new string('0', 64) : root;
            await using var import = await store.BeginBallotImportAsync("cvr-older000000000", "older.csv", ct);
            for (var i = 0; i < ballots.Count; i++)
            {
                import.Add(ballots[i], i + 2);
            }

            Assert.Empty(await import.FindDuplicatesAsync(10, ct));
            var committed = new CvrsCommitted("cvr-older000000000", "older.csv", new string('c', 64), "canvass-csv", ballots.Count,
                ["ru-north", "ru-south"], ["bm-1", "cc-council", "cc-d1", "cc-gov"], encoding, published);
            await import.CommitAsync(Streams.Election, expected, [committed], new ImportRecord(new string('c', 64), "cvr", "older.csv", ballots.Count), ct);
        }

        var verify = _canvass.Run(false, "verify", "--store", _canvass.Store, "--state", _canvass.PathOf("state.json"));
        if (wrongRoot)
        {
            Assert.Equal(1, verify.ExitCode);
            Assert.Contains("were committed", verify.Stderr, StringComparison.Ordinal);
            return;
        }

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("2 CVR commitments re-derived from 300 ballots", verify.Stdout, StringComparison.Ordinal);
    }
}
