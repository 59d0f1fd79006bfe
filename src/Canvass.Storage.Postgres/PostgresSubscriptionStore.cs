using Canvass.Storage.Subscriptions;
using Npgsql;
using NpgsqlTypes;

namespace Canvass.Storage.Postgres;

/// <summary>Subscriptions and the webhook outbox on PostgreSQL, in the store's schema but in tables of their own that
/// the event store, its log and its exports never read. Grant them to the notifier's role only.</summary>
/// <threadsafety>Safe for concurrent use, also by several nodes: claiming a message is a conditional UPDATE.</threadsafety>
public sealed class PostgresSubscriptionStore : ISubscriptionStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _subscriptions;
    private readonly string _outbox;

    /// <summary>The subscription tables on <paramref name="connectionString"/>, in schema <paramref name="schema"/>.</summary>
    public PostgresSubscriptionStore(string connectionString, string schema = "canvass")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        PostgresSchema.RequireSafeName(schema);

        Schema = schema;
        _subscriptions = schema + ".wh_subscriptions";
        _outbox = schema + ".wh_outbox";
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The schema holding the tables.</summary>
    public string Schema { get; }

    /// <summary>Opens the subscription tables, creating them if needed.</summary>
    public static async Task<PostgresSubscriptionStore> OpenAsync(string connectionString, string schema = "canvass", CancellationToken cancellationToken = default)
    {
        var store = new PostgresSubscriptionStore(connectionString, schema);
        return await PostgresSchema.OpenInitializedAsync(store, store.InitializeAsync, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Tables already in place are left alone: <c>CREATE SCHEMA IF NOT EXISTS</c> needs the right to create in the
    /// database even when the schema exists, which the notifier's role (granted these two tables only) does not have.</remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var probe = new NpgsqlCommand($"""
            SELECT to_regclass('{_subscriptions}') IS NOT NULL AND to_regclass('{_outbox}') IS NOT NULL
                AND to_regclass('{Schema}.wh_outbox_pending') IS NOT NULL
            """, connection))
        {
            if (await probe.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext('canvass-init'));
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {_subscriptions} (
                id text NOT NULL PRIMARY KEY,
                policy text NOT NULL,
                contests text NOT NULL,
                url text,
                secret text,
                contact text,
                terms_version text NOT NULL,
                terms_accepted_ms bigint NOT NULL,
                created_ms bigint NOT NULL,
                ended_ms bigint
            );
            CREATE TABLE IF NOT EXISTS {_outbox} (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text NOT NULL UNIQUE,
                subscription_id text NOT NULL REFERENCES {_subscriptions} (id),
                type text NOT NULL,
                body text NOT NULL,
                created_ms bigint NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_ms bigint NOT NULL,
                last_attempt_ms bigint,
                last_status integer,
                last_error text,
                delivered_ms bigint,
                cancelled_ms bigint
            );
            CREATE INDEX IF NOT EXISTS wh_outbox_pending ON {_outbox} (subscription_id, seq)
                WHERE delivered_ms IS NULL AND cancelled_ms IS NULL;
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task AddSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_subscriptions} ({SubscriptionRows.SubscriptionColumns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscription.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscription.Policy });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SubscriptionRows.EncodeContests(subscription.Contests) });
        command.Parameters.Add(Text(subscription.Url?.AbsoluteUri));
        command.Parameters.Add(Text(subscription.Secret));
        command.Parameters.Add(Text(subscription.Contact));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscription.TermsVersion });
        command.Parameters.Add(Ms(subscription.TermsAcceptedAt));
        command.Parameters.Add(Ms(subscription.CreatedAt));
        command.Parameters.Add(Ms(subscription.EndedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"A subscription with id {subscription.Id} exists.", e);
        }
    }

    /// <inheritdoc />
    public async Task<Subscription?> FindSubscriptionAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {SubscriptionRows.SubscriptionColumns} FROM {_subscriptions} WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SubscriptionRows.ReadSubscription(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(bool includeEnded = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {SubscriptionRows.SubscriptionColumns} FROM {_subscriptions} WHERE $1 OR ended_ms IS NULL ORDER BY created_ms, id",
            connection);
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = includeEnded });
        return await SubscriptionRows.ReadListAsync(command, SubscriptionRows.ReadSubscription, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> EndSubscriptionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var end = new NpgsqlCommand(
            $"UPDATE {_subscriptions} SET ended_ms = $2, url = NULL, secret = NULL, contact = NULL WHERE id = $1 AND ended_ms IS NULL",
            connection,
            transaction);
        end.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        end.Parameters.Add(Ms(at));
        if (await end.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await using var cancel = new NpgsqlCommand(
            $"UPDATE {_outbox} SET cancelled_ms = $2 WHERE subscription_id = $1 AND delivered_ms IS NULL AND cancelled_ms IS NULL",
            connection,
            transaction);
        cancel.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        cancel.Parameters.Add(Ms(at));
        await cancel.ExecuteNonQueryAsync(cancellationToken);

        // A failed delivery's error names the receiver's host and port: it goes with the URL.
        await using var errors = new NpgsqlCommand(
            $"UPDATE {_outbox} SET last_error = NULL WHERE subscription_id = $1 AND last_error IS NOT NULL",
            connection,
            transaction);
        errors.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await errors.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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

        // One statement, in the given order (WITH ORDINALITY), so a subscription's messages get increasing sequence numbers.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_outbox} (id, subscription_id, type, body, created_ms, next_attempt_ms)
            SELECT m.id, m.subscription_id, m.type, m.body, m.created_ms, m.created_ms
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) WITH ORDINALITY
                 AS m(id, subscription_id, type, body, created_ms, n)
            JOIN {_subscriptions} s ON s.id = m.subscription_id AND s.ended_ms IS NULL
            ORDER BY m.n
            ON CONFLICT (id) DO NOTHING
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Id)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.SubscriptionId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Type)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Body)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. messages.Select(m => SubscriptionRows.ToMs(m.CreatedAt))] });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(SubscriptionRows.DueSql(_subscriptions, _outbox), connection);
        command.Parameters.Add(new NpgsqlParameter<long>("now", SubscriptionRows.ToMs(now)));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return await SubscriptionRows.ReadListAsync(command, SubscriptionRows.ReadEntry, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> ClaimAsync(string messageId, int attempts, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            UPDATE {_outbox} SET attempts = attempts + 1, next_attempt_ms = $4, last_attempt_ms = $3
            WHERE id = $1 AND attempts = $2 AND next_attempt_ms <= $3 AND delivered_ms IS NULL AND cancelled_ms IS NULL
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = messageId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
        command.Parameters.Add(Ms(now));
        command.Parameters.Add(Ms(claimUntil));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> CancelUnsentAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(SubscriptionRows.CancelUnsentSql(_outbox), connection);
        command.Parameters.Add(new NpgsqlParameter<string>("id", messageId));
        command.Parameters.Add(new NpgsqlParameter<long>("at", SubscriptionRows.ToMs(at)));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task MarkDeliveredAsync(string messageId, DateTimeOffset at, int status, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"UPDATE {_outbox} SET delivered_ms = $2, last_status = $3, last_error = NULL WHERE id = $1 AND delivered_ms IS NULL",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = messageId });
        command.Parameters.Add(Ms(at));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = status });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> MarkFailedAsync(string messageId, int attempt, int? status, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"UPDATE {_outbox} SET next_attempt_ms = $4, last_status = $2, last_error = $3 WHERE id = $1 AND attempts = $5 AND delivered_ms IS NULL",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = messageId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
        command.Parameters.Add(Ms(nextAttemptAt));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(SubscriptionRows.PendingSql(_subscriptions, _outbox), connection);
        return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {SubscriptionRows.OutboxColumns} FROM {_outbox} WHERE subscription_id = $1 ORDER BY seq", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscriptionId });
        return await SubscriptionRows.ReadListAsync(command, SubscriptionRows.ReadEntry, cancellationToken);
    }

    /// <summary>Closes the data source and its pooled connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Ms(DateTimeOffset? value) =>
        new() { Value = value is { } time ? SubscriptionRows.ToMs(time) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };
}
