using System.Text;
using Canvass.Ledger;
using Canvass.Storage.Logging;

namespace Canvass.Storage.Tests;

/// <summary>The log key's memory of the last checkpoint it signed (<see cref="SignedHeadFile"/>): a store put back whole to
/// an earlier copy, or another store under the same log, agrees with its own checkpoints, so only the key's memory shows
/// that signing it would publish a second history.</summary>
public abstract partial class CanvassStoreContractTests
{
    [Fact]
    public async Task SignedHead_RecordsEachCheckpointAfterItsCommit_AndAFailedAppendLeavesItAsItWas()
    {
        var memory = NewSignedHead();
        await using var store = await CreateStoreAsync(LogKey, memory);
        Assert.Null(memory.Read());

        await store.InitializeLogAsync(Identity, Ct);
        Assert.Equal(await store.GetCheckpointAsync(Ct), memory.Read());
        await store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);
        Assert.Equal(await store.GetCheckpointAsync(Ct), memory.Read());
        await using (var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            import.Add(Ballot("b-1"), 2);
            await import.CommitAsync(Stream, 1, [SampleEvents.CvrsCommitted], CvrRecord("cvrs.csv", 1), Ct);
        }

        var afterImport = await store.GetCheckpointAsync(Ct);
        Assert.Equal(afterImport, memory.Read());
        Assert.Equal(2UL, Open(afterImport!).TreeSize);

        await Assert.ThrowsAsync<StreamVersionConflictException>(() => store.AppendAsync(Stream, 0, [SampleEvents.ResultsReported], cancellationToken: Ct));
        await using (var import = await store.BeginBallotImportAsync("cvr-2", "cvrs2.csv", Ct))
        {
            import.Add(Ballot("b-2"), 2);
            await Assert.ThrowsAsync<StreamVersionConflictException>(
                () => import.CommitAsync(Stream, 1, [SampleEvents.CvrsCommitted], CvrRecord("cvrs2.csv", 1), Ct));
        }

        Assert.Equal(afterImport, memory.Read());
        Assert.Equal(afterImport, await store.GetCheckpointAsync(Ct));
    }

    [Fact]
    public async Task SignedHead_StoreBehindWhatTheKeySigned_IsRefusedAndStoresNothing_UntilTheOperatorRemovesTheMemory()
    {
        var memory = NewSignedHead();
        await using var live = await CreateStoreAsync(LogKey, memory);
        await live.InitializeLogAsync(Identity, Ct);
        await live.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);

        // The earlier copy: the same log one append behind, made by the same key before it kept a memory.
        await using var copy = await CreateStoreAsync(LogKey);
        await copy.InitializeLogAsync(Identity, Ct);
        await copy.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);
        await live.AppendAsync(Stream, 1, [SampleEvents.ResultsReported], cancellationToken: Ct);
        var signed = memory.Read();
        Assert.Equal(2UL, Open(signed!).TreeSize);

        await using var restored = await ReopenAsync(copy, LogKey, memory);
        var checkpoint = await restored.GetCheckpointAsync(Ct);
        var error = await Assert.ThrowsAsync<LogIntegrityException>(
            () => restored.AppendAsync(Stream, 1, [SampleEvents.CvrsCommitted], cancellationToken: Ct));
        Assert.Contains(
            $"refusing to sign: this log key last signed the log '{Origin}' at size 2 (recorded in {memory.Path}), and this store's log has only 1 entries",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains($"remove {memory.Path} first", error.Message, StringComparison.Ordinal);

        await using (var import = await restored.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            import.Add(Ballot("b-1"), 2);
            await Assert.ThrowsAsync<LogIntegrityException>(
                () => import.CommitAsync(Stream, 1, [SampleEvents.CvrsCommitted], CvrRecord("cvrs.csv", 1), Ct));
        }

        Assert.Equal(1, await restored.GetLogSizeAsync(Ct));
        Assert.Equal(1, await restored.GetStreamVersionAsync(Stream, Ct));
        Assert.Null(await restored.FindBallotAsync("b-1", Ct));
        Assert.Equal(checkpoint, await restored.GetCheckpointAsync(Ct));
        Assert.Equal(signed, memory.Read());

        // The operator's deliberate step: the lost entries are given up, and the key continues from this copy.
        File.Delete(memory.Path);
        await restored.AppendAsync(Stream, 1, [SampleEvents.CvrsCommitted], cancellationToken: Ct);
        Assert.Equal(await restored.GetCheckpointAsync(Ct), memory.Read());
        await Assert.ThrowsAsync<LogIntegrityException>(
            () => live.AppendAsync(Stream, 2, [SampleEvents.CvrsCommitted], cancellationToken: Ct));
    }

    [Fact]
    public async Task SignedHead_AnotherHistoryOfTheSameSize_IsRefused_AStaleMemoryIsExtended()
    {
        var memory = NewSignedHead();
        await using var live = await CreateStoreAsync(LogKey, memory);
        await live.InitializeLogAsync(Identity, Ct);
        await live.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct);
        var stale = memory.Read();
        await live.AppendAsync(Stream, 1, [SampleEvents.ResultsReported], cancellationToken: Ct);

        await using var fork = await CreateStoreAsync(LogKey);
        await fork.InitializeLogAsync(Identity, Ct);
        await fork.AppendAsync(Stream, 0, [SampleEvents.CvrsCommitted, SampleEvents.ResultsReported], cancellationToken: Ct);
        await using var forked = await ReopenAsync(fork, LogKey, memory);
        var error = await Assert.ThrowsAsync<LogIntegrityException>(
            () => forked.AppendAsync(Stream, 2, [SampleEvents.CvrsCommitted], cancellationToken: Ct));
        Assert.Contains("refusing to sign: this store's log at size 2 is not what this log key signed at that size", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await forked.GetLogSizeAsync(Ct));

        // A memory one checkpoint behind (a crash between a commit and the write) is a weaker check, never a false one.
        await File.WriteAllTextAsync(memory.Path, stale, Ct);
        await live.AppendAsync(Stream, 2, [SampleEvents.CvrsCommitted], cancellationToken: Ct);
        Assert.Equal(await live.GetCheckpointAsync(Ct), memory.Read());
    }

    [Theory]
    [InlineData("not a checkpoint\n")]
    [InlineData("other.example/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— other.example/log AAAAAAAA\n")]
    public async Task SignedHead_MemoryThatIsNotThisLogsCheckpoint_IsRefused(string content)
    {
        var memory = NewSignedHead();
        await using var store = await CreateStoreAsync(LogKey, memory);
        await store.InitializeLogAsync(Identity, Ct);
        await File.WriteAllTextAsync(memory.Path, content, Ct);

        var error = await Assert.ThrowsAsync<LogIntegrityException>(
            () => store.AppendAsync(Stream, 0, [SampleEvents.ElectionDefined], cancellationToken: Ct));

        Assert.Contains($"refusing to sign: {memory.Path}, where this log key keeps the last checkpoint it signed, does not hold a checkpoint of the log '{Origin}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.GetLogSizeAsync(Ct));
        Assert.Equal(content, await File.ReadAllTextAsync(memory.Path, Ct));
    }

    private static SignedHeadFile NewSignedHead() =>
        new(Path.Combine(Directory.CreateTempSubdirectory("canvass-signed-head-").FullName, "log.key.checkpoint"));

    private static Checkpoint Open(string note)
    {
        var opened = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(note), Origin, LogKey.Verifier);
        Assert.True(opened.IsSuccess, opened.ToString());
        return opened.Value.Checkpoint;
    }
}
