using Canvass.Storage.Subscriptions;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>Subscriptions and the webhook outbox in a SQLite store's file, in tables of their own that the event store,
/// its log and its exports never read.</summary>
/// <threadsafety>Safe for concurrent use: every operation opens its own (pooled) connection.</threadsafety>
public sealed class SqliteSubscriptionStore : ISubscriptionStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS wh_subscriptions (
            id TEXT NOT NULL PRIMARY KEY,
            policy TEXT NOT NULL,
            contests TEXT NOT NULL,
            url TEXT,
            secret TEXT,
            contact TEXT,
            terms_version TEXT NOT NULL,
            terms_accepted_ms INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            ended_ms INTEGER
        );
        CREATE TABLE IF NOT EXISTS wh_outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            subscription_id TEXT NOT NULL REFERENCES wh_subscriptions (id),
            type TEXT NOT NULL,
            body TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            last_attempt_ms INTEGER,
            last_status INTEGER,
            last_error TEXT,
            delivered_ms INTEGER,
            cancelled_ms INTEGER
        );
        CREATE INDEX IF NOT EXISTS wh_outbox_pending ON wh_outbox (subscription_id, seq)
            WHERE delivered_ms IS NULL AND cancelled_ms IS NULL;
        """;

    private readonly string _connectionString;

    /// <summary>The subscription tables in the SQLite file at <paramref name="path"/>.</summary>
    public SqliteSubscriptionStore(string path)
    {
        _connectionString = SqliteConnections.ConnectionString(path, 30);
    }

    /// <summary>Opens the subscription tables of the store at <paramref name="path"/>, creating them if needed.</summary>
    public static async Task<SqliteSubscriptionStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var store = new SqliteSubscriptionStore(path);
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task AddSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO wh_subscriptions ({SubscriptionRows.SubscriptionColumns})
            VALUES (@id, @policy, @contests, @url, @secret, @contact, @terms_version, @terms_accepted_ms, @created_ms, @ended_ms)
            """;
        command.Parameters.AddWithValue("@id", subscription.Id);
        command.Parameters.AddWithValue("@policy", subscription.Policy);
        command.Parameters.AddWithValue("@contests", SubscriptionRows.EncodeContests(subscription.Contests));
        command.Parameters.AddWithValue("@url", (object?)subscription.Url?.AbsoluteUri ?? DBNull.Value);
        command.Parameters.AddWithValue("@secret", (object?)subscription.Secret ?? DBNull.Value);
        command.Parameters.AddWithValue("@contact", (object?)subscription.Contact ?? DBNull.Value);
        command.Parameters.AddWithValue("@terms_version", subscription.TermsVersion);
        command.Parameters.AddWithValue("@terms_accepted_ms", SubscriptionRows.ToMs(subscription.TermsAcceptedAt));
        command.Parameters.AddWithValue("@created_ms", SubscriptionRows.ToMs(subscription.CreatedAt));
        command.Parameters.AddWithValue("@ended_ms", subscription.EndedAt is { } ended ? SubscriptionRows.ToMs(ended) : DBNull.Value);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == 1555)
        {
            // SQLITE_CONSTRAINT_PRIMARYKEY
            throw new InvalidOperationException($"A subscription with id {subscription.Id} exists.", e);
        }
    }

    /// <inheritdoc />
    public async Task<Subscription?> FindSubscriptionAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SubscriptionRows.SubscriptionColumns} FROM wh_subscriptions WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SubscriptionRows.ReadSubscription(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(bool includeEnded = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {SubscriptionRows.SubscriptionColumns} FROM wh_subscriptions
            WHERE @all OR ended_ms IS NULL ORDER BY created_ms, id
            """;
        command.Parameters.AddWithValue("@all", includeEnded);
        return await SubscriptionRows.ReadListAsync(command, SubscriptionRows.ReadSubscription, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> EndSubscriptionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var end = connection.CreateCommand();
        end.Transaction = transaction;
        end.CommandText = """
            UPDATE wh_subscriptions SET ended_ms = @at, url = NULL, secret = NULL, contact = NULL
            WHERE id = @id AND ended_ms IS NULL
            """;
        end.Parameters.AddWithValue("@id", id);
        end.Parameters.AddWithValue("@at", SubscriptionRows.ToMs(at));
        if (await end.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await using var cancel = connection.CreateCommand();
        cancel.Transaction = transaction;
        cancel.CommandText = """
            UPDATE wh_outbox SET cancelled_ms = @at
            WHERE subscription_id = @id AND delivered_ms IS NULL AND cancelled_ms IS NULL
            """;
        cancel.Parameters.AddWithValue("@id", id);
        cancel.Parameters.AddWithValue("@at", SubscriptionRows.ToMs(at));
        await cancel.ExecuteNonQueryAsync(cancellationToken);

        // A failed delivery's error names the receiver's host and port: it goes with the URL.
        await using var errors = connection.CreateCommand();
        errors.Transaction = transaction;
        errors.CommandText = "UPDATE wh_outbox SET last_error = NULL WHERE subscription_id = @id AND last_error IS NOT NULL";
        errors.Parameters.AddWithValue("@id", id);
        await errors.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Setting the columns to NULL leaves the old values' bytes in the page and in the WAL's earlier frames. This
        // connection writes with secure_delete on, so the page now holds zeros where they were; the checkpoint copies it
        // over the database file's old page and TRUNCATE empties the WAL, so neither file keeps them. A reader holding
        // an older snapshot can keep the checkpoint from finishing: the next checkpoint then completes the erasure.
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return 0;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO wh_outbox (id, subscription_id, type, body, created_ms, next_attempt_ms)
            SELECT @id, s.id, @type, @body, @created_ms, @created_ms FROM wh_subscriptions s
            WHERE s.id = @subscription_id AND s.ended_ms IS NULL
            ON CONFLICT (id) DO NOTHING
            """;
        var id = insert.Parameters.Add("@id", SqliteType.Text);
        var subscription = insert.Parameters.Add("@subscription_id", SqliteType.Text);
        var type = insert.Parameters.Add("@type", SqliteType.Text);
        var body = insert.Parameters.Add("@body", SqliteType.Text);
        var created = insert.Parameters.Add("@created_ms", SqliteType.Integer);
        var added = 0;
        foreach (var message in messages)
        {
            id.Value = message.Id;
            subscription.Value = message.SubscriptionId;
            type.Value = message.Type;
            body.Value = message.Body;
            created.Value = SubscriptionRows.ToMs(message.CreatedAt);
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SubscriptionRows.DueSql("wh_subscriptions", "wh_outbox");
        command.Parameters.AddWithValue("@now", SubscriptionRows.ToMs(now));
        command.Parameters.AddWithValue("@limit", limit);
        return await SubscriptionRows.ReadListAsync(command, SubscriptionRows.ReadEntry, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> ClaimAsync(string messageId, int attempts, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE wh_outbox SET attempts = attempts + 1, next_attempt_ms = @until, last_attempt_ms = @now
            WHERE id = @id AND attempts = @attempts AND next_attempt_ms <= @now AND delivered_ms IS NULL AND cancelled_ms IS NULL
            """;
        command.Parameters.AddWithValue("@id", messageId);
        command.Parameters.AddWithValue("@attempts", attempts);
        command.Parameters.AddWithValue("@now", SubscriptionRows.ToMs(now));
        command.Parameters.AddWithValue("@until", SubscriptionRows.ToMs(claimUntil));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> CancelUnsentAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SubscriptionRows.CancelUnsentSql("wh_outbox");
        command.Parameters.AddWithValue("@id", messageId);
        command.Parameters.AddWithValue("@at", SubscriptionRows.ToMs(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task MarkDeliveredAsync(string messageId, DateTimeOffset at, int status, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE wh_outbox SET delivered_ms = @at, last_status = @status, last_error = NULL
            WHERE id = @id AND delivered_ms IS NULL
            """;
        command.Parameters.AddWithValue("@id", messageId);
        command.Parameters.AddWithValue("@at", SubscriptionRows.ToMs(at));
        command.Parameters.AddWithValue("@status", status);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> MarkFailedAsync(string messageId, int attempt, int? status, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE wh_outbox SET next_attempt_ms = @next, last_status = @status, last_error = @error
            WHERE id = @id AND attempts = @attempt AND delivered_ms IS NULL
            """;
        command.Parameters.AddWithValue("@id", messageId);
        command.Parameters.AddWithValue("@attempt", attempt);
        command.Parameters.AddWithValue("@status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("@error", error);
        command.Parameters.AddWithValue("@next", SubscriptionRows.ToMs(nextAttemptAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SubscriptionRows.PendingSql("wh_subscriptions", "wh_outbox");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SubscriptionRows.OutboxColumns} FROM wh_outbox WHERE subscription_id = @id ORDER BY seq";
        command.Parameters.AddWithValue("@id", subscriptionId);
        return await SubscriptionRows.ReadListAsync(command, SubscriptionRows.ReadEntry, cancellationToken);
    }

    /// <summary>Releases pooled connections to the file.</summary>
    public ValueTask DisposeAsync() => SqliteConnections.ReleasePoolAsync(_connectionString);


    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;", cancellationToken);
}
