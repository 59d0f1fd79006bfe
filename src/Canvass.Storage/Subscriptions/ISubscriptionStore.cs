namespace Canvass.Storage.Subscriptions;

/// <summary>The private part of a Canvass store: subscriptions and the webhook outbox. Nothing here is an event, a log
/// leaf, or reachable from <see cref="ICanvassStore"/>, the public API, exports or bundles.</summary>
/// <remarks>Implementations: <c>Canvass.Storage.Sqlite.SqliteSubscriptionStore</c> and
/// <c>Canvass.Storage.Postgres.PostgresSubscriptionStore</c>, in the same database as the event store but in their own
/// tables (<c>wh_subscriptions</c>, <c>wh_outbox</c>). Both pass the same contract tests. Times are passed in by the
/// caller (who takes them from a <see cref="TimeProvider"/>) and stored to the millisecond.</remarks>
/// <threadsafety>Safe for concurrent use, also by several processes: claiming a message is a compare-and-set.</threadsafety>
public interface ISubscriptionStore : IAsyncDisposable
{
    /// <summary>Creates the private tables if they do not exist. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new, active subscription.</summary>
    /// <exception cref="InvalidOperationException">A subscription with this id exists.</exception>
    Task AddSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken = default);

    /// <summary>The subscription with this id (active or ended), or null.</summary>
    Task<Subscription?> FindSubscriptionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every subscription, oldest first; ended ones only when <paramref name="includeEnded"/>.</summary>
    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(bool includeEnded = false, CancellationToken cancellationToken = default);

    /// <summary>Ends an active subscription at <paramref name="at"/>: erases its URL, secret and contact (keeping the id,
    /// policy, contests and the record of the terms accepted), and cancels its undelivered messages. Returns false when
    /// there is no active subscription with this id.</summary>
    Task<bool> EndSubscriptionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Adds messages to the outbox, in order, each due at its <see cref="OutboxMessage.CreatedAt"/>. A message
    /// whose id is already in the outbox (delivered or not) is skipped, so enqueueing the same flips again is harmless;
    /// messages for an unknown or ended subscription are skipped too. Returns how many were added.</summary>
    Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>The messages that may be attempted at <paramref name="now"/>: for each active subscription, its oldest
    /// pending message, when that one is due. Later messages wait behind it, so each subscriber sees flips in order.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Claims a due message for one attempt: counts the attempt and pushes its next attempt to
    /// <paramref name="claimUntil"/>, so no other notifier sends it meanwhile and a notifier that dies mid-delivery leaves
    /// it to be retried after the claim runs out. Succeeds only if the message is still pending, due at
    /// <paramref name="now"/> and has had exactly <paramref name="attempts"/> attempts (compare-and-set).</summary>
    Task<bool> ClaimAsync(string messageId, int attempts, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default);

    /// <summary>Cancels a message that no attempt has started on, because what it says no longer holds: it will never be
    /// sent. Succeeds only while the message is pending with no attempt counted (compare-and-set against
    /// <see cref="ClaimAsync"/>), so a message a receiver may have seen is never cancelled this way; returns false
    /// otherwise. Its id stays in the outbox, so enqueueing it again is skipped.</summary>
    Task<bool> CancelUnsentAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a 2xx answer: the message will never be sent again.</summary>
    Task MarkDeliveredAsync(string messageId, DateTimeOffset at, int status, CancellationToken cancellationToken = default);

    /// <summary>Records the failure of attempt <paramref name="attempt"/> (the number <see cref="ClaimAsync"/> counted) and
    /// when to try again, if that attempt's claim is still the latest: a notifier whose send outlived its claim, while
    /// another claimed the message again, must not move the newer claim's time (which would let a third notifier send
    /// it at the same time as the second). Returns false when the failure was not recorded: the message was claimed
    /// again since, or delivered.</summary>
    Task<bool> MarkFailedAsync(string messageId, int attempt, int? status, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default);

    /// <summary>How many messages of active subscriptions are still to be delivered.</summary>
    Task<int> CountPendingAsync(CancellationToken cancellationToken = default);

    /// <summary>A subscription's messages, in outbox order, whatever their state.</summary>
    Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string subscriptionId, CancellationToken cancellationToken = default);
}
