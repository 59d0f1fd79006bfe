using System.Security.Cryptography;
using System.Text;
using Canvass.Domain.Events;
using Canvass.Ledger;

namespace Canvass.Cli.Tests;

/// <summary>Someone edits the database, or serves a different log: <c>canvass verify</c> must exit 1 and say where.</summary>
public sealed class TamperTests : IDisposable
{
    private const string Totals = "county,precinct,office,district,party,candidate,votes\nSouth County,,District 1 Representative,,,Quinn,7\n";
    private readonly Canvass _canvass = new();

    public TamperTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north.csv", NorthBallots)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("south.csv", Totals)).ExitCode);
    }

    // Position 1: election defined; 2: the North County ballots; 3: South County's reported totals.
    private static string NorthBallots => TestElection.Header + "\n"
        + "B1,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x|cs-co-y,bm-1-yes,cs-d1-p\n"
        + "B2,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x,bm-1-yes,cs-d1-q\n"
        + "B3,ru-north,ru-n2,b1,absentee-mail,cs-gov-b,cs-co-x|cs-co-y|cs-co-z,bm-1-no,\n";

    private string State => _canvass.PathOf("verifier-state.json");

    // South County's totals with Quinn's 7 votes made 9.
    private static string SouthNine => Totals.Replace(",7\n", ",9\n", StringComparison.Ordinal);

    /// <summary>Another store holding a history of the same election built from <paramref name="north"/> and
    /// <paramref name="south"/>, signed with this store's log key (a fork, or a rewrite by whoever holds it) or with a key
    /// of its own (a history built by someone without it).</summary>
    private Canvass OtherHistory(bool sameKey, string north, string south)
    {
        var other = new Canvass();
        if (sameKey)
        {
            File.Copy(_canvass.Store + ".log-key", other.Store + ".log-key");
        }

        Assert.Equal(0, other.Run("init", "--election", TestElection.WriteJson(other)).ExitCode);
        Assert.Equal(0, other.Run("import", "cvr", other.Write("north.csv", north)).ExitCode);
        Assert.Equal(0, other.Run("import", "results", other.Write("south.csv", south)).ExitCode);
        return other;
    }

    public void Dispose() => _canvass.Dispose();

    private CliRun Verify(params string[] extra) => _canvass.Run(["verify", "--state", State, .. extra]);

    private static void AssertFails(CliRun run, string expected) => CliAssert.Failed(run, 1, expected);

    [Theory]
    [InlineData("counties")]
    [InlineData("contests")]
    public async Task Verify_CommitmentNamingCountiesOrContestsItsRecordsDoNotHold_Fails(string altered)
    {
        // The audit and the input locks go by the counties and contests a commitment names: a county left out would pass
        // for one without CVRs. Here the North import is logged a second time, naming South County too, or no cc-d1.
        CvrsCommitted? north = null;
        await using (var store = new Storage.Sqlite.SqliteCanvassStore(_canvass.Store))
        {
            await foreach (var e in store.ReadStreamAsync(Storage.Streams.Election, 1, TestContext.Current.CancellationToken))
            {
                north ??= e.Event as CvrsCommitted;
            }
        }

        Assert.Equal(["bm-1", "cc-council", "cc-d1", "cc-gov"], north!.Contests);
        Assert.True(Verify().ExitCode == 0);
        await Tamper.AppendSignedAsync(_canvass.Store, altered == "counties"
            ? north with { Counties = ["ru-north", "ru-south"] }
            : north with { Contests = ["bm-1", "cc-council", "cc-gov"] });

        AssertFails(Verify(), altered == "counties"
            ? $"import {north.ImportId} (north.csv): its records hold ballots of ru-north carrying bm-1, cc-council, cc-d1, cc-gov, but its commitment names ru-north, ru-south and bm-1, cc-council, cc-d1, cc-gov"
            : $"import {north.ImportId} (north.csv): its records hold ballots of ru-north carrying bm-1, cc-council, cc-d1, cc-gov, but its commitment names ru-north and bm-1, cc-council, cc-gov");
    }

    [Fact]
    public void Verify_UntouchedStore_Succeeds()
    {
        var run = Verify();
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("verified", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 CVR commitment re-derived from 3 ballots", run.Stdout, StringComparison.Ordinal);

        // The state file is for people too: the trusted key as published, not its '+' escaped as \u002B.
        Assert.Contains($"\"verifierKey\": \"{_canvass.Run("log", "key").Stdout.Trim()}\"", File.ReadAllText(State), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OneByteOfAnEventChanged_FailsAtThatPosition()
    {
        Assert.Equal(0, Verify().ExitCode);
        Tamper.Sql(_canvass.Store, "UPDATE ev_events SET data = replace(data, '\"votes\":7', '\"votes\":8') WHERE position = 3");
        AssertFails(Verify(), "position 3");
    }

    [Fact]
    public void Verify_RowDeleted_FailsNamingTheMissingPosition()
    {
        Tamper.Sql(_canvass.Store, "DELETE FROM ev_events WHERE position = 2");
        AssertFails(Verify(), "position 2 is missing");
    }

    [Fact]
    public void Verify_TwoRowsSwapped_FailsAtTheFirstOfThem()
    {
        Tamper.Sql(_canvass.Store, """
            UPDATE ev_events SET position = -2 WHERE position = 2;
            UPDATE ev_events SET position = 2 WHERE position = 3;
            UPDATE ev_events SET position = 3 WHERE position = -2;
            """);
        AssertFails(Verify(), "position 2");
    }

    [Fact]
    public void Verify_RowInserted_FailsAsNotCoveredByTheCheckpoint()
    {
        Tamper.Sql(_canvass.Store, """
            INSERT INTO ev_events (position, stream_id, version, type, data, metadata, recorded_at)
            SELECT 4, stream_id, 4, type, data, metadata, recorded_at FROM ev_events WHERE position = 3;
            """);
        AssertFails(Verify(), "entry 4 is covered by no signed checkpoint (the latest is at size 3): either the checkpoint signed over it was deleted, or it was added without the log key");
    }

    [Fact]
    public void Verify_LogTruncated_Fails()
    {
        Tamper.Sql(_canvass.Store, "DELETE FROM ev_events WHERE position >= 2");
        AssertFails(Verify(), "truncated");
    }

    [Fact]
    public void Verify_CheckpointResignedByAnotherKey_FailsForAVerifierThatKnowsTheKey()
    {
        Assert.Equal(0, Verify().ExitCode);
        var origin = Tamper.Scalar(_canvass.Store, "SELECT origin FROM ledger_meta");
        var checkpoint = Ledger.Checkpoint.Parse(Note.Parse(Encoding.UTF8.GetBytes(Tamper.Scalar(_canvass.Store, "SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1"))).GetValueOrThrow().Text).GetValueOrThrow();
        var impostor = NoteSigner.Generate(origin);
        var forged = SignedCheckpoint.Sign(checkpoint, impostor).ToString().Replace("'", "''", StringComparison.Ordinal);
        Tamper.Sql(_canvass.Store, $"UPDATE ledger_checkpoints SET note = '{forged}'; UPDATE ledger_meta SET verifier_key = '{impostor.Verifier}'");

        AssertFails(Verify(), "key changed");
        AssertFails(Verify(), "verify it with its own --state file");

        // A verifier that never saw the log but pins the published key is not fooled either.
        using var fresh = new Canvass();
        var key = File.ReadAllText(_canvass.Store + ".log-key");
        var published = NoteSigner.Parse(key.Trim()).GetValueOrThrow().Verifier.ToString();
        var pinned = _canvass.Run("verify", "--state", fresh.PathOf("state.json"), "--key", published);
        AssertFails(pinned, $"the log presents the key {impostor.Verifier}, not the pinned --key {published}");
        Assert.DoesNotContain("--state", pinned.Stderr, StringComparison.Ordinal); // another state file changes nothing while --key is pinned
    }

    /// <summary>A verifier who pins the key of another log (another election's, or one copied from the wrong notice) was
    /// told "the log's key changed", and to verify with a state file of its own, which changes nothing while --key is pinned.</summary>
    [Fact]
    public void Verify_PinnedKeyOfAnotherLog_SaysWhoseKeyItIs()
    {
        using var other = new Canvass();
        Assert.Equal(0, other.Run("init", "--election", TestElection.WriteJson(other), "--origin", "results.example.gov/other").ExitCode);
        var otherKey = other.Run("log", "key").Stdout.Trim();
        var origin = Tamper.Scalar(_canvass.Store, "SELECT origin FROM ledger_meta");

        var run = Verify("--key", otherKey);

        AssertFails(run, $"--key is the verifier key of the log results.example.gov/other, not of this log ({origin})");
        Assert.DoesNotContain("--state", run.Stderr, StringComparison.Ordinal);

        // A receipt checked with that key said only "No signature in the note is from a configured key".
        var receipt = _canvass.Write("b2.receipt", _canvass.Run("log", "prove-ballot", "--ballot", "B2").Stdout);
        AssertFails(_canvass.Run(false, "verify", "--receipt", receipt, "--key", otherKey),
            $"--key is the verifier key of the log results.example.gov/other, not of this log ({origin})");
    }

    [Fact]
    public void Verify_ForkedLogWithTheSameKey_FailsForAVerifierThatSawTheOriginal()
    {
        // The fork: the same log key signs a different third event on a copy taken before it.
        using var fork = OtherHistory(sameKey: true, NorthBallots, SouthNine);

        Assert.Equal(0, Verify().ExitCode);
        var run = fork.Run("verify", "--state", State);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not consistent with the checkpoint verified before", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Someone who can write the database but not read the log key builds the history they want elsewhere
    /// (South County's 7 votes made 9) and puts its events and hashes in place. The operator's next ordinary command
    /// signed that tree with the real key, after which a fresh verifier, a bundle and a ballot receipt all passed.</summary>
    [Fact]
    public void Append_AfterTheEventsAndHashesWereReplaced_IsRefusedAndSignsNothing()
    {
        using var other = OtherHistory(sameKey: false, NorthBallots, SouthNine);
        Tamper.Sql(_canvass.Store, "DROP TRIGGER IF EXISTS ledger_hashes_no_update; DROP TRIGGER IF EXISTS ledger_hashes_no_delete; "
            + $"ATTACH '{other.Store}' AS f; DELETE FROM ev_events; INSERT INTO ev_events SELECT * FROM f.ev_events; "
            + "DELETE FROM ledger_hashes; INSERT INTO ledger_hashes SELECT * FROM f.ledger_hashes; DETACH f;");
        var checkpoints = Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ledger_checkpoints");

        var run = _canvass.Run("record", "call", "--contest", "cc-gov", "--source", "AP", "--caller", "AP", "--winner", "can-a");

        CliAssert.Failed(run, 1, "refusing to sign: the stored log does not extend its last signed checkpoint (size 3)");
        Assert.Equal(checkpoints, Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ledger_checkpoints"));
        Assert.Equal("3", Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ev_events"));
        AssertFails(Verify(), "the entries do not hash to the signed checkpoint's root");
    }

    /// <summary>The stored hashes alone changed: verify (which rebuilds the tree from the events) still passed, and the
    /// next append signed a root the events do not have, which broke the log for good with a message blaming an event.</summary>
    [Fact]
    public void Append_AfterTheStoredHashesWereChanged_IsRefused()
    {
        Tamper.Sql(_canvass.Store, "DROP TRIGGER IF EXISTS ledger_hashes_no_update; UPDATE ledger_hashes SET hash = zeroblob(32) WHERE level = 1 AND idx = 0");

        var run = _canvass.Run("record", "call", "--contest", "cc-gov", "--source", "AP", "--caller", "AP", "--winner", "can-a");

        CliAssert.Failed(run, 1, "refusing to sign");
        Assert.Equal("3", Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ev_events"));
    }

    private CliRun RecordCall(string source = "AP") =>
        _canvass.Run("record", "call", "--contest", "cc-gov", "--source", source, "--caller", source, "--winner", "can-a");

    /// <summary>The newest checkpoint rows deleted (one per command: 3 after the results import, 2 after the CVR
    /// import). Verify said "an event was added without being logged and signed", which no one did; from the store alone
    /// it cannot tell a deleted checkpoint from entries added without the key, so it must name both. The next append
    /// signed over the entries no checkpoint covered, which laundered them.</summary>
    [Theory]
    [InlineData(1, "entry 3 is covered by no signed checkpoint (the latest is at size 2): either the checkpoint signed over it was deleted, or it was added without the log key")]
    [InlineData(2, "entries 2..3 are covered by no signed checkpoint (the latest is at size 1): either the checkpoint signed over them was deleted, or they were added without the log key")]
    public void LatestCheckpointsDeleted_VerifySaysWhatNoCheckpointCovers_AndTheNextAppendIsRefused(int deleted, string uncovered)
    {
        Assert.Equal(0, Verify().ExitCode);
        Tamper.Sql(_canvass.Store, $"DELETE FROM ledger_checkpoints WHERE size > 3 - {deleted}");

        var verify = Verify();
        AssertFails(verify, $"FAILED at position {4 - deleted}: {uncovered}");
        Assert.DoesNotContain("without being logged and signed", verify.Stderr, StringComparison.Ordinal);

        var checkpoints = Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ledger_checkpoints");
        AssertFails(RecordCall(), "refusing to sign: " + uncovered);
        Assert.Equal("3", Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ev_events"));
        Assert.Equal(checkpoints, Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ledger_checkpoints"));
        AssertFails(Verify(), $"FAILED at position {4 - deleted}: {uncovered}");
    }

    /// <summary>Every checkpoint deleted: an initialized log always has one ('canvass init' signs it), yet the next
    /// append signed the whole history as if the log were new.</summary>
    [Fact]
    public void Append_AfterEveryCheckpointWasDeleted_IsRefused()
    {
        Tamper.Sql(_canvass.Store, "DELETE FROM ledger_checkpoints");

        AssertFails(RecordCall(), "refusing to sign: this store's log has no signed checkpoint");
        Assert.Equal("0", Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ledger_checkpoints"));
        Assert.Equal("3", Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ev_events"));
    }

    /// <summary>A row written into the events table without the key (and without its hashes): the next append hashed it
    /// with its own event and signed both.</summary>
    [Fact]
    public void Append_AfterARowWasInsertedWithoutTheKey_IsRefused()
    {
        Tamper.Sql(_canvass.Store, """
            INSERT INTO ev_events (position, stream_id, version, type, data, metadata, recorded_at)
            SELECT 4, stream_id, 4, type, data, metadata, recorded_at FROM ev_events WHERE position = 3;
            UPDATE ev_streams SET version = 4 WHERE stream_id = (SELECT stream_id FROM ev_events WHERE position = 4);
            """);

        AssertFails(RecordCall(), "refusing to sign: entry 4 is covered by no signed checkpoint (the latest is at size 3)");
        Assert.Equal("4", Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ev_events"));
        Assert.Equal("3", Tamper.Scalar(_canvass.Store, "SELECT max(size) FROM ledger_checkpoints"));
    }

    /// <summary>Whoever holds the key rewrites the history and signs its new head: a verifier who remembers nothing
    /// passed it, though the store still holds the checkpoints signed before, which the new entries contradict (from
    /// the first: the election's definition was logged at another time).</summary>
    [Fact]
    public void Verify_HistoryRewrittenAndResignedWithTheKey_FailsOnTheStoresOwnEarlierCheckpoint()
    {
        using var other = OtherHistory(sameKey: true, NorthBallots.Replace("B2,ru-north,ru-n1,b1,election-day,cs-gov-a", "B2,ru-north,ru-n1,b1,election-day,cs-gov-b", StringComparison.Ordinal), Totals);
        Assert.Equal(0, other.Run("verify", "--state", other.PathOf("fresh.json")).ExitCode);
        Tamper.Sql(_canvass.Store, "DROP TRIGGER IF EXISTS ledger_hashes_no_update; DROP TRIGGER IF EXISTS ledger_hashes_no_delete; "
            + $"ATTACH '{other.Store}' AS f; DELETE FROM ev_events; INSERT INTO ev_events SELECT * FROM f.ev_events; "
            + "DELETE FROM cvr_imports; INSERT INTO cvr_imports SELECT * FROM f.cvr_imports; DELETE FROM cvr_ballot_pages; INSERT INTO cvr_ballot_pages SELECT * FROM f.cvr_ballot_pages; "
            + "DELETE FROM cvr_id_pages; INSERT INTO cvr_id_pages SELECT * FROM f.cvr_id_pages; "
            + "DELETE FROM ledger_hashes; INSERT INTO ledger_hashes SELECT * FROM f.ledger_hashes; "
            + "DELETE FROM ledger_checkpoints WHERE size = 3; INSERT INTO ledger_checkpoints SELECT * FROM f.ledger_checkpoints WHERE size = 3; DETACH f;");

        AssertFails(_canvass.Run("verify", "--state", _canvass.PathOf("fresh.json")),
            "the log is not consistent with the source's own checkpoint signed at size 1: the history was rewritten after it was signed");
    }

    /// <summary>A receipt handed out from a fork signed with the same key passed, though this verifier had already
    /// verified the other history at the same size: its state was used for the key only.</summary>
    [Fact]
    public void VerifyReceipt_UnderACheckpointThatContradictsOneVerifiedBefore_Fails()
    {
        using var fork = OtherHistory(sameKey: true, NorthBallots, SouthNine);
        Assert.Equal(0, Verify().ExitCode);
        var forked = _canvass.Write("fork.receipt", fork.Run("log", "prove-ballot", "--ballot", "B2").Stdout);
        var genuine = _canvass.Write("b2.receipt", _canvass.Run("log", "prove-ballot", "--ballot", "B2").Stdout);

        AssertFails(_canvass.Run(false, "verify", "--receipt", forked, "--state", State),
            "contradicts the checkpoint this verifier verified at that size");
        var ok = _canvass.Run(false, "verify", "--receipt", genuine, "--state", State);
        Assert.True(ok.ExitCode == 0, ok.ToString());
    }

    /// <summary>An event whose JSON was broken made verify (and every command) stop with the serializer's own message
    /// and type name before the verifier ran; with CANVASS_DEBUG set, the process aborted (exit 134).</summary>
    [Fact]
    public async Task Verify_EventJsonBroken_FailsNamingThePosition_AndDebugKeepsExitCodeOne()
    {
        Tamper.Sql(_canvass.Store, "UPDATE ev_events SET data = '{not json' WHERE position = 3");

        AssertFails(Verify(), "FAILED: the stored event at position 3 (results-reported.v1) cannot be read");
        var tabulate = _canvass.Run("tabulate");
        CliAssert.Failed(tabulate, 1, "the stored event at position 3 (results-reported.v1) cannot be read");

        var debug = _canvass.StartInfo(true, "tabulate");
        debug.Environment["CANVASS_DEBUG"] = "1";
        using var process = System.Diagnostics.Process.Start(debug)!;
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("System.IO.InvalidDataException", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyBundle_Untouched_SucceedsAndReTabulates()
    {
        var bundle = _canvass.PathOf("bundle");
        Assert.Equal(0, _canvass.Run("export", "bundle", "--out", bundle).ExitCode);
        var run = _canvass.Run(false, "verify", "--bundle", bundle, "--state", State);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Re-tabulated", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyUrl_BundleServedOverHttp_VerifiesAndCatchesAChangedBallot()
    {
        var bundle = _canvass.PathOf("site");
        Assert.Equal(0, _canvass.Run("export", "bundle", "--out", bundle).ExitCode);
        using var server = new StaticFileServer(bundle);
        var run = _canvass.Run(false, "verify", "--url", server.BaseUri.ToString(), "--state", State);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 CVR commitment re-derived from 3 ballots", run.Stdout, StringComparison.Ordinal);

        var file = Directory.GetFiles(Path.Combine(bundle, "cvrs"), "*.jsonl").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("cc-gov=cs-gov-b", "cc-gov=cs-gov-a", StringComparison.Ordinal));
        var bad = _canvass.Run(false, "verify", "--url", server.BaseUri.ToString(), "--state", State);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("were committed", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyBundle_OneBallotChangedInTheCvrFile_Fails()
    {
        var bundle = _canvass.PathOf("bundle");
        Assert.Equal(0, _canvass.Run("export", "bundle", "--out", bundle).ExitCode);
        var file = Directory.GetFiles(Path.Combine(bundle, "cvrs"), "*.jsonl").Single();
        var text = File.ReadAllText(file);
        Assert.Contains("cc-gov=cs-gov-b", text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace("cc-gov=cs-gov-b", "cc-gov=cs-gov-a", StringComparison.Ordinal));

        var run = _canvass.Run(false, "verify", "--bundle", bundle, "--state", State);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("were committed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ProveBallot_ReceiptVerifiesWithThePublishedKey_AndAForgedOneDoesNot()
    {
        var prove = _canvass.Run("log", "prove-ballot", "--ballot", "B2");
        Assert.True(prove.ExitCode == 0, prove.ToString());
        var receipt = _canvass.Write("b2.receipt", prove.Stdout);
        var key = _canvass.Run("log", "key").Stdout.Trim();

        var ok = _canvass.Run(false, "verify", "--receipt", receipt, "--key", key, "--state", State);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("ballot B2 is record 1 of 3", ok.Stdout, StringComparison.Ordinal);
        var okJson = Json.Parse(_canvass.Run(false, "verify", "--receipt", receipt, "--key", key, "--state", State, "--json"));
        Assert.True(okJson.GetProperty("ok").GetBoolean());
        Assert.Equal(("B2", 1L, 3L), (okJson.GetProperty("ballotId").GetString(), okJson.GetProperty("index").GetInt64(), okJson.GetProperty("count").GetInt64()));

        // Claim B2 voted for someone else: the record no longer hashes into the commitment.
        var lines = prove.Stdout.Split('\n');
        var recordLine = Array.FindIndex(lines, l => l.StartsWith("record ", StringComparison.Ordinal));
        var record = Encoding.UTF8.GetString(Convert.FromBase64String(lines[recordLine]["record ".Length..]));
        lines[recordLine] = "record " + Convert.ToBase64String(Encoding.UTF8.GetBytes(record.Replace("cs-gov-a", "cs-gov-b", StringComparison.Ordinal)));
        var forged = _canvass.Write("forged.receipt", string.Join('\n', lines));
        var bad = _canvass.Run(false, "verify", "--receipt", forged, "--key", key, "--state", State);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("not in the commitment", bad.Stderr, StringComparison.Ordinal);
        var badJson = _canvass.Run(false, "verify", "--receipt", forged, "--key", key, "--state", State, "--json");
        Assert.Equal(1, badJson.ExitCode);
        var badReport = System.Text.Json.JsonDocument.Parse(badJson.Stdout).RootElement;
        Assert.False(badReport.GetProperty("ok").GetBoolean());
        Assert.Contains("not in the commitment", badReport.GetProperty("failure").GetString(), StringComparison.Ordinal);

        // Change the record among its leaf's records too (where the leaf holds each record's committed field form): the
        // leaf no longer hashes to the committed one.
        static string Committed(string recordLine) => Convert.ToBase64String(Storage.CvrRecordEncoding.Committed(
            Storage.CvrRecordEncoding.Decode(Convert.FromBase64String(recordLine["record ".Length..])), Storage.CvrRecordEncoding.Commitment));
        var leafLine = Array.FindIndex(lines, l => l.StartsWith("leaf ", StringComparison.Ordinal)) + 1;
        Assert.Equal(Committed(prove.Stdout.Split('\n')[recordLine]), lines[leafLine]["leaf ".Length..]);
        lines[leafLine] = "leaf " + Committed(lines[recordLine]);
        var forgedLeaf = _canvass.Write("forged-leaf.receipt", string.Join('\n', lines));
        var badLeaf = _canvass.Run(false, "verify", "--receipt", forgedLeaf, "--key", key, "--state", State);
        Assert.Equal(1, badLeaf.ExitCode);
        Assert.Contains("not in the commitment", badLeaf.Stderr, StringComparison.Ordinal);
        Assert.Contains("root", badLeaf.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A ballot page changed in place (the governor vote of B1 and B2 made cs-gov-b): prove-ballot printed a
    /// receipt, with exit 0, that 'verify --receipt' then rejected.</summary>
    [Fact]
    public void ProveBallot_BallotPageChanged_PrintsNoReceiptAndFails()
    {
        var key = _canvass.Run("log", "key").Stdout.Trim();
        var genuine = _canvass.Run("log", "prove-ballot", "--ballot", "B2");
        Assert.True(genuine.ExitCode == 0, genuine.ToString());
        var ok = _canvass.Run(false, "verify", "--receipt", _canvass.Write("b2.receipt", genuine.Stdout), "--key", key, "--state", State);
        Assert.True(ok.ExitCode == 0, ok.ToString());

        Assert.Equal(1, Tamper.ReplaceInBallotPages(_canvass.Store, "cs-gov-a", "cs-gov-b"));

        var run = _canvass.Run("log", "prove-ballot", "--ballot", "B2");
        CliAssert.Failed(run, 1, "ballot B2 as stored does not match the log: the record is not in the commitment");
        Assert.Contains("No receipt was printed", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
        var json = _canvass.Run("log", "prove-ballot", "--ballot", "B2", "--json");
        Assert.Equal(1, json.ExitCode);
        var report = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement;
        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Contains("ballot B2 as stored does not match the log", report.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("canvass.ballot-receipt", json.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A ballot page cut short no longer decodes: prove-ballot failed through the system-error handler
    /// ("… (InvalidDataException; set CANVASS_DEBUG=1 for details)"), not as the failed check it is.</summary>
    [Fact]
    public void ProveBallot_BallotPageThatNoLongerDecodes_PrintsNoReceiptAndFailsInWords()
    {
        Tamper.Sql(_canvass.Store, "UPDATE cvr_ballot_pages SET data = substr(data, 1, 10)");

        var run = _canvass.Run("log", "prove-ballot", "--ballot", "B2");

        CliAssert.Failed(run, 1, "ballot B2 cannot be proven from this store: ");
        Assert.Contains("No receipt was printed", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void LogEntriesAndCheckpoint_LetAnIndependentImplementationRecomputeRootAndSignature()
    {
        var entries = _canvass.Run("log", "entries").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Convert.FromBase64String).ToList();
        var checkpoint = _canvass.Run("log", "checkpoint").Stdout;
        var vkey = _canvass.Run("log", "key").Stdout.Trim();
        Assert.Equal(3, entries.Count);

        // RFC 9162 section 2.1.1, written out here independently of Canvass.Ledger.
        static byte[] Mth(List<byte[]> d)
        {
            if (d.Count == 1)
            {
                return SHA256.HashData([0x00, .. d[0]]);
            }

            var k = 1;
            while (k * 2 < d.Count)
            {
                k *= 2;
            }

            return SHA256.HashData([0x01, .. Mth(d[..k]), .. Mth(d[k..])]);
        }

        var lines = checkpoint.Split('\n');
        Assert.Equal("3", lines[1]);
        Assert.Equal(Convert.ToBase64String(Mth(entries)), lines[2]);

        // The signature line: "— name base64(keyid(4) || signature(64))" over the note text (everything before the blank line).
        var text = checkpoint[..(checkpoint.IndexOf("\n\n", StringComparison.Ordinal) + 1)];
        var sigLine = checkpoint[(text.Length + 1)..].Split('\n')[0];
        var sig = Convert.FromBase64String(sigLine.Split(' ')[2]);
        var keyBytes = Convert.FromBase64String(vkey.Split('+', 3)[2]);
        Assert.Equal(0x01, keyBytes[0]);
        var algorithm = NSec.Cryptography.SignatureAlgorithm.Ed25519;
        var publicKey = NSec.Cryptography.PublicKey.Import(algorithm, keyBytes[1..], NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        Assert.True(algorithm.Verify(publicKey, Encoding.UTF8.GetBytes(text), sig[4..]));
    }
}
