using System.Runtime.CompilerServices;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Ledger;
using Canvass.Storage.Logging;
using Canvass.Storage.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Canvass.Storage.Postgres;

/// <summary>The production Canvass store on PostgreSQL. All tables live in one schema (<c>canvass</c> by default).
/// Appends take a transaction-level advisory lock before assigning positions, so global positions have no gaps; a
/// trigger rejects UPDATE, DELETE and TRUNCATE of events.</summary>
/// <threadsafety>Safe for concurrent use: one <see cref="NpgsqlDataSource"/>, a pooled connection per operation.</threadsafety>
public sealed class PostgresCanvassStore : ICanvassStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly NoteSigner? _logSigner;

    /// <summary>A store on <paramref name="connectionString"/>, in schema <paramref name="schema"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema holding the tables: lower-case letters, digits and underscores.</param>
    /// <param name="timeProvider">The clock for <see cref="StoredEvent.RecordedAt"/>; the system clock by default.</param>
    /// <param name="logSigner">The log's key. Once <see cref="InitializeLogAsync"/> has set the log identity, every append
    /// signs a checkpoint with it, and appends without it (or with another key) fail.</param>
    public PostgresCanvassStore(string connectionString, string schema = "canvass", TimeProvider? timeProvider = null, NoteSigner? logSigner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        PostgresSchema.RequireSafeName(schema);

        Schema = schema;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logSigner = logSigner;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema { get; }

    /// <summary>Gets the log key's memory of the last checkpoint it signed (<see cref="SignedHeadFile"/>): when set, every
    /// signing append first checks that this store's log extends it, and records its own checkpoint there after its commit.
    /// The command line always sets it, beside the key; without it only the store's own checkpoints are checked.</summary>
    public SignedHeadFile? SignedHead { get; init; }

    /// <summary>Opens a store and initializes its schema.</summary>
    public static Task<PostgresCanvassStore> OpenAsync(string connectionString, string schema = "canvass", TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, schema, timeProvider, logSigner: null, cancellationToken);

    /// <summary>Opens a store with the log's key and initializes its schema.</summary>
    public static async Task<PostgresCanvassStore> OpenAsync(string connectionString, string schema, TimeProvider? timeProvider, NoteSigner? logSigner, CancellationToken cancellationToken = default)
    {
        var store = new PostgresCanvassStore(connectionString, schema, timeProvider, logSigner);
        return await PostgresSchema.OpenInitializedAsync(store, store.InitializeAsync, cancellationToken);
    }

    /// <summary>Whether <see cref="InitializeAsync"/> may create the schema when there is none; false for a command
    /// that only works on an existing store, which then gets <see cref="StoreNotFoundException"/> instead of a new, empty
    /// schema in whatever database it was pointed at.</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <inheritdoc />
    /// <remarks>A schema that already holds every table, index and trigger is left alone: its DDL would take locks
    /// that deadlock with an import storing ballots (a reader opening the store during a large import killed it), and
    /// would need the schema's owner and a writable primary, which a read-only role or a standby is not.</remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var s = Schema;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var probe = new NpgsqlCommand($"""
            SELECT (SELECT count(*) FROM unnest(ARRAY['ev_streams', 'ev_events', 'imports', 'imports_import_id', 'cvr_ballots',
                        'cvr_ballots_import_seq', 'ledger_hashes', 'ledger_meta', 'ledger_checkpoints']) AS t(name)
                    WHERE to_regclass('{s}.' || name) IS NOT NULL),
                   (SELECT count(*) FROM pg_trigger WHERE tgname IN ('ev_events_no_change', 'ev_events_no_truncate')
                        AND tgrelid = to_regclass('{s}.ev_events'))
                 + (SELECT count(*) FROM pg_trigger WHERE tgname IN ('ledger_hashes_no_change', 'ledger_hashes_no_truncate')
                        AND tgrelid = to_regclass('{s}.ledger_hashes'))
            """, connection))
        {
            await using var reader = await probe.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (relations, triggers) = (reader.GetInt64(0), reader.GetInt64(1));
            if (relations == 9 && triggers == 4)
            {
                return;
            }

            if (relations == 0 && !CreateIfMissing)
            {
                throw new StoreNotFoundException($"There is no Canvass store (schema '{s}') in this database.");
            }
        }

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
                recorded_at text NOT NULL,
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
            CREATE INDEX IF NOT EXISTS cvr_ballots_import_seq ON {s}.cvr_ballots (import_id, seq);
            CREATE TABLE IF NOT EXISTS {s}.ledger_hashes (
                level integer NOT NULL,
                idx bigint NOT NULL,
                hash bytea NOT NULL,
                PRIMARY KEY (level, idx)
            );
            CREATE OR REPLACE FUNCTION {s}.ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
            END
            $$;
            CREATE OR REPLACE TRIGGER ledger_hashes_no_change BEFORE UPDATE OR DELETE ON {s}.ledger_hashes
                FOR EACH ROW EXECUTE FUNCTION {s}.ledger_append_only();
            CREATE OR REPLACE TRIGGER ledger_hashes_no_truncate BEFORE TRUNCATE ON {s}.ledger_hashes
                FOR EACH STATEMENT EXECUTE FUNCTION {s}.ledger_append_only();
            CREATE TABLE IF NOT EXISTS {s}.ledger_meta (
                id integer NOT NULL PRIMARY KEY CHECK (id = 1),
                origin text NOT NULL,
                verifier_key text NOT NULL
            );
            CREATE TABLE IF NOT EXISTS {s}.ledger_checkpoints (
                size bigint NOT NULL PRIMARY KEY,
                note text NOT NULL
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
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // Fail before the file is read when this store cannot append to its log (the commit checks again).
            LogRows.RequireSigner(await ReadIdentityAsync(connection, null, cancellationToken), _logSigner);
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
            yield return ReadBallot(reader);
        }
    }

    /// <inheritdoc />
    public async Task<long> CountBallotsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Schema}.cvr_ballots", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task InitializeLogAsync(LogIdentity identity, CancellationToken cancellationToken = default)
    {
        LogRows.Validate(identity);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAppendsAsync(connection, transaction, cancellationToken);
        var existing = await ReadIdentityAsync(connection, transaction, cancellationToken);
        if (existing is null)
        {
            await using var insert = new NpgsqlCommand($"INSERT INTO {Schema}.ledger_meta (id, origin, verifier_key) VALUES (1, $1, $2)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = identity.Origin });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = identity.VerifierKey });
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
            long head;
            await using (var command = new NpgsqlCommand($"SELECT coalesce(max(position), 0) FROM {Schema}.ev_events", connection, transaction))
            {
                head = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }

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
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadIdentityAsync(connection, null, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The number of rows in <c>ev_events</c> (not the largest position: a verifier compares the two).</remarks>
    public async Task<long> GetLogSizeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Schema}.ev_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT note FROM {Schema}.ledger_checkpoints ORDER BY size DESC LIMIT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <inheritdoc />
    public async Task<string?> GetCheckpointAsync(long size, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT note FROM {Schema}.ledger_checkpoints WHERE size = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = size });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT note FROM {Schema}.ledger_checkpoints ORDER BY size", connection);
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
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT position, stream_id, version, type, data::text, recorded_at FROM {Schema}.ev_events WHERE position > $1 AND position <= $2 ORDER BY position",
            connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromIndex });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toIndex });
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
        var s = Schema;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT b.ballot_id, b.county, b.precinct, b.batch_id, b.vote_method, b.ballot_style, b.marks, b.import_id,
                   (SELECT count(*) FROM {s}.cvr_ballots x WHERE x.import_id = b.import_id AND x.seq < b.seq),
                   (SELECT count(*) FROM {s}.cvr_ballots x WHERE x.import_id = b.import_id)
            FROM {s}.cvr_ballots b WHERE b.ballot_id = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ballotId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new BallotLocation(reader.GetString(7), reader.GetInt64(8), reader.GetInt64(9), ReadBallot(reader))
            : null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredBallot> ReadImportBallotsAsync(string importId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(importId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT ballot_id, county, precinct, batch_id, vote_method, ballot_style, marks FROM {Schema}.cvr_ballots WHERE import_id = $1 ORDER BY seq",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = importId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadBallot(reader);
        }
    }

    /// <summary>Closes the data source and its pooled connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Serializes on the advisory lock, checks the stream version, appends the events and records the import,
    /// inside an open transaction.</summary>
    /// <returns>The stream's new version, and the key's memory when this append signed a checkpoint: the caller writes it
    /// after its commit (<see cref="SignedHeadFile.Held.Write"/>) and disposes it either way.</returns>
    internal async Task<(long Version, SignedHeadFile.Held? Signed)> AppendCoreAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string streamId,
        long expectedVersion,
        IReadOnlyList<IEvent> events,
        ImportRecord? import,
        string? importId,
        CancellationToken cancellationToken)
    {
        await LockAppendsAsync(connection, transaction, cancellationToken);
        var identity = await ReadIdentityAsync(connection, transaction, cancellationToken);
        LogRows.RequireSigner(identity, _logSigner);
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
            var recordedAt = LogRows.FormatRecordedAt(_timeProvider.GetUtcNow());
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
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = recordedAt });
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

        // This append's positions follow the head without a gap, so the events stored before it number this many.
        var signed = events.Count > 0
            ? await AppendLeavesAsync(connection, transaction, identity, checked(lastPosition!.Value - events.Count), lastPosition!.Value, starting: false, cancellationToken)
            : null;
        return (version, signed);
    }

    private async Task<long> GetStreamVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT version FROM {Schema}.ev_streams WHERE stream_id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    private static StoredBallot ReadBallot(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        (CountItemType)reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6));

    /// <summary>Serializes appends (and log initialization) on a transaction-level advisory lock.</summary>
    private async Task LockAppendsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction);
        lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "canvass-append:" + Schema });
        await lockCommand.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<LogIdentity?> ReadIdentityAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT origin, verifier_key FROM {Schema}.ledger_meta WHERE id = 1", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LogIdentity(reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>Loads the persisted tree's counts and right edge in one query; older nodes are read on demand.</summary>
    private async Task<LedgerHashStore> LoadHashStoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool writable, CancellationToken cancellationToken)
    {
        var last = new List<(int Level, long Index, byte[] Hash)>();
        await using (var command = new NpgsqlCommand($"""
            SELECT h.level, h.idx, h.hash FROM generate_series(0, 63) AS lv(level)
            JOIN {Schema}.ledger_hashes h ON h.level = lv.level
                AND h.idx = (SELECT max(m.idx) FROM {Schema}.ledger_hashes m WHERE m.level = lv.level)
            """, connection, transaction))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                last.Add((reader.GetInt32(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2)));
            }
        }

        return new LedgerHashStore(last, (level, index) => ReadNode(connection, transaction, level, index), writable);
    }

    private byte[]? ReadNode(NpgsqlConnection connection, NpgsqlTransaction? transaction, int level, long index)
    {
        using var command = new NpgsqlCommand($"SELECT hash FROM {Schema}.ledger_hashes WHERE level = $1 AND idx = $2", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = level });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = index });
        return command.ExecuteScalar() as byte[];
    }

    private async Task<T> WithTreeAsync<T>(Func<MerkleTree, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var tree = new MerkleTree(await LoadHashStoreAsync(connection, null, writable: false, cancellationToken));
        return read(tree);
    }

    /// <summary>Appends a leaf for every stored event the persisted tree does not cover yet (rebuilt from the stored rows),
    /// writes the new nodes, and signs a checkpoint when the log has an identity and this store has its key. All inside
    /// the caller's transaction, under the append lock. <paramref name="before"/> is the number of events stored before
    /// the caller's own, and <paramref name="starting"/> whether the caller is starting the log (see
    /// <see cref="LogRows.RequireExtendsCheckpoint"/>).</summary>
    /// <returns>The key's memory, taken last and holding the new checkpoint, when this append signed one and
    /// <see cref="SignedHead"/> is set: the caller writes it after its commit and disposes it either way.</returns>
    private async Task<SignedHeadFile.Held?> AppendLeavesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LogIdentity? identity, long before, long expectedSize, bool starting, CancellationToken cancellationToken)
    {
        var hashes = await LoadHashStoreAsync(connection, transaction, writable: true, cancellationToken);
        var tree = new MerkleTree(hashes);
        var signs = identity is not null && _logSigner is not null && LogRows.IsLogKey(identity, _logSigner);
        var signedBefore = tree.Size;
        if (signs)
        {
            await using var latest = new NpgsqlCommand($"SELECT note FROM {Schema}.ledger_checkpoints ORDER BY size DESC LIMIT 1", connection, transaction);
            LogRows.RequireExtendsCheckpoint(identity!, _logSigner!, await latest.ExecuteScalarAsync(cancellationToken) as string, tree, before, starting);
        }

        await using (var rows = new NpgsqlCommand(
            $"SELECT position, stream_id, version, type, data::text, recorded_at FROM {Schema}.ev_events WHERE position > $1 ORDER BY position",
            connection,
            transaction))
        {
            rows.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tree.Size });
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
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {Schema}.ledger_hashes (level, idx, hash) SELECT * FROM unnest($1::integer[], $2::bigint[], $3::bytea[])",
                connection,
                transaction);
            insert.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. hashes.Pending.Select(n => n.Level)] });
            insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. hashes.Pending.Select(n => n.Index)] });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. hashes.Pending.Select(n => n.Hash)] });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!signs)
        {
            return null;
        }

        // Taken last, after the store's own checks and writes, so the key's memory is held only from here to the commit.
        var memory = LogRows.TakeSignedHead(SignedHead, identity!, _logSigner!, tree, signedBefore, cancellationToken);
        try
        {
            await using var checkpoint = new NpgsqlCommand(
                $"INSERT INTO {Schema}.ledger_checkpoints (size, note) VALUES ($1, $2) ON CONFLICT (size) DO NOTHING",
                connection,
                transaction);
            var note = LogRows.SignCheckpoint(identity!, _logSigner!, tree.Size, tree.Root());
            checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tree.Size });
            checkpoint.Parameters.Add(new NpgsqlParameter<string> { TypedValue = note });
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

    private static StoredEvent ReadEvent(NpgsqlDataReader reader)
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
}
