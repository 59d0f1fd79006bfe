using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>What a verifier reads: a store opened directly, or an exported bundle. It trusts neither.</summary>
internal interface ILogSource
{
    /// <summary>Where the evidence came from, for messages.</summary>
    string Description { get; }

    Task<LogIdentity?> GetIdentityAsync(CancellationToken ct);

    Task<string?> GetCheckpointAsync(CancellationToken ct);

    /// <summary>Every checkpoint the source keeps besides the latest (a store keeps one per append); none for a bundle.</summary>
    IAsyncEnumerable<string> ReadCheckpointsAsync(CancellationToken ct);

    /// <summary>Every entry, in position order.</summary>
    IAsyncEnumerable<LogEntry> ReadEntriesAsync(CancellationToken ct);

    /// <summary>The committed CVR records of an import, in file order (canvass-cvr-record.v1 bytes); null when the
    /// source does not have them.</summary>
    IAsyncEnumerable<byte[]>? ReadCvrRecordsAsync(string importId, CancellationToken ct);

    /// <summary>The root the source's own persisted tree gives for <paramref name="size"/>, to locate the first
    /// changed position; null when the source keeps no tree (a bundle).</summary>
    Task<byte[]?> GetPersistedRootAsync(long size, CancellationToken ct);
}
