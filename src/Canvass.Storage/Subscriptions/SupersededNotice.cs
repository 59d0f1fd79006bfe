using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Canvass.Storage.Subscriptions;

/// <summary>A correction for one contest: a fact recorded late (its time before facts already recorded) rewrote the
/// policy's history, so a flip the subscriber was sent no longer happened, or the last message it was sent no longer
/// states the answer. The correction names each such flip and states the answer now.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Policy">The policy, as the subscriber wrote it.</param>
/// <param name="Final">The policy's answer now.</param>
/// <param name="Since">When the answer became what it is (the time of the flip that made it so), or null when the policy
/// has never been final for the contest.</param>
/// <param name="Position">The log position of the latest fact recorded for the contest: the fact that rewrote the history,
/// or a later one. It is at least the position of every message sent before for the contest.</param>
/// <param name="Withdrawn">The flips the subscriber was sent (or may have been: an attempt was made) that no longer hold
/// and that no earlier correction named; empty when only the order of what was sent misleads.</param>
/// <param name="Reasons">Why the answer is what it is now, as the finality evaluator gives them.</param>
public sealed record SupersededNotice(
    string Contest, string Policy, bool Final, DateTimeOffset? Since, long Position, ImmutableArray<WithdrawnFlip> Withdrawn, ImmutableArray<string> Reasons)
{
    /// <summary>The event type of a correction.</summary>
    public const string SupersededType = "finality.superseded";

    /// <summary>The outbox message carrying this correction to <paramref name="subscriptionId"/>, issued at
    /// <paramref name="issuedAt"/> (its body's <c>timestamp</c>). Its id depends only on the subscription, the message it
    /// follows for the contest (<paramref name="follows"/>, null when none) and what it says, so a notifier that computes the
    /// same correction again gets the same id, which the outbox skips; and the same answer stated again after other
    /// messages is a new message.</summary>
    public OutboxMessage ToMessage(string subscriptionId, string? follows, DateTimeOffset issuedAt)
    {
        var withdrawn = Withdrawn.IsDefault ? [] : Withdrawn;
        var since = Since?.ToUniversalTime();
        var id = WebhookMessageIds.Derive(
            SupersededType, subscriptionId, Contest, follows ?? "", string.Join(',', withdrawn.Select(w => w.Id)), Final ? "final" : "not-final",
            since?.ToString("O", CultureInfo.InvariantCulture) ?? "", Position.ToString(CultureInfo.InvariantCulture));
        var data = new SupersededData(subscriptionId, Contest, Policy, Final, since, Position,
            [.. withdrawn.Select(w => w with { At = w.At.ToUniversalTime() })], Reasons.IsDefault ? [] : Reasons);
        var payload = new WebhookPayload<SupersededData>(SupersededType, issuedAt.ToUniversalTime(), data);
        return new OutboxMessage(id, subscriptionId, SupersededType, JsonSerializer.Serialize(payload, SubscriptionJsonContext.Default.WebhookPayloadSupersededData), issuedAt);
    }
}

/// <summary>A flip a subscriber was sent that no longer holds, as a correction names it.</summary>
/// <param name="Id">The <c>webhook-id</c> it was sent under.</param>
/// <param name="Final">The answer it announced.</param>
/// <param name="At">When it said the policy flipped.</param>
/// <param name="Position">The log position it gave.</param>
public sealed record WithdrawnFlip(string Id, bool Final, DateTimeOffset At, long Position);

/// <summary>The <c>data</c> of a <c>finality.superseded</c> webhook.</summary>
/// <param name="Subscription">The subscription it was sent for.</param>
/// <param name="Contest">The contest.</param>
/// <param name="Policy">The policy.</param>
/// <param name="Final">The policy's answer now.</param>
/// <param name="Since">When the answer became what it is, or null when the policy has never been final.</param>
/// <param name="Position">The log position of the latest fact recorded for the contest when the correction was issued.</param>
/// <param name="Withdrawn">The flips sent before that no longer hold (possibly none).</param>
/// <param name="Reasons">Why the answer is what it is now.</param>
public sealed record SupersededData(
    string Subscription, string Contest, string Policy, bool Final, DateTimeOffset? Since, long Position, ImmutableArray<WithdrawnFlip> Withdrawn, ImmutableArray<string> Reasons);
