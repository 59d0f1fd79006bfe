using Canvass.Domain.Events;

namespace Canvass.Storage;

/// <summary>A Canvass store: the append-only event store, the bulk ballot table and the record of imported files.
/// One store holds one election, in stream <see cref="Streams.Election"/>.</summary>
/// <remarks>Implementations: <c>Canvass.Storage.Sqlite.SqliteCanvassStore</c> (embedded default) and
/// <c>Canvass.Storage.Postgres.PostgresCanvassStore</c>. Both pass the same contract tests.</remarks>
public interface ICanvassStore : IAsyncDisposable
{
    /// <summary>Creates the schema if it does not exist. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends events to a stream at <paramref name="expectedVersion"/> (0 for a new stream), and records
    /// <paramref name="import"/> in the same transaction when given. Appends are serialized so global positions have no
    /// gaps. Returns the stream's new version.</summary>
    /// <exception cref="StreamVersionConflictException">The stream is not at <paramref name="expectedVersion"/>.</exception>
    Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<IEvent> events, ImportRecord? import = null, CancellationToken cancellationToken = default);

    /// <summary>The stream's current version; 0 when it has no events.</summary>
    Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>Reads a stream from <paramref name="fromVersion"/> (1-based) in order.</summary>
    IAsyncEnumerable<StoredEvent> ReadStreamAsync(string streamId, long fromVersion = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads every stream from global <paramref name="fromPosition"/> (1-based) in position order.</summary>
    IAsyncEnumerable<StoredEvent> ReadAllAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>The import of a file with this SHA-256, if any.</summary>
    Task<ImportRecord?> FindImportAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Starts an all-or-nothing ballot import.</summary>
    Task<IBallotImport> BeginBallotImportAsync(string importId, string fileName, CancellationToken cancellationToken = default);

    /// <summary>Every stored ballot, in import order.</summary>
    IAsyncEnumerable<StoredBallot> ReadBallotsAsync(CancellationToken cancellationToken = default);

    /// <summary>How many ballots are stored.</summary>
    Task<long> CountBallotsAsync(CancellationToken cancellationToken = default);
}
