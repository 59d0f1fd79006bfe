using Canvass.Domain.Events;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>A ballot import open inside one <c>BEGIN IMMEDIATE</c> transaction on its own connection. Each
/// <see cref="Add"/> runs one prepared <c>INSERT … ON CONFLICT DO NOTHING</c>; a row that inserts nothing is a
/// duplicate, and its (ballot id, line) goes to a temp table so that memory never grows with the file.</summary>
/// <remarks>The import holds the write lock from start to commit, so its rows get consecutive <c>seq</c> values; the
/// range is recorded in <c>cvr_imports</c> at commit. That spares a per-row index on the import id (one B-tree insert
/// less per ballot) and makes a ballot's place in its import <c>seq - first_seq</c>.</remarks>
internal sealed class SqliteBallotImport : IBallotImport
{
    private readonly SqliteCanvassStore _store;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly string _importId;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _ballotId;
    private readonly SqliteParameter _line;
    private readonly SqliteParameter _county;
    private readonly SqliteParameter _precinct;
    private readonly SqliteParameter _batchId;
    private readonly SqliteParameter _voteMethod;
    private readonly SqliteParameter _ballotStyle;
    private readonly SqliteParameter _marks;
    private readonly SqliteCommand _duplicate;
    private readonly SqliteParameter _duplicateId;
    private readonly SqliteParameter _duplicateLine;
    private bool _completed;
    private long _seqBefore;

    private SqliteBallotImport(SqliteCanvassStore store, SqliteConnection connection, SqliteTransaction transaction, string importId)
    {
        _store = store;
        _connection = connection;
        _transaction = transaction;
        _importId = importId;

        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO cvr_ballots (ballot_id, import_id, line, county, precinct, batch_id, vote_method, ballot_style, marks)
            VALUES ($ballot_id, $import_id, $line, $county, $precinct, $batch_id, $vote_method, $ballot_style, $marks)
            ON CONFLICT (ballot_id) DO NOTHING
            """;
        _ballotId = _insert.Parameters.Add("$ballot_id", SqliteType.Text);
        _insert.Parameters.AddWithValue("$import_id", importId);
        _line = _insert.Parameters.Add("$line", SqliteType.Integer);
        _county = _insert.Parameters.Add("$county", SqliteType.Text);
        _precinct = _insert.Parameters.Add("$precinct", SqliteType.Text);
        _batchId = _insert.Parameters.Add("$batch_id", SqliteType.Text);
        _voteMethod = _insert.Parameters.Add("$vote_method", SqliteType.Integer);
        _ballotStyle = _insert.Parameters.Add("$ballot_style", SqliteType.Text);
        _marks = _insert.Parameters.Add("$marks", SqliteType.Text);
        _insert.Prepare();

        _duplicate = connection.CreateCommand();
        _duplicate.Transaction = transaction;
        _duplicate.CommandText = "INSERT INTO temp.import_duplicates (ballot_id, line) VALUES ($ballot_id, $line)";
        _duplicateId = _duplicate.Parameters.Add("$ballot_id", SqliteType.Text);
        _duplicateLine = _duplicate.Parameters.Add("$line", SqliteType.Integer);
        _duplicate.Prepare();
    }

    public static async Task<SqliteBallotImport> StartAsync(SqliteCanvassStore store, SqliteConnection connection, string importId, CancellationToken cancellationToken)
    {
        // A bounded page cache for this connection only: the ballot_id index is probed at random, and a bigger cache keeps
        // most of it in memory. Memory stays bounded whatever the file size.
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -131072;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for a deferred transaction: the write lock is ours until
        // commit or rollback, so the import's events get gap-free positions like any append.
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var setup = connection.CreateCommand())
            {
                setup.Transaction = transaction;
                // Created inside the transaction, so a rollback removes it and a pooled connection never keeps it.
                setup.CommandText = "CREATE TEMP TABLE import_duplicates (ballot_id TEXT NOT NULL, line INTEGER NOT NULL)";
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            long before;
            await using (var max = connection.CreateCommand())
            {
                max.Transaction = transaction;
                max.CommandText = "SELECT coalesce(max(seq), 0) FROM cvr_ballots";
                before = (long)(await max.ExecuteScalarAsync(cancellationToken))!;
            }

            return new SqliteBallotImport(store, connection, transaction, importId) { _seqBefore = before };
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public void Add(StoredBallot ballot, long line)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        ObjectDisposedException.ThrowIf(_completed, this);
        _ballotId.Value = ballot.BallotId;
        _line.Value = line;
        _county.Value = ballot.County;
        _precinct.Value = (object?)ballot.Precinct ?? DBNull.Value;
        _batchId.Value = (object?)ballot.BatchId ?? DBNull.Value;
        _voteMethod.Value = (int)ballot.VoteMethod;
        _ballotStyle.Value = (object?)ballot.BallotStyle ?? DBNull.Value;
        _marks.Value = ballot.Marks;
        if (_insert.ExecuteNonQuery() == 0)
        {
            _duplicateId.Value = ballot.BallotId;
            _duplicateLine.Value = line;
            _duplicate.ExecuteNonQuery();
        }
    }

    public async Task<IReadOnlyList<DuplicateBallot>> FindDuplicatesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ObjectDisposedException.ThrowIf(_completed, this);
        await using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = """
            SELECT d.ballot_id, d.line,
                   CASE WHEN b.import_id = $import_id THEN b.line END,
                   CASE WHEN b.import_id <> $import_id THEN coalesce(i.file_name, b.import_id) END
            FROM temp.import_duplicates d
            JOIN cvr_ballots b ON b.ballot_id = d.ballot_id
            LEFT JOIN imports i ON i.import_id = b.import_id
            ORDER BY d.line
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$import_id", _importId);
        command.Parameters.AddWithValue("$limit", limit);
        var duplicates = new List<DuplicateBallot>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            duplicates.Add(new DuplicateBallot(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return duplicates;
    }

    public async Task<long> CommitAsync(string streamId, long expectedVersion, IReadOnlyList<IEvent> events, ImportRecord import, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(import);
        ObjectDisposedException.ThrowIf(_completed, this);
        await using (var range = _connection.CreateCommand())
        {
            range.Transaction = _transaction;
            range.CommandText = "INSERT INTO cvr_imports (import_id, first_seq, last_seq) "
                + "SELECT $import_id, min(seq), max(seq) FROM cvr_ballots WHERE seq > $before HAVING count(*) > 0";
            range.Parameters.AddWithValue("$import_id", _importId);
            range.Parameters.AddWithValue("$before", _seqBefore);
            await range.ExecuteNonQueryAsync(cancellationToken);
        }

        var version = await _store.AppendCoreAsync(_connection, _transaction, streamId, expectedVersion, events, import, _importId, cancellationToken);
        await using (var drop = _connection.CreateCommand())
        {
            drop.Transaction = _transaction;
            drop.CommandText = "DROP TABLE temp.import_duplicates";
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await _transaction.CommitAsync(cancellationToken);
        _completed = true;
        return version;
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        await _insert.DisposeAsync();
        await _duplicate.DisposeAsync();
        await _transaction.DisposeAsync(); // Rolls back unless committed.
        await using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -2000"; // Back to the default before the connection returns to the pool.
            await pragma.ExecuteNonQueryAsync();
        }

        await _connection.DisposeAsync();
    }
}
