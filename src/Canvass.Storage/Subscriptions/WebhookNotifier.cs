using System.Collections.Immutable;
using Canvass.Domain;

namespace Canvass.Storage.Subscriptions;

/// <summary>Computes the history of a subscription's policy for each of its contests (null: every contest of the election),
/// replaying the store: every flip, and why the answer is what it is at <c>now</c>.</summary>
public delegate Task<Result<IReadOnlyList<ContestFlips>>> FlipSource(string policy, IReadOnlyCollection<string>? contests, DateTimeOffset now, CancellationToken cancellationToken);

/// <summary>A message delivered, or an attempt that failed and when it will be retried.</summary>
/// <param name="MessageId">The <c>webhook-id</c>.</param>
/// <param name="Subscription">The subscription.</param>
/// <param name="Type">The event type.</param>
/// <param name="Attempt">Which attempt this was (1 for the first).</param>
/// <param name="Status">The HTTP status, when the receiver answered.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="NextAttemptAt">When it will be tried again, when it failed; null when another notifier claimed the message
/// again while this attempt was still waiting for its answer (the claim had run out), so that notifier's attempt decides.</param>
public sealed record DeliveryRecord(string MessageId, string Subscription, string Type, int Attempt, int? Status, string? Error, DateTimeOffset? NextAttemptAt);

/// <summary>What one run of the notifier did.</summary>
/// <param name="Enqueued">How many new messages went into the outbox: flips and corrections.</param>
/// <param name="Cancelled">How many messages not yet attempted were cancelled because what they said no longer holds.</param>
/// <param name="Delivered">Messages a receiver accepted (2xx).</param>
/// <param name="Failed">Attempts that failed; each message is retried later with backoff.</param>
/// <param name="Problems">Subscriptions whose flips could not be computed (for example a policy that no longer parses).</param>
/// <param name="Pending">Messages still waiting after the run.</param>
public sealed record NotifyRun(int Enqueued, int Cancelled, ImmutableArray<DeliveryRecord> Delivered, ImmutableArray<DeliveryRecord> Failed, ImmutableArray<Problem> Problems, int Pending);

/// <summary>Drains the outbox once: enqueues a message for every flip of every active subscription's policy (each flip
/// once, under a stable id) and a correction wherever a fact recorded late rewrote what was sent, then delivers every
/// message that is due, oldest first per subscription, until nothing due is left. Delivery is at least once: a message is
/// marked delivered only after a 2xx answer, so a crash or a receiver that is down means it is sent again later, with the
/// same id and body.</summary>
/// <remarks>The rule subscribers rely on: once a run has delivered every message, the last message each subscription got
/// about a contest states the policy's answer as of the log that run read, and no message about it has a higher
/// <c>data.position</c>; every flip that was sent and no longer holds has been named by a <c>finality.superseded</c>
/// message. A message that no longer holds before any attempt was made on it is cancelled instead.</remarks>
/// <param name="store">The private subscription store.</param>
/// <param name="sender">Sends the requests.</param>
/// <param name="options">Timeouts and backoff.</param>
/// <param name="timeProvider">The clock: for due times, backoff and the <c>webhook-timestamp</c> header.</param>
/// <threadsafety>One run at a time per instance; several notifiers (processes or nodes) may run against the same store.</threadsafety>
public sealed class WebhookNotifier(ISubscriptionStore store, WebhookSender sender, WebhookDeliveryOptions options, TimeProvider timeProvider)
{
    private const int BatchSize = 100;

    /// <summary>Enqueues new flips and corrections from <paramref name="flips"/>, cancels what no longer holds, and delivers
    /// what is due.</summary>
    public async Task<NotifyRun> RunOnceAsync(FlipSource flips, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flips);
        var (enqueued, cancelled, problems) = await EnqueueAsync(flips, cancellationToken);
        var (delivered, failed) = await DeliverDueAsync(cancellationToken);
        return new NotifyRun(enqueued, cancelled, delivered, failed, problems, await store.CountPendingAsync(cancellationToken));
    }

    /// <summary>Brings each active subscription's outbox into line with its policy's history: cancels the messages not yet
    /// attempted that no longer hold, enqueues each flip that has happened by now and was not sent (flips still in the
    /// future wait for a run after their time), and, for a contest whose history a late fact rewrote, a correction after
    /// them (see <see cref="SupersededNotice"/>).</summary>
    public async Task<(int Enqueued, int Cancelled, ImmutableArray<Problem> Problems)> EnqueueAsync(FlipSource flips, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flips);
        var enqueued = 0;
        var cancelled = 0;
        var problems = ImmutableArray.CreateBuilder<Problem>();
        var computed = new Dictionary<string, Result<IReadOnlyList<ContestFlips>>>(StringComparer.Ordinal);
        var now = timeProvider.GetUtcNow();
        foreach (var subscription in await store.ListSubscriptionsAsync(cancellationToken: cancellationToken))
        {
            // Subscribers often share a policy and contests: replay the log once per distinct pair.
            var key = subscription.Policy + "\n" + string.Join('\n', subscription.Contests);
            if (!computed.TryGetValue(key, out var result))
            {
                result = await flips(subscription.Policy, subscription.Contests.IsEmpty ? null : subscription.Contests, now, cancellationToken);
                computed[key] = result;
            }

            if (!result.IsSuccess)
            {
                problems.AddRange(result.Problems.Select(p => p with { Message = $"subscription {subscription.Id}: {p.Message}" }));
                continue;
            }

            var (messages, withdrawn) = await ReconcileAsync(subscription, result.Value, now, cancellationToken);
            cancelled += withdrawn;
            enqueued += await store.EnqueueAsync(messages, cancellationToken);
        }

        return (enqueued, cancelled, problems.ToImmutable());
    }

    private async Task<(List<OutboxMessage> Messages, int Cancelled)> ReconcileAsync(
        Subscription subscription, IReadOnlyList<ContestFlips> histories, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outbox = await store.ReadOutboxAsync(subscription.Id, cancellationToken);
        var known = outbox.Select(e => e.Message.Id).ToHashSet(StringComparer.Ordinal);
        var sentByContest = SentMessage.ByContest(outbox);
        var flips = new List<FlipNotice>();
        var corrections = new List<OutboxMessage>();
        var cancelled = 0;
        foreach (var history in histories)
        {
            var sent = sentByContest.GetValueOrDefault(history.Contest) ?? [];

            // A clock behind what was already sent (another notifier's, or --now set back) would take flips sent as not yet
            // happened: leave the contest to a run whose clock has passed them.
            if (sent.Any(m => m.Time > now))
            {
                continue;
            }

            var contest = new ContestReconciliation(history, now);
            foreach (var stale in contest.Stale(sent).ToList())
            {
                if (await store.CancelUnsentAsync(stale.Id, now, cancellationToken))
                {
                    sent.Remove(stale);
                    cancelled++;
                }
            }

            var (fresh, correction, follows) = contest.Plan(subscription.Id, subscription.Policy, sent, known);
            flips.AddRange(fresh);
            if (correction is not null)
            {
                corrections.Add(correction.ToMessage(subscription.Id, follows, now));
            }
        }

        // New flips in the order the facts were recorded, then each contest's correction after its flips.
        List<OutboxMessage> messages = [.. flips.OrderBy(f => f.Position).ThenBy(f => f.At).ThenBy(f => f.Contest, StringComparer.Ordinal)
            .Select(f => f.ToMessage(subscription.Id, now)), .. corrections];
        return (messages, cancelled);
    }

    /// <summary>Delivers every message that is due, until none is left that is due now.</summary>
    public async Task<(ImmutableArray<DeliveryRecord> Delivered, ImmutableArray<DeliveryRecord> Failed)> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var delivered = ImmutableArray.CreateBuilder<DeliveryRecord>();
        var failed = ImmutableArray.CreateBuilder<DeliveryRecord>();
        var subscriptions = new Dictionary<string, Subscription>(StringComparer.Ordinal);
        foreach (var subscription in await store.ListSubscriptionsAsync(cancellationToken: cancellationToken))
        {
            subscriptions[subscription.Id] = subscription;
        }

        while (true)
        {
            var due = await store.ListDueAsync(timeProvider.GetUtcNow(), BatchSize, cancellationToken);
            var progress = false;
            var attempted = false;
            foreach (var entry in due)
            {
                if (!subscriptions.TryGetValue(entry.Message.SubscriptionId, out var subscription) || subscription.Url is null || subscription.Secret is null)
                {
                    continue;
                }

                var now = timeProvider.GetUtcNow();
                if (!await store.ClaimAsync(entry.Message.Id, entry.Attempts, now, now + options.Timeout + options.ClaimMargin, cancellationToken))
                {
                    continue; // Another notifier took it, or it was cancelled meanwhile.
                }

                attempted = true;
                var attempt = entry.Attempts + 1;
                var outcome = await sender.SendAsync(subscription.Url, subscription.Secret, entry.Message, now, cancellationToken);
                var after = timeProvider.GetUtcNow();
                if (outcome.Delivered)
                {
                    await store.MarkDeliveredAsync(entry.Message.Id, after, outcome.Status!.Value, cancellationToken);
                    delivered.Add(new DeliveryRecord(entry.Message.Id, subscription.Id, entry.Message.Type, attempt, outcome.Status, null, null));
                    progress = true;
                }
                else
                {
                    var wait = options.Backoff(attempt);
                    if (outcome.RetryAfter is { } retryAfter && retryAfter > wait)
                    {
                        wait = retryAfter < options.BackoffCap ? retryAfter : options.BackoffCap;
                    }

                    var next = after + wait;
                    var recorded = await store.MarkFailedAsync(entry.Message.Id, attempt, outcome.Status, outcome.Error ?? "failed", next, cancellationToken);
                    failed.Add(new DeliveryRecord(entry.Message.Id, subscription.Id, entry.Message.Type, attempt, outcome.Status, outcome.Error, recorded ? next : null));
                }
            }

            // A delivery may have made the subscription's next message due, and a full batch may have left more heads due;
            // a failure or a skipped claim never makes anything due.
            if (!progress && !(attempted && due.Count == BatchSize))
            {
                return (delivered.ToImmutable(), failed.ToImmutable());
            }
        }
    }
}
