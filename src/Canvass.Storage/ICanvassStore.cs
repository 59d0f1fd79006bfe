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

    /// <summary>Starts an all-or-nothing ballot import whose id is learned while its ballots are added: an importer derives
    /// it from the file's SHA-256, computed beside the reading rather than before it.</summary>
    /// <remarks>Ballots added before the id is known are held in memory, a bounded amount, and stored once it is; past that
    /// amount, and before it finds duplicates or commits, the import waits for the id. If <paramref name="importId"/> fails
    /// or is canceled, the import's next step throws its exception, and disposing the import stores nothing.</remarks>
    Task<IBallotImport> BeginBallotImportAsync(Task<string> importId, string fileName, CancellationToken cancellationToken = default);

    /// <summary>Every stored ballot, in import order.</summary>
    IAsyncEnumerable<StoredBallot> ReadBallotsAsync(CancellationToken cancellationToken = default);

    /// <summary>How many ballots are stored.</summary>
    Task<long> CountBallotsAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the log's identity once (at <c>canvass init</c>). Idempotent for the same identity; a different one
    /// is refused with <see cref="LogIdentityConflictException"/>; nothing is written.</summary>
    Task InitializeLogAsync(LogIdentity identity, CancellationToken cancellationToken = default);

    /// <summary>The log's identity, or null before <see cref="InitializeLogAsync"/>.</summary>
    Task<LogIdentity?> GetLogIdentityAsync(CancellationToken cancellationToken = default);

    /// <summary>How many leaves the log has: the number of stored events.</summary>
    Task<long> GetLogSizeAsync(CancellationToken cancellationToken = default);

    /// <summary>The latest signed checkpoint (C2SP signed-note text, byte-exact), or null when none was signed.</summary>
    Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>The checkpoint signed when the log reached exactly <paramref name="size"/> leaves, or null.</summary>
    Task<string?> GetCheckpointAsync(long size, CancellationToken cancellationToken = default);

    /// <summary>Every stored checkpoint (signed-note text), in order of size: a verifier checks each against the entries,
    /// so that a history rewritten after it was signed shows even to one who remembers none of them.</summary>
    IAsyncEnumerable<string> ReadCheckpointsAsync(CancellationToken cancellationToken = default);

    /// <summary>The entries for leaf indexes <paramref name="fromIndex"/> (inclusive) to <paramref name="toIndex"/>
    /// (exclusive), rebuilt from the stored event rows (never from a cached copy, so tampering with a row shows).</summary>
    IAsyncEnumerable<LogEntry> ReadLogAsync(long fromIndex, long toIndex, CancellationToken cancellationToken = default);

    /// <summary>The root of the log at <paramref name="size"/> leaves, from the persisted tree.</summary>
    Task<byte[]> GetRootAsync(long size, CancellationToken cancellationToken = default);

    /// <summary>RFC 9162 inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    Task<IReadOnlyList<byte[]>> ProveInclusionAsync(long index, long size, CancellationToken cancellationToken = default);

    /// <summary>RFC 9162 consistency proof between tree sizes <paramref name="size1"/> and <paramref name="size2"/>.</summary>
    Task<IReadOnlyList<byte[]>> ProveConsistencyAsync(long size1, long size2, CancellationToken cancellationToken = default);

    /// <summary>Finds a ballot by id.</summary>
    Task<BallotLocation?> FindBallotAsync(string ballotId, CancellationToken cancellationToken = default);

    /// <summary>The ballots of one import, in the order of the file they came from.</summary>
    IAsyncEnumerable<StoredBallot> ReadImportBallotsAsync(string importId, CancellationToken cancellationToken = default);
}
