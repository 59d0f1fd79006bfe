using Canvass.Domain.Elections;
using Canvass.Domain.Events;

namespace Canvass.Storage.Tests;

/// <summary>The contract every <see cref="ICanvassStore"/> meets, written once and run against each implementation.</summary>
public abstract partial class CanvassStoreContractTests
{
    private const string Stream = Streams.Election;

    private protected FakeTimeProvider Clock { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, initialized store, with the log key <paramref name="logSigner"/> when given, and that key's
    /// memory of what it signed (<see cref="Logging.SignedHeadFile"/>) when given.</summary>
    private protected abstract Task<ICanvassStore> CreateStoreAsync(Canvass.Ledger.NoteSigner? logSigner = null, Logging.SignedHeadFile? signedHead = null);

    /// <summary>A second store object over the same database as <paramref name="store"/>, with another log key (or none),
    /// and that key's memory when given.</summary>
    private protected abstract Task<ICanvassStore> ReopenAsync(ICanvassStore store, Canvass.Ledger.NoteSigner? logSigner, Logging.SignedHeadFile? signedHead = null);

    /// <summary>Runs raw SQL on a second connection, outside the store. <c>{events}</c>, <c>{hashes}</c> and
    /// <c>{checkpoints}</c> stand for the events, ledger hashes and checkpoints tables.</summary>
    private protected abstract Task ExecuteRawAsync(ICanvassStore store, string sql);

    /// <summary>Runs a raw scalar query (same placeholders as <see cref="ExecuteRawAsync"/>) and returns its value as a long.</summary>
    private protected abstract Task<long> ScalarRawAsync(ICanvassStore store, string sql);

    /// <summary>SQL that drops the triggers keeping the events table append-only (to simulate tampering).</summary>
    private protected abstract string DropEventTriggersSql { get; }

    [Fact]
    public async Task AppendAsync_NewStream_ReadsBackInOrderWithVersions()
    {
        await using var store = await CreateStoreAsync();

        var version = await store.AppendAsync(Stream, 0, SampleEvents.All, cancellationToken: Ct);

        Assert.Equal(SampleEvents.All.Length, version);
        Assert.Equal(version, await store.GetStreamVersionAsync(Stream, Ct));
        var stored = await store.ReadStreamAsync(Stream, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, SampleEvents.All.Length).Select(i => (long)i), stored.Select(e => e.Version));
        Assert.Equal(Enumerable.Range(1, SampleEvents.All.Length).Select(i => (long)i), stored.Select(e => e.Position));
        Assert.Equal(["election-defined.v1", "cvrs-committed.v1", "results-reported.v1", "contest-rules-set.v1"], stored.Take(4).Select(e => e.Type));
        Assert.Equal(SampleEvents.All.Select(e => Canvass.Storage.Serialization.EventTypes.NameOf(e.GetType())), stored.Select(e => e.Type));
        Assert.All(stored, e => Assert.Equal(Stream, e.StreamId));
        Assert.All(stored, e => Assert.Equal(FakeTimeProvider.Start, e.RecordedAt));
        for (var i = 0; i < stored.Count; i++)
        {
            SampleEvents.AssertSame(SampleEvents.All[i], stored[i].Event);
        }
    }

    [Fact]
    public async Task AppendAsync_EventsWithoutArrays_ReadBackAsEqualRecords()
    {
        await using var store = await CreateStoreAsync();
        var reported = SampleEvents.ResultsReported with { Results = new([], []) };

        await store.AppendAsync(Stream, 0, [reported], cancellationToken: Ct);

        var stored = Assert.Single(await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct));
        var back = Assert.IsType<ResultsReported>(stored.Event);
        Assert.Equal((reported.ImportId, reported.FileName, reported.Sha256, reported.Format), (back.ImportId, back.FileName, back.Sha256, back.Format));
        SampleEvents.AssertSame(reported, back);
    }

    [Fact]
    public async Task GetStreamVersionAsync_UnknownStream_IsZero()
    {
        await using var store = await CreateStoreAsync();

        Assert.Equal(0, await store.GetStreamVersionAsync("nobody", Ct));
        Assert.Empty(await store.ReadStreamAsync("nobody", cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task InitializeAsync_Twice_IsIdempotent()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Stream, 0, [SampleEvents.CvrsCommitted], cancellationToken: Ct);

        await store.InitializeAsync(Ct);

        Assert.Equal(1, await store.GetStreamVersionAsync(Stream, Ct));
    }

    [Fact]
    public async Task AppendAsync_SeveralStreams_PositionsAreGlobalAndGapFree()
    {
        await using var store = await CreateStoreAsync();

        await store.AppendAsync("a", 0, [SampleEvents.CvrsCommitted], cancellationToken: Ct);
        await store.AppendAsync("b", 0, [SampleEvents.CvrsCommitted, SampleEvents.ResultsReported], cancellationToken: Ct);
        await store.AppendAsync("a", 1, [SampleEvents.ResultsReported], cancellationToken: Ct);

        var all = await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal([1L, 2L, 3L, 4L], all.Select(e => e.Position));
        Assert.Equal(["a", "b", "b", "a"], all.Select(e => e.StreamId));
        Assert.Equal([1L, 1L, 2L, 2L], all.Select(e => e.Version));
        Assert.Equal([3L, 4L], (await store.ReadAllAsync(3, Ct).ToListAsync(Ct)).Select(e => e.Position));
        Assert.Equal([(4L, 2L)], (await store.ReadStreamAsync("a", 2, Ct).ToListAsync(Ct)).Select(e => (e.Position, e.Version)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task AppendAsync_WrongExpectedVersion_ThrowsConflictAndStoresNothing(long expected)
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);

        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(
            () => store.AppendAsync(Stream, expected, [SampleEvents.CvrsCommitted], new ImportRecord("f00d", "cvr", "x.csv", 1), Ct));

        Assert.Equal((Stream, expected, 1L), (conflict.StreamId, conflict.Expected, conflict.Actual));
        Assert.Single(await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct));
        Assert.Null(await store.FindImportAsync("f00d", Ct));
    }

    [Fact]
    public async Task AppendAsync_TwoConcurrentAppendersAtSameVersion_ExactlyOneWins()
    {
        await using var store = await CreateStoreAsync();
        using var start = new ManualResetEventSlim();

        Task<long> Append() => Task.Run(() => { start.Wait(Ct); return store.AppendAsync(Stream, 0, [SampleEvents.CvrsCommitted], cancellationToken: Ct); }, Ct);
        var tasks = new[] { Append(), Append() };
        start.Set();
        var outcomes = await Task.WhenAll(tasks.Select(async t =>
        {
            try
            {
                return await t;
            }
            catch (StreamVersionConflictException e)
            {
                Assert.Equal((0L, 1L), (e.Expected, e.Actual));
                return -1;
            }
        }));

        Assert.Equal([-1L, 1L], outcomes.Order());
        Assert.Equal([1L], (await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct)).Select(e => e.Position));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppendersWithRetry_PositionsAreGapFree()
    {
        await using var store = await CreateStoreAsync();
        const int PerWriter = 10;

        async Task Writer(string stream)
        {
            for (var i = 0; i < PerWriter; i++)
            {
                while (true)
                {
                    var version = await store.GetStreamVersionAsync(Stream, Ct);
                    try
                    {
                        await store.AppendAsync(Stream, version, [SampleEvents.CvrsCommitted], cancellationToken: Ct);
                        await store.AppendAsync(stream, i, [SampleEvents.ResultsReported], cancellationToken: Ct);
                        break;
                    }
                    catch (StreamVersionConflictException)
                    {
                        // The other writer appended first: read the new version and try again.
                    }
                }
            }
        }

        await Task.WhenAll(Task.Run(() => Writer("w1"), Ct), Task.Run(() => Writer("w2"), Ct));

        var all = await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, 4 * PerWriter).Select(i => (long)i), all.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(1, 2 * PerWriter).Select(i => (long)i), all.Where(e => e.StreamId == Stream).Select(e => e.Version));
        Assert.Equal(2 * PerWriter, await store.GetStreamVersionAsync(Stream, Ct));
        Assert.Equal(PerWriter, await store.GetStreamVersionAsync("w1", Ct));
        Assert.Equal(PerWriter, await store.GetStreamVersionAsync("w2", Ct));
    }

    [Fact]
    public async Task EventsTable_Update_IsRejectedByTheDatabase()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Stream, 0, [SampleEvents.CvrsCommitted], cancellationToken: Ct);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync(store, "UPDATE {events} SET type = 'tampered.v1'"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal("cvrs-committed.v1", Assert.Single(await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct)).Type);
    }

    [Fact]
    public async Task EventsTable_Delete_IsRejectedByTheDatabase()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Stream, 0, [SampleEvents.CvrsCommitted], cancellationToken: Ct);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync(store, "DELETE FROM {events}"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Single(await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task FindImportAsync_AfterAppendWithImport_FindsRecordBySha()
    {
        await using var store = await CreateStoreAsync();
        var record = new ImportRecord(new string('c', 64), "results", "results.json", 2);

        await store.AppendAsync(Stream, 0, [SampleEvents.ResultsReported], record, Ct);

        Assert.Equal(record, await store.FindImportAsync(record.Sha256, Ct));
        Assert.Null(await store.FindImportAsync(new string('d', 64), Ct));
    }

    [Fact]
    public async Task BallotImport_Commit_MakesBallotsEventsAndRecordVisibleInOrder()
    {
        await using var store = await CreateStoreAsync();
        var ballots = Ballots("b-3", "b-1", "b-2");

        long version;
        await using (var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            for (var i = 0; i < ballots.Length; i++)
            {
                import.Add(ballots[i], i + 2);
            }

            Assert.Empty(await import.FindDuplicatesAsync(10, Ct));
            version = await import.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("cvrs.csv", 3), Ct);
        }

        Assert.Equal(1, version);
        Assert.Equal(3, await store.CountBallotsAsync(Ct));
        Assert.Equal(ballots, await store.ReadBallotsAsync(Ct).ToListAsync(Ct));
        Assert.Equal(CvrRecord("cvrs.csv", 3), await store.FindImportAsync(CvrRecord("cvrs.csv", 3).Sha256, Ct));
        SampleEvents.AssertSame(SampleEvents.CvrsCommitted, Assert.Single(await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct)).Event);
    }

    [Fact]
    public async Task BallotImport_RepeatWithinFile_ReportsFirstLine()
    {
        await using var store = await CreateStoreAsync();
        await using var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct);

        import.Add(Ballot("b-1"), 2);
        import.Add(Ballot("b-2"), 3);
        import.Add(Ballot("b-1"), 4);
        import.Add(Ballot("b-2"), 5);
        import.Add(Ballot("b-1"), 6);

        Assert.Equal(
            [new DuplicateBallot("b-1", 4, 2, null), new DuplicateBallot("b-2", 5, 3, null), new DuplicateBallot("b-1", 6, 2, null)],
            await import.FindDuplicatesAsync(10, Ct));
        Assert.Equal([new DuplicateBallot("b-1", 4, 2, null)], await import.FindDuplicatesAsync(1, Ct));
    }

    [Fact]
    public async Task BallotImport_BallotStoredByEarlierImport_ReportsThatFile()
    {
        await using var store = await CreateStoreAsync();
        await using (var first = await store.BeginBallotImportAsync("cvr-1", "first.csv", Ct))
        {
            first.Add(Ballot("b-1"), 2);
            first.Add(Ballot("b-2"), 3);
            await first.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("first.csv", 2), Ct);
        }

        await using var second = await store.BeginBallotImportAsync("cvr-2", "second.csv", Ct);
        second.Add(Ballot("b-3"), 2);
        second.Add(Ballot("b-2"), 3);
        second.Add(Ballot("b-3"), 4);

        Assert.Equal(
            [new DuplicateBallot("b-2", 3, null, "first.csv"), new DuplicateBallot("b-3", 4, 2, null)],
            await second.FindDuplicatesAsync(10, Ct));
    }

    [Fact]
    public async Task BallotImport_CommitWithoutCheckingDuplicates_IsRefusedAndStoresNothing()
    {
        await using var store = await CreateStoreAsync();
        await using (var first = await store.BeginBallotImportAsync("cvr-1", "first.csv", Ct))
        {
            first.Add(Ballot("b-1"), 2);
            await first.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("first.csv", 1), Ct);
        }

        await using (var within = await store.BeginBallotImportAsync("cvr-2", "within.csv", Ct))
        {
            within.Add(Ballot("b-2"), 2);
            within.Add(Ballot("b-2"), 3);
            await Assert.ThrowsAsync<ConcurrentWriteException>(() => within.CommitAsync(Stream, 1, [SampleEvents.CvrsCommitted], CvrRecord("within.csv", 2), Ct));
        }

        await using (var across = await store.BeginBallotImportAsync("cvr-3", "across.csv", Ct))
        {
            across.Add(Ballot("b-3"), 2);
            across.Add(Ballot("b-1"), 3);
            await Assert.ThrowsAsync<ConcurrentWriteException>(() => across.CommitAsync(Stream, 1, [SampleEvents.CvrsCommitted], CvrRecord("across.csv", 2), Ct));
        }

        Assert.Equal(1, await store.CountBallotsAsync(Ct));
        Assert.Equal(1, await store.GetStreamVersionAsync(Stream, Ct));
        Assert.Null(await store.FindBallotAsync("b-2", Ct));
    }

    [Fact]
    public async Task BallotImport_DisposedWithoutCommit_StoresNothing()
    {
        await using var store = await CreateStoreAsync();

        await using (var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            import.Add(Ballot("b-1"), 2);
            import.Add(Ballot("b-1"), 3);
            Assert.Single(await import.FindDuplicatesAsync(10, Ct));
            import.Add(Ballot("b-2"), 4);
        }

        Assert.Equal(0, await store.CountBallotsAsync(Ct));
        Assert.Empty(await store.ReadBallotsAsync(Ct).ToListAsync(Ct));
        Assert.Empty(await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct));
        Assert.Null(await store.FindImportAsync(CvrRecord("cvrs.csv", 2).Sha256, Ct));
        Assert.Equal(0, await store.GetStreamVersionAsync(Stream, Ct));

        // The store is still usable, and the same ballots import cleanly afterwards.
        await using var again = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct);
        again.Add(Ballot("b-1"), 2);
        Assert.Empty(await again.FindDuplicatesAsync(10, Ct));
        await again.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("cvrs.csv", 1), Ct);
        Assert.Equal(1, await store.CountBallotsAsync(Ct));
    }

    [Fact]
    public async Task BallotImport_CommitAtWrongVersion_ThrowsConflictAndStoresNothing()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);

        await using (var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            import.Add(Ballot("b-1"), 2);
            await Assert.ThrowsAsync<StreamVersionConflictException>(
                () => import.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("cvrs.csv", 1), Ct));
        }

        Assert.Equal(0, await store.CountBallotsAsync(Ct));
        Assert.Equal(1, await store.GetStreamVersionAsync(Stream, Ct));
        Assert.Null(await store.FindImportAsync(CvrRecord("cvrs.csv", 1).Sha256, Ct));
    }

    [Fact]
    public async Task BallotImport_ManyBallots_AllStoredInLineOrder()
    {
        await using var store = await CreateStoreAsync();
        const int Count = 20_000;

        await using (var import = await store.BeginBallotImportAsync("cvr-1", "big.csv", Ct))
        {
            for (var i = 0; i < Count; i++)
            {
                import.Add(Ballot($"b-{Count - i:D6}"), i + 2);
            }

            Assert.Empty(await import.FindDuplicatesAsync(10, Ct));
            await import.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("big.csv", Count), Ct);
        }

        Assert.Equal(Count, await store.CountBallotsAsync(Ct));
        var ids = await store.ReadBallotsAsync(Ct).Select(b => b.BallotId).ToListAsync(Ct);
        Assert.Equal($"b-{Count:D6}", ids[0]);
        Assert.Equal("b-000001", ids[^1]);
    }

    [Fact]
    public async Task BallotImport_IdLearnedAfterTheBallots_StoresThemUnderIt()
    {
        await using var store = await CreateStoreAsync();
        const int Count = 20_000; // several SQLite pages, held until the id is known
        var importId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ballots = Enumerable.Range(0, Count).Select(i => Ballot($"late-{i:D5}")).ToArray();

        await using (var import = await store.BeginBallotImportAsync(importId.Task, "late.csv", Ct))
        {
            for (var i = 0; i < Count; i++)
            {
                import.Add(ballots[i], i + 2);
                if (i == Count / 2)
                {
                    importId.SetResult("cvr-late");
                }
            }

            Assert.Empty(await import.FindDuplicatesAsync(10, Ct));
            await import.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("late.csv", Count), Ct);
        }

        Assert.Equal(ballots, await store.ReadImportBallotsAsync("cvr-late", Ct).ToListAsync(Ct));
        Assert.Equal(new BallotLocation("cvr-late", 17, Count, ballots[17]), await store.FindBallotAsync("late-00017", Ct));
    }

    [Fact]
    public async Task BallotImport_IdThatFails_FailsTheImportAndStoresNothing()
    {
        await using var store = await CreateStoreAsync();
        var importId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (var import = await store.BeginBallotImportAsync(importId.Task, "cvrs.csv", Ct))
        {
            for (var i = 0; i < 5_000; i++)
            {
                import.Add(Ballot($"b-{i}"), i + 2);
            }

            importId.SetException(new IOException("The file's digest could not be read."));
            var thrown = await Assert.ThrowsAsync<IOException>(async () =>
            {
                await import.FindDuplicatesAsync(10, Ct);
                await import.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("cvrs.csv", 5_000), Ct);
            });
            Assert.Equal("The file's digest could not be read.", thrown.Message);
        }

        Assert.Equal(0, await store.CountBallotsAsync(Ct));
        Assert.Equal(0, await store.GetStreamVersionAsync(Stream, Ct));
        Assert.Null(await store.FindImportAsync(CvrRecord("cvrs.csv", 5_000).Sha256, Ct));
    }

    private static ImportRecord CvrRecord(string fileName, long records) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileName))), "cvr", fileName, records);

    private static StoredBallot Ballot(string id) => new(id, "cty-fulton", "pct-1", null, CountItemType.AbsenteeMail, null, "k-gov:s-1");

    private static StoredBallot[] Ballots(params string[] ids) =>
        ids.Select((id, i) => new StoredBallot(id, "cty-fulton", i % 2 == 0 ? "pct-1" : null, i % 2 == 0 ? null : "batch-7", CountItemTypes.All[i], i == 0 ? "bs-1" : null, $"k-gov:s-{i}")).ToArray();
}
