using System.Runtime.CompilerServices;
using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>Verifies a store by reading its rows directly: the entries are rebuilt from the event rows.</summary>
internal sealed class StoreLogSource(ICanvassStore store, string description) : ILogSource
{
    public string Description { get; } = description;

    public Task<LogIdentity?> GetIdentityAsync(CancellationToken ct) => store.GetLogIdentityAsync(ct);

    public Task<string?> GetCheckpointAsync(CancellationToken ct) => store.GetCheckpointAsync(ct);

    public IAsyncEnumerable<string> ReadCheckpointsAsync(CancellationToken ct) => store.ReadCheckpointsAsync(ct);

    public async IAsyncEnumerable<LogEntry> ReadEntriesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        // Read to the end of the rows, not to a size the store claims: an extra row must show.
        await foreach (var e in store.ReadLogAsync(0, long.MaxValue, ct))
        {
            yield return e;
        }
    }

    public IAsyncEnumerable<byte[]>? ReadCvrRecordsAsync(string importId, CancellationToken ct) =>
        store.ReadImportBallotsAsync(importId, ct).Select(CvrRecordEncoding.Encode);

    public async Task<byte[]?> GetPersistedRootAsync(long size, CancellationToken ct)
    {
        try
        {
            return await store.GetRootAsync(size, ct);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
