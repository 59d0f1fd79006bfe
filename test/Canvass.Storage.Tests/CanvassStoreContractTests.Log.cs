using System.Text;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Ledger;
using Canvass.Storage.Serialization;

namespace Canvass.Storage.Tests;

/// <summary>The transparency-log and ballot-lookup part of the store contract.</summary>
public abstract partial class CanvassStoreContractTests
{
    private const string Origin = "canvass.example.org/test-2026-general";

    private static NoteSigner LogKey { get; } = NoteSigner.FromSeed(Origin, NoteKeyType.Ed25519, Enumerable.Repeat((byte)7, 32).ToArray());

    private static LogIdentity Identity { get; } = new(Origin, LogKey.Verifier.ToString());

    [Fact]
    public async Task Log_EveryAppendAddsLeaves_RootIsTheTreeOfTheRowsReadBack()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);
        await store.AppendAsync("other", 0, [SampleEvents.ResultsReported, SampleEvents.CvrsCommitted], cancellationToken: Ct);
        Clock.Now = FakeTimeProvider.Start.AddTicks(1_234_567); // sub-microsecond ticks must survive the round trip
        await using (var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            import.Add(Ballot("b-1"), 2);
            await import.CommitAsync(Stream, 1, [SampleEvents.CvrsCommitted, SampleEvents.ResultsReported], CvrRecord("cvrs.csv", 1), Ct);
        }

        var events = await store.ReadAllAsync(cancellationToken: Ct).ToListAsync(Ct);
        var entries = await store.ReadLogAsync(0, 100, Ct).ToListAsync(Ct);

        Assert.Equal(5, await store.GetLogSizeAsync(Ct));
        Assert.Equal(5, await ScalarRawAsync(store, "SELECT count(*) FROM {hashes} WHERE level = 0"));
        Assert.Equal(FakeTimeProvider.Start.AddTicks(1_234_567), events[^1].RecordedAt);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], entries.Select(e => e.Index));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], entries.Select(e => e.Position));
        var tree = new MerkleTree();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var expected = LeafEncoding.Encode(e.Position, e.StreamId, e.Version, e.Type, e.RecordedAt, Encoding.UTF8.GetBytes(EventSerializer.Serialize(e.Event).Data));
            Assert.Null(entries[i].Error);
            Assert.Equal(expected, entries[i].Leaf);
            tree.AppendEntry(expected);
            Assert.Equal(tree.Root(), await store.GetRootAsync(i + 1, Ct));
        }

        Assert.Equal(TreeHash.EmptyRoot, await store.GetRootAsync(0, Ct));
        Assert.Equal([entries[1].Leaf, entries[2].Leaf], (await store.ReadLogAsync(1, 3, Ct).ToListAsync(Ct)).Select(e => e.Leaf));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.GetRootAsync(6, Ct));
    }

    [Fact]
    public async Task Log_RolledBackImport_LeavesLogAndHashesUnchanged()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);
        var hashes = await ScalarRawAsync(store, "SELECT count(*) FROM {hashes}");
        var root = await store.GetRootAsync(1, Ct);

        await using (var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            import.Add(Ballot("b-1"), 2);
            await Assert.ThrowsAsync<StreamVersionConflictException>(
                () => import.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("cvrs.csv", 1), Ct));
        }

        await using (var import = await store.BeginBallotImportAsync("cvr-2", "cvrs2.csv", Ct))
        {
            import.Add(Ballot("b-2"), 2);
        }

        Assert.Equal(1, await store.GetLogSizeAsync(Ct));
        Assert.Equal(hashes, await ScalarRawAsync(store, "SELECT count(*) FROM {hashes}"));
        Assert.Equal(root, await store.GetRootAsync(1, Ct));
        await store.AppendAsync(Stream, 1, [SampleEvents.CvrsCommitted], cancellationToken: Ct);
        Assert.Equal(2, await store.GetLogSizeAsync(Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.GetRootAsync(3, Ct));
    }

    [Fact]
    public async Task Log_EventDataThatCannotBeLogged_IsRefused()
    {
        await using var store = await CreateStoreAsync();
        var huge = SampleEvents.ResultsReported with
        {
            Results = new([new ReportedCount(new ContestId("k-gov"), new SelectionId("s-1"), new GpUnitId("cty-fulton"), CountItemType.Total, long.MaxValue)], []),
        };

        await Assert.ThrowsAsync<FormatException>(() => store.AppendAsync(Stream, 0, [huge], cancellationToken: Ct));

        Assert.Equal(0, await store.GetLogSizeAsync(Ct));
        Assert.Equal(0, await store.GetStreamVersionAsync(Stream, Ct));
    }

    [Fact]
    public async Task Checkpoints_AfterInitializeAndAppends_OpenWithTheLogKeyAndMatchTheLog()
    {
        await using var store = await CreateStoreAsync(LogKey);
        await store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);
        Assert.Null(await store.GetCheckpointAsync(Ct));

        await store.InitializeLogAsync(Identity, Ct);
        await AssertCheckpointAsync(store, 1);

        await store.AppendAsync(Stream, 1, [SampleEvents.CvrsCommitted, SampleEvents.ResultsReported], cancellationToken: Ct);
        await AssertCheckpointAsync(store, 3);

        await using (var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            import.Add(Ballot("b-1"), 2);
            await import.CommitAsync(Stream, 3, [SampleEvents.CvrsCommitted], CvrRecord("cvrs.csv", 1), Ct);
        }

        await AssertCheckpointAsync(store, 4);
        Assert.Equal(Identity, await store.GetLogIdentityAsync(Ct));
        Assert.Equal(3, await ScalarRawAsync(store, "SELECT count(*) FROM {checkpoints}"));
        foreach (var size in new[] { 1L, 3L })
        {
            var old = SignedCheckpoint.Open(Encoding.UTF8.GetBytes((await store.GetCheckpointAsync(size, Ct))!), Origin, LogKey.Verifier);
            Assert.True(old.IsSuccess, old.ToString());
            Assert.Equal((ulong)size, old.Value.Checkpoint.TreeSize);
            Assert.Equal(await store.GetRootAsync(size, Ct), old.Value.Checkpoint.RootHash.ToArray());
        }

        Assert.Null(await store.GetCheckpointAsync(2, Ct));
    }

    [Fact]
    public async Task Checkpoints_InitializeOnEmptyStore_SignsTheEmptyTree()
    {
        await using var store = await CreateStoreAsync(LogKey);

        await store.InitializeLogAsync(Identity, Ct);

        await AssertCheckpointAsync(store, 0);
    }

    [Fact]
    public async Task Append_InitializedLogWithoutItsKey_ThrowsAndStoresNothing()
    {
        await using var signed = await CreateStoreAsync(LogKey);
        await signed.InitializeLogAsync(Identity, Ct);
        await signed.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);
        var checkpoint = await signed.GetCheckpointAsync(Ct);
        var other = NoteSigner.FromSeed("someone-else", NoteKeyType.Ed25519, Enumerable.Repeat((byte)9, 32).ToArray());

        foreach (var key in new[] { null, other })
        {
            await using var store = await ReopenAsync(signed, key);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                () => store.AppendAsync(Stream, 1, [SampleEvents.CvrsCommitted], new ImportRecord("f00d", "cvr", "x.csv", 1), Ct));
            Assert.Contains($"signed by {Origin}; open it with that log key to append", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct));

            Assert.Equal(1, await store.GetLogSizeAsync(Ct));
            Assert.Equal(1, await store.GetStreamVersionAsync(Stream, Ct));
            Assert.Null(await store.FindImportAsync("f00d", Ct));
            Assert.Equal(1, await ScalarRawAsync(store, "SELECT count(*) FROM {hashes}"));
            Assert.Equal(checkpoint, await store.GetCheckpointAsync(Ct));
        }

        await signed.AppendAsync(Stream, 1, [SampleEvents.CvrsCommitted], cancellationToken: Ct);
        await AssertCheckpointAsync(signed, 2);
    }

    /// <summary>Entries that no checkpoint covers, because the checkpoint signed over them was deleted (or every one was),
    /// or because they were written without the key: the next append signed over them, which vouched for them.</summary>
    [Theory]
    [InlineData("DELETE FROM {checkpoints} WHERE size = 3", "refusing to sign: entries 2..3 are covered by no signed checkpoint (the latest is at size 1)")]
    [InlineData("DELETE FROM {checkpoints}", "refusing to sign: this store's log has no signed checkpoint, so its 3 entries are covered by none")]
    [InlineData("INSERT INTO {events} (position, stream_id, version, type, data, metadata, recorded_at) SELECT 4, 'other', 1, type, data, metadata, recorded_at FROM {events} WHERE position = 3",
        "refusing to sign: entry 4 is covered by no signed checkpoint (the latest is at size 3)")]
    public async Task Append_EntriesNoCheckpointCovers_IsRefusedAndSignsNothing(string tamper, string expected)
    {
        await using var store = await CreateStoreAsync(LogKey);
        await store.InitializeLogAsync(Identity, Ct);
        await store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);
        await store.AppendAsync(Stream, 1, [SampleEvents.CvrsCommitted, SampleEvents.ResultsReported], cancellationToken: Ct);
        await ExecuteRawAsync(store, tamper);
        var checkpoints = await ScalarRawAsync(store, "SELECT count(*) FROM {checkpoints}");
        var size = await store.GetLogSizeAsync(Ct);

        var error = await Assert.ThrowsAsync<Logging.LogIntegrityException>(
            () => store.AppendAsync(Stream, 3, [SampleEvents.CvrsCommitted], cancellationToken: Ct));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(size, await store.GetLogSizeAsync(Ct));
        Assert.Equal(3, await store.GetStreamVersionAsync(Stream, Ct));
        Assert.Equal(checkpoints, await ScalarRawAsync(store, "SELECT count(*) FROM {checkpoints}"));
    }

    [Fact]
    public async Task Append_BeforeInitializeLog_WorksWithoutAKeyAndSignsNothing()
    {
        await using var store = await CreateStoreAsync();

        await store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);

        Assert.Null(await store.GetLogIdentityAsync(Ct));
        Assert.Null(await store.GetCheckpointAsync(Ct));
        Assert.Equal(1, await store.GetLogSizeAsync(Ct));
    }

    [Fact]
    public async Task InitializeLogAsync_SameIdentity_IsIdempotent_DifferentIdentity_IsRefused()
    {
        await using var store = await CreateStoreAsync();
        Assert.Null(await store.GetLogIdentityAsync(Ct));

        await store.InitializeLogAsync(Identity, Ct);
        await store.InitializeLogAsync(Identity, Ct);

        Assert.Equal(Identity, await store.GetLogIdentityAsync(Ct));
        await Assert.ThrowsAsync<LogIdentityConflictException>(() => store.InitializeLogAsync(Identity with { Origin = "elsewhere.example/log" }, Ct));
        var other = NoteSigner.FromSeed(Origin, NoteKeyType.Ed25519, Enumerable.Repeat((byte)8, 32).ToArray());
        await Assert.ThrowsAsync<LogIdentityConflictException>(() => store.InitializeLogAsync(Identity with { VerifierKey = other.Verifier.ToString() }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.InitializeLogAsync(Identity with { VerifierKey = "not a key" }, Ct));
        Assert.Equal(Identity, await store.GetLogIdentityAsync(Ct));
    }

    [Fact]
    public async Task Proofs_FromTheStore_VerifyForEverySize()
    {
        await using var store = await CreateStoreAsync();
        const int Size = 13;
        for (var i = 0; i < Size; i++)
        {
            await store.AppendAsync(Stream, i, [SampleEvents.All[i % SampleEvents.All.Length]], cancellationToken: Ct);
        }

        var leaves = (await store.ReadLogAsync(0, Size, Ct).ToListAsync(Ct)).Select(e => TreeHash.HashLeaf(e.Leaf)).ToList();
        var roots = new List<byte[]>();
        for (var size = 0; size <= Size; size++)
        {
            roots.Add(await store.GetRootAsync(size, Ct));
        }

        for (var size = 1; size <= Size; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = await store.ProveInclusionAsync(index, size, Ct);
                var result = MerkleProofs.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, proof, roots[size]);
                Assert.True(result.IsSuccess, $"inclusion {index} in {size}: {result}");
            }

            for (var older = 1; older <= size; older++)
            {
                var proof = await store.ProveConsistencyAsync(older, size, Ct);
                var result = MerkleProofs.VerifyConsistency((ulong)older, (ulong)size, proof, roots[older], roots[size]);
                Assert.True(result.IsSuccess, $"consistency {older} to {size}: {result}");
            }
        }

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ProveInclusionAsync(0, Size + 1, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ProveConsistencyAsync(1, Size + 1, Ct));
    }

    [Fact]
    public async Task ReadLogAsync_RowTamperedInTheDatabase_ShowsAsChangedLeafOrError()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Stream, 0, SampleEvents.All, cancellationToken: Ct);
        var before = await store.ReadLogAsync(0, 3, Ct).ToListAsync(Ct);
        var root = await store.GetRootAsync(3, Ct);
        await ExecuteRawAsync(store, DropEventTriggersSql);

        await ExecuteRawAsync(store, """UPDATE {events} SET data = '{"importId":"tampered"}' WHERE position = 2""");
        await ExecuteRawAsync(store, """UPDATE {events} SET data = '{"votes":9007199254740993}' WHERE position = 3""");

        var after = await store.ReadLogAsync(0, 3, Ct).ToListAsync(Ct);
        Assert.Equal(before[0].Leaf, after[0].Leaf);
        Assert.NotNull(after[1].Leaf);
        Assert.NotEqual(before[1].Leaf, after[1].Leaf);
        Assert.Null(after[1].Error);
        Assert.Null(after[2].Leaf);
        Assert.NotNull(after[2].Error);
        Assert.Equal(root, await store.GetRootAsync(3, Ct)); // the persisted tree still commits to the original rows
    }

    [Fact]
    public async Task FindBallotAsync_AndReadImportBallotsAsync_UseFileOrderWithinEachImport()
    {
        await using var store = await CreateStoreAsync();
        var first = Ballots("a-3", "a-1", "a-2");
        var second = Ballots("b-9", "b-1", "b-5", "b-2");
        await using (var import = await store.BeginBallotImportAsync("cvr-1", "first.csv", Ct))
        {
            for (var i = 0; i < first.Length; i++)
            {
                import.Add(first[i], i + 2);
            }

            await import.CommitAsync(Stream, 0, [SampleEvents.CvrsCommitted], CvrRecord("first.csv", 3), Ct);
        }

        await using (var import = await store.BeginBallotImportAsync("cvr-2", "second.csv", Ct))
        {
            for (var i = 0; i < second.Length; i++)
            {
                import.Add(second[i], i + 2);
            }

            await import.CommitAsync(Stream, 1, [SampleEvents.CvrsCommitted], CvrRecord("second.csv", 4), Ct);
        }

        Assert.Equal(first, await store.ReadImportBallotsAsync("cvr-1", Ct).ToListAsync(Ct));
        Assert.Equal(second, await store.ReadImportBallotsAsync("cvr-2", Ct).ToListAsync(Ct));
        Assert.Empty(await store.ReadImportBallotsAsync("cvr-3", Ct).ToListAsync(Ct));
        Assert.Equal(new BallotLocation("cvr-1", 1, 3, first[1]), await store.FindBallotAsync("a-1", Ct));
        Assert.Equal(new BallotLocation("cvr-2", 0, 4, second[0]), await store.FindBallotAsync("b-9", Ct));
        Assert.Equal(new BallotLocation("cvr-2", 3, 4, second[3]), await store.FindBallotAsync("b-2", Ct));
        Assert.Null(await store.FindBallotAsync("zz", Ct));
    }

    private static async Task AssertCheckpointAsync(ICanvassStore store, long size)
    {
        var note = await store.GetCheckpointAsync(Ct);
        Assert.NotNull(note);
        var opened = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(note), Origin, LogKey.Verifier);
        Assert.True(opened.IsSuccess, opened.ToString());
        Assert.Equal((ulong)size, opened.Value.Checkpoint.TreeSize);
        Assert.Equal(size, await store.GetLogSizeAsync(Ct));
        Assert.Equal(await store.GetRootAsync(size, Ct), opened.Value.Checkpoint.RootHash.ToArray());
        Assert.Equal(note, await store.GetCheckpointAsync(size, Ct));
        Assert.Null(await store.GetCheckpointAsync(size + 1, Ct));
    }
}
