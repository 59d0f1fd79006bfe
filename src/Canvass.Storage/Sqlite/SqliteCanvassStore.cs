using System.Globalization;
using System.Runtime.CompilerServices;
using Canvass.Domain.Events;
using Canvass.Ledger;
using Canvass.Storage.Logging;
using Canvass.Storage.Serialization;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>The embedded Canvass store: one SQLite file in WAL mode. Appends are serialized by SQLite's single writer
/// (<c>BEGIN IMMEDIATE</c>), so global positions have no gaps; the database itself rejects UPDATE and DELETE of events.</summary>
/// <remarks>An open ballot import holds the write lock until it commits or is disposed; other appends wait for it (up to
/// 30 seconds).</remarks>
/// <threadsafety>Safe for concurrent use: every operation opens its own (pooled) connection.</threadsafety>
public sealed class SqliteCanvassStore : ICanvassStore
{
    private const int BusyTimeoutSeconds = 30;

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS ev_streams (
            stream_id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ev_events (
            position INTEGER PRIMARY KEY,
            stream_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            metadata TEXT,
            recorded_at TEXT NOT NULL,
            UNIQUE (stream_id, version)
        );
        CREATE TRIGGER IF NOT EXISTS ev_events_no_update BEFORE UPDATE ON ev_events
        BEGIN SELECT RAISE(ABORT, 'ev_events is append-only: UPDATE is not allowed'); END;
        CREATE TRIGGER IF NOT EXISTS ev_events_no_delete BEFORE DELETE ON ev_events
        BEGIN SELECT RAISE(ABORT, 'ev_events is append-only: DELETE is not allowed'); END;
        CREATE TABLE IF NOT EXISTS imports (
            sha256 TEXT NOT NULL PRIMARY KEY,
            kind TEXT NOT NULL,
            file_name TEXT NOT NULL,
            records INTEGER NOT NULL,
            position INTEGER,
            import_id TEXT
        );
        CREATE INDEX IF NOT EXISTS imports_import_id ON imports (import_id);
        CREATE TABLE IF NOT EXISTS cvr_imports (
            import_id TEXT NOT NULL PRIMARY KEY,
            ballots INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cvr_ballot_pages (
            import_id TEXT NOT NULL,
            first_index INTEGER NOT NULL,
            ballots INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (import_id, first_index)
        );
        CREATE TABLE IF NOT EXISTS cvr_id_pages (
            import_id TEXT NOT NULL,
            page INTEGER NOT NULL,
            first_key INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (import_id, page)
        );
        CREATE INDEX IF NOT EXISTS cvr_id_pages_key ON cvr_id_pages (import_id, first_key);
        CREATE TABLE IF NOT EXISTS ledger_hashes (
            level INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            hash BLOB NOT NULL,
            PRIMARY KEY (level, idx)
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS ledger_hashes_no_update BEFORE UPDATE ON ledger_hashes
        BEGIN SELECT RAISE(ABORT, 'ledger_hashes is append-only: UPDATE is not allowed'); END;
        CREATE TRIGGER IF NOT EXISTS ledger_hashes_no_delete BEFORE DELETE ON ledger_hashes
        BEGIN SELECT RAISE(ABORT, 'ledger_hashes is append-only: DELETE is not allowed'); END;
        CREATE TABLE IF NOT EXISTS ledger_meta (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            origin TEXT NOT NULL,
            verifier_key TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ledger_checkpoints (
            size INTEGER NOT NULL PRIMARY KEY,
            note TEXT NOT NULL
        );
        PRAGMA user_version = 4;
        """;

    /// <summary>The layout <see cref="Schema"/> creates, in <c>PRAGMA user_version</c>. Version 4 stores ballots in pages
    /// with a string table, lines as steps and ids against the id before (<see cref="BallotPage"/>), and a separate id
    /// index; version 3 had the same tables with lines and ids written whole, and its pages are still read as they are,
    /// so a version 3 store only needs its new number (an older Canvass then refuses it rather than misread the new pages);
    /// version 2 had every string of a page written out; stores before it have version 0 and one <c>cvr_ballots</c> row
    /// per ballot.</summary>
    internal const int SchemaVersion = 4;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly NoteSigner? _logSigner;

    /// <summary>A store on a SQLite file (created if missing).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="timeProvider">The clock for <see cref="StoredEvent.RecordedAt"/>; the system clock by default.</param>
    /// <param name="logSigner">The log's key. Once <see cref="InitializeLogAsync"/> has set the log identity, every append
    /// signs a checkpoint with it, and appends without it (or with another key) fail.</param>
    public SqliteCanvassStore(string path, TimeProvider? timeProvider = null, NoteSigner? logSigner = null)
    {
        _connectionString = SqliteConnections.ConnectionString(path, BusyTimeoutSeconds);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logSigner = logSigner;
    }

    /// <summary>Gets the log key's memory of the last checkpoint it signed (<see cref="SignedHeadFile"/>): when set, every
    /// signing append first checks that this store's log extends it, and records its own checkpoint there after its commit.
    /// The command line always sets it, beside the key; without it only the store's own checkpoints are checked.</summary>
    public SignedHeadFile? SignedHead { get; init; }

    /// <summary>How many of the id key's top bits pick its partition in an import's id sort (256 partitions), and how many
    /// entries a partition buffers before it spills a chunk to the temp table (16 KB). Tests make chunks small and
    /// partitions few, so one import spills many chunks into one partition.</summary>
    internal int ImportPartitionBits { get; init; } = 8;

    /// <inheritdoc cref="ImportPartitionBits"/>
    internal int ImportChunkEntries { get; init; } = 1024;

    /// <summary>How many entries an import's id-index page holds (64 KB), and how many entries of a new import's index are
    /// walked at once beside each earlier import's (4 MB). Tests make both small, so indexes have many pages and a walk
    /// many windows.</summary>
    internal int ImportIndexPageEntries { get; init; } = SqliteBallotImport.IndexPageEntries;

    /// <inheritdoc cref="ImportIndexPageEntries"/>
    internal int ImportWindowEntries { get; init; } = SqliteBallotImport.WindowEntries;

    /// <summary>How many bytes of ballot pages an import holds in memory while its id is not known (32 MB: more than the
    /// ballots stored while a 10 M-ballot file's SHA-256 is computed beside its reading); past that, it waits for the id.
    /// Tests make it small.</summary>
    internal int ImportHeldPageBytes { get; init; } = 32 << 20;

    /// <summary>How many bytes an import writes between two flushes of the WAL (<see cref="WalWriteback"/>); tests make it
    /// small.</summary>
    internal long ImportWritebackBytes { get; init; } = WalWriteback.EveryBytes;

    /// <summary>Bits of the 64-bit id key that are kept. Tests clear most of them to make different ids share keys, which
    /// real data almost never does; lookups and duplicate checks must stay exact either way.</summary>
    internal long IdKeyMask { get; init; } = -1;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and initializes its schema.</summary>
    public static Task<SqliteCanvassStore> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        OpenAsync(path, timeProvider, logSigner: null, cancellationToken);

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> with the log's key and initializes its schema.</summary>
    public static async Task<SqliteCanvassStore> OpenAsync(string path, TimeProvider? timeProvider, NoteSigner? logSigner, CancellationToken cancellationToken = default)
    {
        var store = new SqliteCanvassStore(path, timeProvider, logSigner);
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        if (await ReadSchemaVersionAsync(connection, null, cancellationToken) == SchemaVersion)
        {
            // Nothing to create: opening a current store takes no write lock, so it never waits for a running import.
            return;
        }

        await using (var pageSize = connection.CreateCommand())
        {
            // Takes effect only on a new, empty file. Ballot pages are BLOBs of about 63 KB: with 64 KB database pages
            // SQLite writes most of them as one page instead of sixteen 4 KB ones.
            pageSize.CommandText = "PRAGMA page_size = 65536;";
            await pageSize.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var version = await ReadSchemaVersionAsync(connection, transaction, cancellationToken);
        if (version < 0)
        {
            await UpgradeRowPerBallotStoreAsync(connection, transaction, cancellationToken);
        }
        else if (version == 2)
        {
            await UpgradeTextPageStoreAsync(connection, transaction, cancellationToken);
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = Schema.Replace("PRAGMA journal_mode = WAL;", string.Empty, StringComparison.Ordinal);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            // Not allowed inside a transaction; a no-op once the file is in WAL mode.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The store's schema version: 0 for a new file, -1 for a store from before versioning that keeps one
    /// <c>cvr_ballots</c> row per ballot. A version newer than this code reads is refused.</summary>
    private static async Task<long> ReadSchemaVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT (SELECT user_version FROM pragma_user_version),
                   (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'cvr_ballots')
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var version = reader.GetInt64(0);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"This store was written by a newer Canvass (storage schema {version}; this version reads schema {SchemaVersion}). Use that version or a newer one.");
        }

        return version == 0 && reader.GetInt64(1) > 0 ? -1 : version;
    }

    /// <summary>A store from before schema 2 keeps ballots one row each in <c>cvr_ballots</c>. Without ballots its empty
    /// tables are replaced; with ballots it is refused, untouched: its ballots would have to be imported again.</summary>
    private static async Task UpgradeRowPerBallotStoreAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await RefuseIfAnyAsync(connection, transaction, "cvr_ballots", "kept one row per ballot (storage schema 1)", cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DROP TABLE cvr_ballots; DROP TABLE IF EXISTS cvr_imports;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A schema 2 store writes every string of a ballot page out. Without ballots it only needs its new version
    /// number; with ballots it is refused, untouched: its pages would have to be imported again.</summary>
    private static Task UpgradeTextPageStoreAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        RefuseIfAnyAsync(connection, transaction, "cvr_ballot_pages", "wrote every string of its ballot pages out (storage schema 2)", cancellationToken);

    /// <summary>Refuses a store from an older layout that holds ballots in <paramref name="table"/>.</summary>
    private static async Task RefuseIfAnyAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string layout, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {table})";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0)
        {
            throw new InvalidOperationException(
                $"This store was created by an older Canvass that {layout}; this version stores ballots in pages with a string "
                + $"table (schema {SchemaVersion}) and cannot read it. Open it with the older version, or create a new store and "
                + "import the election and its files again (imports are idempotent by file SHA-256).");
        }
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<IEvent> events, ImportRecord? import = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var (version, signed) = await AppendCoreAsync(connection, transaction, streamId, expectedVersion, events, import, importId: null, cancellationToken);
        using (signed)
        {
            await transaction.CommitAsync(cancellationToken);
            signed?.Write();
        }

        return version;
    }

    /// <inheritdoc />
    public async Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await GetStreamVersionAsync(connection, null, streamId, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadStreamAsync(string streamId, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, stream_id, version, type, data, recorded_at FROM ev_events
            WHERE stream_id = $stream AND version >= $from ORDER BY version
            """;
        command.Parameters.AddWithValue("$stream", streamId);
        command.Parameters.AddWithValue("$from", fromVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEvent(reader);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, stream_id, version, type, data, recorded_at FROM ev_events
            WHERE position >= $from ORDER BY position
            """;
        command.Parameters.AddWithValue("$from", fromPosition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEvent(reader);
        }
    }

    /// <inheritdoc />
    public async Task<ImportRecord?> FindImportAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sha256, kind, file_name, records FROM imports WHERE sha256 = $sha";
        command.Parameters.AddWithValue("$sha", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ImportRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3))
            : null;
    }

    /// <inheritdoc />
    public Task<IBallotImport> BeginBallotImportAsync(string importId, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(importId);
        return BeginBallotImportAsync(Task.FromResult(importId), fileName, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IBallotImport> BeginBallotImportAsync(Task<string> importId, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(importId);
        ArgumentNullException.ThrowIfNull(fileName);
        var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            // Fail before the file is read when this store cannot append to its log (the commit checks again).
            LogRows.RequireSigner(await ReadIdentityAsync(connection, null, cancellationToken), _logSigner);
            return await SqliteBallotImport.StartAsync(this, connection, importId, ImportPartitionBits, ImportChunkEntries, IdKeyMask, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredBallot> ReadBallotsAsync(CancellationToken cancellationToken = default) =>
        ReadCommittedBallotsAsync(null, cancellationToken);

    /// <inheritdoc />
    public async Task<long> CountBallotsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(sum(ballots), 0) FROM cvr_imports";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task InitializeLogAsync(LogIdentity identity, CancellationToken cancellationToken = default)
    {
        LogRows.Validate(identity);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var existing = await ReadIdentityAsync(connection, transaction, cancellationToken);
        if (existing is null)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO ledger_meta (id, origin, verifier_key) VALUES (1, $origin, $key)";
            insert.Parameters.AddWithValue("$origin", identity.Origin);
            insert.Parameters.AddWithValue("$key", identity.VerifierKey);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        else if (existing != identity)
        {
            throw new LogIdentityConflictException(
                $"This store's log is already initialized as '{existing.Origin}' with key {existing.VerifierKey}; it cannot become '{identity.Origin}' with key {identity.VerifierKey}.");
        }

        SignedHeadFile.Held? signed = null;
        if (LogRows.IsLogKey(identity, _logSigner))
        {
            // Sign the current tree head, so an initialized log always has a checkpoint.
            var head = await GetHeadPositionAsync(connection, transaction, cancellationToken);
            signed = await AppendLeavesAsync(connection, transaction, identity, head, head, starting: true, cancellationToken);
        }

        using (signed)
        {
            await transaction.CommitAsync(cancellationToken);
            signed?.Write();
        }
    }

    /// <inheritdoc />
    public async Task<LogIdentity?> GetLogIdentityAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ReadIdentityAsync(connection, null, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The number of rows in <c>ev_events</c> (not the largest position: a verifier compares the two).</remarks>
    public async Task<long> GetLogSizeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM ev_events";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1";
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <inheritdoc />
    public async Task<string?> GetCheckpointAsync(long size, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT note FROM ledger_checkpoints WHERE size = $size";
        command.Parameters.AddWithValue("$size", size);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT note FROM ledger_checkpoints ORDER BY size";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogEntry> ReadLogAsync(long fromIndex, long toIndex, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(toIndex, fromIndex);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, stream_id, version, type, data, recorded_at FROM ev_events
            WHERE position > $from AND position <= $to ORDER BY position
            """;
        command.Parameters.AddWithValue("$from", fromIndex);
        command.Parameters.AddWithValue("$to", toIndex);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return LogRows.ToEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
        }
    }

    /// <inheritdoc />
    public Task<byte[]> GetRootAsync(long size, CancellationToken cancellationToken = default) =>
        WithTreeAsync(tree => tree.RootAt(size), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<byte[]>> ProveInclusionAsync(long index, long size, CancellationToken cancellationToken = default) =>
        WithTreeAsync(tree => tree.InclusionProof(index, size), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<byte[]>> ProveConsistencyAsync(long size1, long size2, CancellationToken cancellationToken = default) =>
        WithTreeAsync(tree => tree.ConsistencyProof(size1, size2), cancellationToken);

    /// <inheritdoc />
    public async Task<BallotLocation?> FindBallotAsync(string ballotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ballotId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // One read transaction, so the index and the pages it points at are one snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        return SqliteBallotPages.Find(connection, transaction, ballotId, IdKeyMask);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredBallot> ReadImportBallotsAsync(string importId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(importId);
        return ReadCommittedBallotsAsync(importId, cancellationToken);
    }

    /// <summary>The ballots of every committed import (in commit order), or of one, each in file order.</summary>
    private async IAsyncEnumerable<StoredBallot> ReadCommittedBallotsAsync(string? importId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.ballots, p.data FROM cvr_imports c JOIN cvr_ballot_pages p ON p.import_id = c.import_id
            WHERE $import_id IS NULL OR c.import_id = $import_id ORDER BY c.rowid, p.first_index
            """;
        command.Parameters.AddWithValue("$import_id", (object?)importId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            foreach (var ballot in SqliteBallotPages.Ballots((byte[])reader.GetValue(1), reader.GetInt64(0)))
            {
                yield return ballot;
            }
        }
    }

    /// <summary>Releases pooled connections to the file, so it can be moved or deleted.</summary>
    public ValueTask DisposeAsync() => SqliteConnections.ReleasePoolAsync(_connectionString);

    /// <summary>Checks the stream version, appends the events and records the import, inside an open transaction.</summary>
    /// <returns>The stream's new version, and the key's memory when this append signed a checkpoint: the caller writes it
    /// after its commit (<see cref="SignedHeadFile.Held.Write"/>) and disposes it either way.</returns>
    internal async Task<(long Version, SignedHeadFile.Held? Signed)> AppendCoreAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string streamId,
        long expectedVersion,
        IReadOnlyList<IEvent> events,
        ImportRecord? import,
        string? importId,
        CancellationToken cancellationToken)
    {
        var identity = await ReadIdentityAsync(connection, transaction, cancellationToken);
        LogRows.RequireSigner(identity, _logSigner);
        var actual = await GetStreamVersionAsync(connection, transaction, streamId, cancellationToken);
        if (actual != expectedVersion)
        {
            throw new StreamVersionConflictException(streamId, expectedVersion, actual);
        }

        long position;
        await using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "SELECT coalesce(max(position), 0) FROM ev_events";
            position = Convert.ToInt64(await head.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var before = position;
        var version = expectedVersion;
        long? lastPosition = null;
        try
        {
            if (events.Count > 0)
            {
                var recordedAt = LogRows.FormatRecordedAt(_timeProvider.GetUtcNow());
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO ev_events (position, stream_id, version, type, data, metadata, recorded_at)
                    VALUES ($position, $stream, $version, $type, $data, NULL, $recorded_at)
                    """;
                var pPosition = insert.Parameters.Add("$position", SqliteType.Integer);
                insert.Parameters.AddWithValue("$stream", streamId);
                var pVersion = insert.Parameters.Add("$version", SqliteType.Integer);
                var pType = insert.Parameters.Add("$type", SqliteType.Text);
                var pData = insert.Parameters.Add("$data", SqliteType.Text);
                insert.Parameters.AddWithValue("$recorded_at", recordedAt);
                foreach (var @event in events)
                {
                    var (type, data) = EventSerializer.Serialize(@event);
                    position = checked(position + 1);
                    version = checked(version + 1);
                    pPosition.Value = position;
                    pVersion.Value = version;
                    pType.Value = type;
                    pData.Value = data;
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                lastPosition = position;
                await using var stream = connection.CreateCommand();
                stream.Transaction = transaction;
                stream.CommandText = """
                    INSERT INTO ev_streams (stream_id, version) VALUES ($stream, $version)
                    ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version
                    """;
                stream.Parameters.AddWithValue("$stream", streamId);
                stream.Parameters.AddWithValue("$version", version);
                await stream.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == 2067 && e.Message.Contains("ev_events", StringComparison.Ordinal))
        {
            // SQLITE_CONSTRAINT_UNIQUE on (stream_id, version): another writer got there first.
            throw new StreamVersionConflictException(streamId, expectedVersion, await GetStreamVersionAsync(connection, transaction, streamId, cancellationToken));
        }

        if (import is not null)
        {
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = """
                INSERT INTO imports (sha256, kind, file_name, records, position, import_id)
                VALUES ($sha, $kind, $file, $records, $position, $import_id)
                """;
            record.Parameters.AddWithValue("$sha", import.Sha256);
            record.Parameters.AddWithValue("$kind", import.Kind);
            record.Parameters.AddWithValue("$file", import.FileName);
            record.Parameters.AddWithValue("$records", import.Records);
            record.Parameters.AddWithValue("$position", (object?)lastPosition ?? DBNull.Value);
            record.Parameters.AddWithValue("$import_id", (object?)importId ?? DBNull.Value);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        var signed = events.Count > 0
            ? await AppendLeavesAsync(connection, transaction, identity, before, lastPosition!.Value, starting: false, cancellationToken)
            : null;
        return (version, signed);
    }

    private static async Task<long> GetStreamVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, string streamId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM ev_streams WHERE stream_id = $stream";
        command.Parameters.AddWithValue("$stream", streamId);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private static async Task<LogIdentity?> ReadIdentityAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT origin, verifier_key FROM ledger_meta WHERE id = 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LogIdentity(reader.GetString(0), reader.GetString(1)) : null;
    }

    private static async Task<long> GetHeadPositionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var head = connection.CreateCommand();
        head.Transaction = transaction;
        head.CommandText = "SELECT coalesce(max(position), 0) FROM ev_events";
        return Convert.ToInt64(await head.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Loads the persisted tree's counts and right edge in one query; older nodes are read on demand.</summary>
    private static async Task<LedgerHashStore> LoadHashStoreAsync(SqliteConnection connection, SqliteTransaction? transaction, bool writable, CancellationToken cancellationToken)
    {
        var last = new List<(int Level, long Index, byte[] Hash)>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                WITH RECURSIVE lv(level) AS (SELECT 0 UNION ALL SELECT level + 1 FROM lv WHERE level < 63)
                SELECT h.level, h.idx, h.hash FROM lv
                JOIN ledger_hashes h ON h.level = lv.level AND h.idx = (SELECT max(m.idx) FROM ledger_hashes m WHERE m.level = lv.level)
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                last.Add((reader.GetInt32(0), reader.GetInt64(1), (byte[])reader.GetValue(2)));
            }
        }

        return new LedgerHashStore(last, (level, index) => ReadNode(connection, transaction, level, index), writable);
    }

    private static byte[]? ReadNode(SqliteConnection connection, SqliteTransaction? transaction, int level, long index)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT hash FROM ledger_hashes WHERE level = $level AND idx = $idx";
        command.Parameters.AddWithValue("$level", level);
        command.Parameters.AddWithValue("$idx", index);
        return command.ExecuteScalar() as byte[];
    }

    private async Task<T> WithTreeAsync<T>(Func<MerkleTree, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var tree = new MerkleTree(await LoadHashStoreAsync(connection, null, writable: false, cancellationToken));
        return read(tree);
    }

    /// <summary>Appends a leaf for every stored event the persisted tree does not cover yet (rebuilt from the stored rows),
    /// writes the new nodes, and signs a checkpoint when the log has an identity and this store has its key. All inside
    /// the caller's transaction. <paramref name="before"/> is the number of events stored before the caller's own, and
    /// <paramref name="starting"/> whether the caller is starting the log (see <see cref="LogRows.RequireExtendsCheckpoint"/>).</summary>
    /// <returns>The key's memory, taken last and holding the new checkpoint, when this append signed one and
    /// <see cref="SignedHead"/> is set: the caller writes it after its commit and disposes it either way.</returns>
    private async Task<SignedHeadFile.Held?> AppendLeavesAsync(SqliteConnection connection, SqliteTransaction transaction, LogIdentity? identity, long before, long expectedSize, bool starting, CancellationToken cancellationToken)
    {
        var hashes = await LoadHashStoreAsync(connection, transaction, writable: true, cancellationToken);
        var tree = new MerkleTree(hashes);
        var signs = identity is not null && _logSigner is not null && LogRows.IsLogKey(identity, _logSigner);
        var signedBefore = tree.Size;
        if (signs)
        {
            await using var latest = connection.CreateCommand();
            latest.Transaction = transaction;
            latest.CommandText = "SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1";
            LogRows.RequireExtendsCheckpoint(identity!, _logSigner!, await latest.ExecuteScalarAsync(cancellationToken) as string, tree, before, starting);
        }

        await using (var rows = connection.CreateCommand())
        {
            rows.Transaction = transaction;
            rows.CommandText = """
                SELECT position, stream_id, version, type, data, recorded_at FROM ev_events
                WHERE position > $size ORDER BY position
                """;
            rows.Parameters.AddWithValue("$size", tree.Size);
            await using var reader = await rows.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var position = reader.GetInt64(0);
                if (position != checked(tree.Size + 1))
                {
                    throw new InvalidOperationException($"ev_events has position {position} where the log expects {tree.Size + 1}.");
                }

                tree.AppendEntry(LogRows.Encode(position, reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
            }
        }

        if (tree.Size != expectedSize)
        {
            throw new InvalidOperationException($"The persisted log has {tree.Size} leaves but the store has {expectedSize} events.");
        }

        if (hashes.Pending.Count > 0)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO ledger_hashes (level, idx, hash) VALUES ($level, $idx, $hash)";
            var level = insert.Parameters.Add("$level", SqliteType.Integer);
            var idx = insert.Parameters.Add("$idx", SqliteType.Integer);
            var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
            foreach (var node in hashes.Pending)
            {
                level.Value = node.Level;
                idx.Value = node.Index;
                hash.Value = node.Hash;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (!signs)
        {
            return null;
        }

        // Taken last, after the store's own checks and writes, so the key's memory is held only from here to the commit.
        var memory = LogRows.TakeSignedHead(SignedHead, identity!, _logSigner!, tree, signedBefore, cancellationToken);
        try
        {
            await using var checkpoint = connection.CreateCommand();
            checkpoint.Transaction = transaction;
            checkpoint.CommandText = "INSERT INTO ledger_checkpoints (size, note) VALUES ($size, $note) ON CONFLICT (size) DO NOTHING";
            var note = LogRows.SignCheckpoint(identity!, _logSigner!, tree.Size, tree.Root());
            checkpoint.Parameters.AddWithValue("$size", tree.Size);
            checkpoint.Parameters.AddWithValue("$note", note);
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
            memory?.Signed(note);
            return memory;
        }
        catch
        {
            memory?.Dispose();
            throw;
        }
    }

    private static StoredEvent ReadEvent(SqliteDataReader reader)
    {
        var type = reader.GetString(3);
        var position = reader.GetInt64(0);
        return LogRows.Read(position, type, () => new StoredEvent(
            position,
            reader.GetString(1),
            reader.GetInt64(2),
            type,
            EventSerializer.Deserialize(type, reader.GetString(4)),
            LogRows.ParseRecordedAt(reader.GetString(5))));
    }

    private Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;", cancellationToken);
}
