using System.Globalization;
using System.Runtime.CompilerServices;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
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
        CREATE TABLE IF NOT EXISTS cvr_ballots (
            seq INTEGER PRIMARY KEY,
            ballot_id TEXT NOT NULL UNIQUE,
            import_id TEXT NOT NULL,
            line INTEGER NOT NULL,
            county TEXT NOT NULL,
            precinct TEXT,
            batch_id TEXT,
            vote_method INTEGER NOT NULL,
            ballot_style TEXT,
            marks TEXT NOT NULL
        );
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;

    /// <summary>A store on a SQLite file (created if missing), or on a full connection string (one containing <c>=</c>).</summary>
    /// <param name="pathOrConnectionString">A file path, or a Microsoft.Data.Sqlite connection string.</param>
    /// <param name="timeProvider">The clock for <see cref="StoredEvent.RecordedAt"/>; the system clock by default.</param>
    public SqliteCanvassStore(string pathOrConnectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        var builder = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(pathOrConnectionString)
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString };
        builder.DefaultTimeout = BusyTimeoutSeconds;
        _connectionString = builder.ToString();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and initializes its schema.</summary>
    public static async Task<SqliteCanvassStore> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var store = new SqliteCanvassStore(path, timeProvider);
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<IEvent> events, ImportRecord? import = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var version = await AppendCoreAsync(connection, transaction, streamId, expectedVersion, events, import, importId: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
    public async Task<IBallotImport> BeginBallotImportAsync(string importId, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(importId);
        ArgumentNullException.ThrowIfNull(fileName);
        var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            return await SqliteBallotImport.StartAsync(this, connection, importId, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredBallot> ReadBallotsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ballot_id, county, precinct, batch_id, vote_method, ballot_style, marks FROM cvr_ballots ORDER BY seq
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredBallot(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                (CountItemType)reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6));
        }
    }

    /// <inheritdoc />
    public async Task<long> CountBallotsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM cvr_ballots";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Releases pooled connections to the file, so it can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    /// <summary>Checks the stream version, appends the events and records the import, inside an open transaction.</summary>
    internal async Task<long> AppendCoreAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string streamId,
        long expectedVersion,
        IReadOnlyList<IEvent> events,
        ImportRecord? import,
        string? importId,
        CancellationToken cancellationToken)
    {
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

        var version = expectedVersion;
        long? lastPosition = null;
        try
        {
            if (events.Count > 0)
            {
                var recordedAt = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
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

        return version;
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

    private static StoredEvent ReadEvent(SqliteDataReader reader)
    {
        var type = reader.GetString(3);
        return new StoredEvent(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetInt64(2),
            type,
            EventSerializer.Deserialize(type, reader.GetString(4)),
            DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
