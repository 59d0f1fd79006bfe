namespace Canvass.Storage.Subscriptions;

/// <summary>One notification waiting in the persistent outbox: its body is fixed when it is enqueued, so every retry
/// sends the same bytes under the same <see cref="Id"/>.</summary>
/// <param name="Id">The Standard Webhooks message id (<c>webhook-id</c>), stable across retries and re-enqueues.</param>
/// <param name="SubscriptionId">The subscription it is for.</param>
/// <param name="Type">The event type in the body (for example <c>finality.final</c>).</param>
/// <param name="Body">The exact JSON body that is signed and sent.</param>
/// <param name="CreatedAt">When it was enqueued; it is due from then.</param>
public sealed record OutboxMessage(string Id, string SubscriptionId, string Type, string Body, DateTimeOffset CreatedAt);

/// <summary>A message in the outbox with its delivery state.</summary>
/// <param name="Sequence">Its place in the outbox; a subscription's messages are delivered in this order.</param>
/// <param name="Message">The message.</param>
/// <param name="Attempts">How many delivery attempts were started (a claimed attempt counts even if the process died).</param>
/// <param name="NextAttemptAt">When it is due next: its creation, a retry after backoff, or the end of a claim.</param>
/// <param name="LastAttemptAt">When the latest attempt started, or null.</param>
/// <param name="LastStatus">The HTTP status of the latest answered attempt, or null.</param>
/// <param name="LastError">Why the latest attempt failed, or null.</param>
/// <param name="DeliveredAt">When a 2xx answer was received, or null.</param>
/// <param name="CancelledAt">When the message was cancelled undelivered (the subscription ended, or what it said stopped
/// holding before any attempt), or null.</param>
public sealed record OutboxEntry(
    long Sequence,
    OutboxMessage Message,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? CancelledAt)
{
    /// <summary>True while it still has to be delivered.</summary>
    public bool IsPending => DeliveredAt is null && CancelledAt is null;
}
