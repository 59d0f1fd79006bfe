using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;

namespace Canvass.Storage.Subscriptions;

/// <summary>The row encoding both engines share: times as Unix milliseconds, contests as a JSON array.</summary>
internal static class SubscriptionRows
{
    /// <summary>The columns <see cref="ReadSubscription"/> expects, in order.</summary>
    public const string SubscriptionColumns =
        "id, policy, contests, url, secret, contact, terms_version, terms_accepted_ms, created_ms, ended_ms";

    /// <summary>The columns <see cref="ReadEntry"/> expects, in order.</summary>
    public const string OutboxColumns =
        "seq, id, subscription_id, type, body, created_ms, attempts, next_attempt_ms, last_attempt_ms, last_status, last_error, delivered_ms, cancelled_ms";

    public static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static string EncodeContests(ImmutableArray<string> contests) =>
        JsonSerializer.Serialize(contests.IsDefault ? [] : contests.ToArray(), SubscriptionJsonContext.Default.StringArray);

    public static Subscription ReadSubscription(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        [.. JsonSerializer.Deserialize(reader.GetString(2), SubscriptionJsonContext.Default.StringArray) ?? []],
        reader.IsDBNull(3) ? null : new Uri(reader.GetString(3), UriKind.Absolute),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6),
        FromMs(reader.GetInt64(7)),
        FromMs(reader.GetInt64(8)),
        reader.IsDBNull(9) ? null : FromMs(reader.GetInt64(9)));

    /// <summary>Runs <paramref name="command"/> and reads every row with <paramref name="read"/>.</summary>
    public static async Task<IReadOnlyList<T>> ReadListAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(read(reader));
        }

        return list;
    }

    public static OutboxEntry ReadEntry(DbDataReader reader) => new(
        reader.GetInt64(0),
        new OutboxMessage(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), FromMs(reader.GetInt64(5))),
        reader.GetInt32(6),
        FromMs(reader.GetInt64(7)),
        reader.IsDBNull(8) ? null : FromMs(reader.GetInt64(8)),
        reader.IsDBNull(9) ? null : reader.GetInt32(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : FromMs(reader.GetInt64(11)),
        reader.IsDBNull(12) ? null : FromMs(reader.GetInt64(12)));

    /// <summary>The due-heads query: each active subscription's oldest pending message, when it is due. <c>{s}</c> and
    /// <c>{o}</c> stand for the two tables; parameters are now (ms) then the limit, as <c>@now</c> and <c>@limit</c>.</summary>
    public static string DueSql(string subscriptions, string outbox) => $"""
        SELECT o.seq, o.id, o.subscription_id, o.type, o.body, o.created_ms, o.attempts, o.next_attempt_ms, o.last_attempt_ms,
               o.last_status, o.last_error, o.delivered_ms, o.cancelled_ms
        FROM {outbox} o JOIN {subscriptions} s ON s.id = o.subscription_id
        WHERE s.ended_ms IS NULL AND o.delivered_ms IS NULL AND o.cancelled_ms IS NULL AND o.next_attempt_ms <= @now
          AND o.seq = (SELECT min(p.seq) FROM {outbox} p
                       WHERE p.subscription_id = o.subscription_id AND p.delivered_ms IS NULL AND p.cancelled_ms IS NULL)
        ORDER BY o.seq
        LIMIT @limit
        """;

    /// <summary>Cancels a pending message no attempt has started on (<c>@id</c>, <c>@at</c> in ms): the compare-and-set on
    /// <c>attempts = 0</c> loses to a claim, so a message that may have reached the receiver is never cancelled.</summary>
    public static string CancelUnsentSql(string outbox) => $"""
        UPDATE {outbox} SET cancelled_ms = @at
        WHERE id = @id AND attempts = 0 AND delivered_ms IS NULL AND cancelled_ms IS NULL
        """;

    /// <summary>Counts the undelivered, uncancelled messages of active subscriptions.</summary>
    public static string PendingSql(string subscriptions, string outbox) => $"""
        SELECT count(*) FROM {outbox} o JOIN {subscriptions} s ON s.id = o.subscription_id
        WHERE s.ended_ms IS NULL AND o.delivered_ms IS NULL AND o.cancelled_ms IS NULL
        """;
}
