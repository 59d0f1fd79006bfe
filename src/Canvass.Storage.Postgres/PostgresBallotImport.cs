using Canvass.Domain.Events;
using Npgsql;
using NpgsqlTypes;

namespace Canvass.Storage.Postgres;

/// <summary>A ballot import inside one transaction: <see cref="Add"/> streams rows by binary COPY into a temp staging
/// table; duplicates are found with set queries; commit moves the staging rows into <c>cvr_ballots</c> in line order.</summary>
internal sealed class PostgresBallotImport : IBallotImport
{
    private readonly PostgresCanvassStore _store;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    // Known by commit at the latest: rows are staged without it.
    private readonly Task<string> _importId;
    private NpgsqlBinaryImporter? _importer;
    private long _added;
    private bool _completed;

    private PostgresBallotImport(PostgresCanvassStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, Task<string> importId)
    {
        _store = store;
        _connection = connection;
        _transaction = transaction;
        _importId = importId;
    }

    public static async Task<PostgresBallotImport> StartAsync(PostgresCanvassStore store, NpgsqlConnection connection, Task<string> importId, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand("""
                CREATE TEMP TABLE import_staging (
                    ballot_id text NOT NULL,
                    line bigint NOT NULL,
                    county text NOT NULL,
                    precinct text,
                    batch_id text,
                    vote_method integer NOT NULL,
                    ballot_style text,
                    marks text NOT NULL
                ) ON COMMIT DROP
                """, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new PostgresBallotImport(store, connection, transaction, importId);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public void Add(in BallotFields ballot, long line)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var importer = _importer ??= _connection.BeginBinaryImport(
            "COPY import_staging (ballot_id, line, county, precinct, batch_id, vote_method, ballot_style, marks) FROM STDIN (FORMAT BINARY)");
        importer.StartRow();
        importer.Write(ballot.BallotId.ToString(), NpgsqlDbType.Text);
        importer.Write(line, NpgsqlDbType.Bigint);
        importer.Write(ballot.County, NpgsqlDbType.Text);
        WriteNullable(importer, ballot.Precinct);
        WriteNullable(importer, ballot.BatchId);
        importer.Write((int)ballot.VoteMethod, NpgsqlDbType.Integer);
        WriteNullable(importer, ballot.BallotStyle);
        importer.Write(ballot.Marks.ToString(), NpgsqlDbType.Text);
        _added++;
    }

    public async Task<IReadOnlyList<DuplicateBallot>> FindDuplicatesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ObjectDisposedException.ThrowIf(_completed, this);
        await FinishCopyAsync(cancellationToken);
        var s = _store.Schema;
        await using var command = new NpgsqlCommand($"""
            WITH staged AS (
                SELECT ballot_id, line, min(line) OVER (PARTITION BY ballot_id) AS first_line FROM import_staging
            )
            SELECT staged.ballot_id, staged.line,
                   CASE WHEN b.ballot_id IS NULL THEN staged.first_line END,
                   CASE WHEN b.ballot_id IS NOT NULL THEN coalesce(i.file_name, b.import_id) END
            FROM staged
            LEFT JOIN {s}.cvr_ballots b ON b.ballot_id = staged.ballot_id
            LEFT JOIN {s}.imports i ON i.import_id = b.import_id
            WHERE b.ballot_id IS NOT NULL OR staged.line <> staged.first_line
            ORDER BY staged.line
            LIMIT $1
            """, _connection, _transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
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
        await FinishCopyAsync(cancellationToken);
        var importId = await _importId.WaitAsync(cancellationToken);
        ArgumentException.ThrowIfNullOrEmpty(importId);
        await using (var move = new NpgsqlCommand($"""
            INSERT INTO {_store.Schema}.cvr_ballots (ballot_id, import_id, line, county, precinct, batch_id, vote_method, ballot_style, marks)
            SELECT ballot_id, $1, line, county, precinct, batch_id, vote_method, ballot_style, marks
            FROM (SELECT *, row_number() OVER (PARTITION BY ballot_id ORDER BY line) AS occurrence FROM import_staging) staged
            WHERE occurrence = 1
            ORDER BY line
            ON CONFLICT (ballot_id) DO NOTHING
            """, _connection, _transaction))
        {
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = importId });
            if (await move.ExecuteNonQueryAsync(cancellationToken) != _added)
            {
                // A repeated or already stored id was left out: committing would store fewer ballots than were committed to.
                throw new ConcurrentWriteException("The import holds a ballot id twice (or one already stored); it cannot be committed.");
            }
        }

        var (version, signed) = await _store.AppendCoreAsync(_connection, _transaction, streamId, expectedVersion, events, import, importId, cancellationToken);
        using (signed)
        {
            await _transaction.CommitAsync(cancellationToken);
            _completed = true;
            signed?.Write();
        }

        return version;
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        if (_importer is not null)
        {
            // Disposing an uncompleted importer cancels the COPY.
            await _importer.DisposeAsync();
            _importer = null;
        }

        await _transaction.DisposeAsync(); // Rolls back unless committed; the staging table goes with it.
        await _connection.DisposeAsync();
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }

    private async Task FinishCopyAsync(CancellationToken cancellationToken)
    {
        if (_importer is null)
        {
            return;
        }

        await _importer.CompleteAsync(cancellationToken);
        await _importer.DisposeAsync();
        _importer = null;
    }
}
