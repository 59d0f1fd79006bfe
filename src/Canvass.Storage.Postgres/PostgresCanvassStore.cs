using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Storage.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Canvass.Storage.Postgres;

/// <summary>The production Canvass store on PostgreSQL. All tables live in one schema (<c>canvass</c> by default).
/// Appends take a transaction-level advisory lock before assigning positions, so global positions have no gaps; a
/// trigger rejects UPDATE, DELETE and TRUNCATE of events.</summary>
/// <threadsafety>Safe for concurrent use: one <see cref="NpgsqlDataSource"/>, a pooled connection per operation.</threadsafety>
public sealed partial class PostgresCanvassStore : ICanvassStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;

    /// <summary>A store on <paramref name="connectionString"/>, in schema <paramref name="schema"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema holding the tables: lower-case letters, digits and underscores.</param>
    /// <param name="timeProvider">The clock for <see cref="StoredEvent.RecordedAt"/>; the system clock by default.</param>
    public PostgresCanvassStore(string connectionString, string schema = "canvass", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException("The schema name must be lower-case letters, digits and underscores.", nameof(schema));
        }

        Schema = schema;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema { get; }

    /// <summary>Opens a store and initializes its schema.</summary>
    public static async Task<PostgresCanvassStore> OpenAsync(string connectionString, string schema = "canvass", TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var store = new PostgresCanvassStore(connectionString, schema, timeProvider);
        try
        {
            await store.InitializeAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var s = Schema;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext('canvass-init'));
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.ev_streams (
                stream_id text NOT NULL PRIMARY KEY,
                version bigint NOT NULL
            );
            CREATE TABLE IF NOT EXISTS {s}.ev_events (
                position bigint NOT NULL PRIMARY KEY,
                stream_id text NOT NULL,
                version bigint NOT NULL,
                type text NOT NULL,
                data jsonb NOT NULL,
                metadata jsonb,
                recorded_at timestamptz NOT NULL,
                CONSTRAINT ev_events_stream_version UNIQUE (stream_id, version)
            );
            CREATE OR REPLACE FUNCTION {s}.ev_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'ev_events is append-only: % is not allowed', TG_OP;
            END
            $$;
            CREATE OR REPLACE TRIGGER ev_events_no_change BEFORE UPDATE OR DELETE ON {s}.ev_events
                FOR EACH ROW EXECUTE FUNCTION {s}.ev_events_append_only();
            CREATE OR REPLACE TRIGGER ev_events_no_truncate BEFORE TRUNCATE ON {s}.ev_events
                FOR EACH STATEMENT EXECUTE FUNCTION {s}.ev_events_append_only();
            CREATE TABLE IF NOT EXISTS {s}.imports (
                sha256 text NOT NULL PRIMARY KEY,
                kind text NOT NULL,
                file_name text NOT NULL,
                records bigint NOT NULL,
                position bigint,
                import_id text
            );
            CREATE INDEX IF NOT EXISTS imports_import_id ON {s}.imports (import_id);
            CREATE TABLE IF NOT EXISTS {s}.cvr_ballots (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                ballot_id text NOT NULL UNIQUE,
                import_id text NOT NULL,
                line bigint NOT NULL,
                county text NOT NULL,
                precinct text,
                batch_id text,
                vote_method integer NOT NULL,
                ballot_style text,
                marks text NOT NULL
            );
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<IEvent> events, ImportRecord? import = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var version = await AppendCoreAsync(connection, transaction, streamId, expectedVersion, events, import, importId: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <inheritdoc />
    public async Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await GetStreamVersionAsync(connection, null, streamId, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadStreamAsync(string streamId, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT position, stream_id, version, type, data::text, recorded_at FROM {Schema}.ev_events WHERE stream_id = $1 AND version >= $2 ORDER BY version",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromVersion });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEvent(reader);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT position, stream_id, version, type, data::text, recorded_at FROM {Schema}.ev_events WHERE position >= $1 ORDER BY position",
            connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromPosition });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEvent(reader);
        }
    }

    /// <inheritdoc />
    public async Task<ImportRecord?> FindImportAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT sha256, kind, file_name, records FROM {Schema}.imports WHERE sha256 = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
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
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return await PostgresBallotImport.StartAsync(this, connection, importId, cancellationToken);
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
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT ballot_id, county, precinct, batch_id, vote_method, ballot_style, marks FROM {Schema}.cvr_ballots ORDER BY seq",
            connection);
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
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Schema}.cvr_ballots", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Closes the data source and its pooled connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Serializes on the advisory lock, checks the stream version, appends the events and records the import,
    /// inside an open transaction.</summary>
    internal async Task<long> AppendCoreAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string streamId,
        long expectedVersion,
        IReadOnlyList<IEvent> events,
        ImportRecord? import,
        string? importId,
        CancellationToken cancellationToken)
    {
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "canvass-append:" + Schema });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var actual = await GetStreamVersionAsync(connection, transaction, streamId, cancellationToken);
        if (actual != expectedVersion)
        {
            throw new StreamVersionConflictException(streamId, expectedVersion, actual);
        }

        var version = expectedVersion;
        long? lastPosition = null;
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (events.Count > 0)
        {
            var recordedAt = _timeProvider.GetUtcNow();
            var types = new string[events.Count];
            var data = new string[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                (types[i], data[i]) = EventSerializer.Serialize(events[i]);
            }

            // Positions continue from the current maximum, read under the lock: no gaps, no sequence.
            var insert = new NpgsqlBatchCommand($"""
                INSERT INTO {Schema}.ev_events (position, stream_id, version, type, data, metadata, recorded_at)
                SELECT head.max_position + e.ordinality, $1, $2 + e.ordinality, e.type, e.data::jsonb, NULL, $5
                FROM (SELECT coalesce(max(position), 0) AS max_position FROM {Schema}.ev_events) head,
                     unnest($3::text[], $4::text[]) WITH ORDINALITY AS e(type, data, ordinality)
                RETURNING position
                """);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = data });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = recordedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(insert);
            version = checked(expectedVersion + events.Count);
            var stream = new NpgsqlBatchCommand($"""
                INSERT INTO {Schema}.ev_streams (stream_id, version) VALUES ($1, $2)
                ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version
                """);
            stream.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
            stream.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
            batch.BatchCommands.Add(stream);
        }

        try
        {
            if (batch.BatchCommands.Count > 0)
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    lastPosition = reader.GetInt64(0);
                }
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName is "ev_events_stream_version" or "ev_events_pkey")
        {
            throw new StreamVersionConflictException(streamId, expectedVersion, actual + 1);
        }

        if (import is not null)
        {
            await using var record = new NpgsqlCommand($"""
                INSERT INTO {Schema}.imports (sha256, kind, file_name, records, position, import_id)
                VALUES ($1, $2, $3, $4, $5, $6)
                """, connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = import.Sha256 });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = import.Kind });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = import.FileName });
            record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = import.Records });
            record.Parameters.Add(new NpgsqlParameter { Value = (object?)lastPosition ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            record.Parameters.Add(new NpgsqlParameter { Value = (object?)importId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        return version;
    }

    private async Task<long> GetStreamVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT version FROM {Schema}.ev_streams WHERE stream_id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    private static StoredEvent ReadEvent(NpgsqlDataReader reader)
    {
        var type = reader.GetString(3);
        return new StoredEvent(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetInt64(2),
            type,
            EventSerializer.Deserialize(type, reader.GetString(4)),
            reader.GetFieldValue<DateTimeOffset>(5));
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
