using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Storage.Subscriptions;

/// <summary>One flip of a subscribed policy for one contest, as the outbox turns it into a message: the contest became
/// final (<see cref="Final"/> true) or stopped being final.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Policy">The policy, as the subscriber wrote it.</param>
/// <param name="Final">The policy's new answer.</param>
/// <param name="At">When it flipped.</param>
/// <param name="Position">The log position of the fact that made it flip.</param>
/// <param name="Reasons">Why, in words, as the finality evaluator gives them.</param>
public sealed record FlipNotice(string Contest, string Policy, bool Final, DateTimeOffset At, long Position, ImmutableArray<string> Reasons)
{
    /// <summary>The event type of a flip to final.</summary>
    public const string FinalType = "finality.final";

    /// <summary>The event type of a flip back to not final (a retraction).</summary>
    public const string RetractedType = "finality.retracted";

    /// <summary>The outbox message telling <paramref name="subscriptionId"/> of this flip. Its id and body depend only on
    /// the subscription and the flip, so computing the same flip again yields the same message, which the outbox skips.</summary>
    public OutboxMessage ToMessage(string subscriptionId, DateTimeOffset enqueuedAt)
    {
        var type = Final ? FinalType : RetractedType;
        var at = At.ToUniversalTime();
        var id = MessageId(subscriptionId);
        var payload = new WebhookPayload<FlipData>(type, at, new FlipData(subscriptionId, Contest, Policy, Final, at, Position, Reasons.IsDefault ? [] : Reasons));
        return new OutboxMessage(id, subscriptionId, type, JsonSerializer.Serialize(payload, SubscriptionJsonContext.Default.WebhookPayloadFlipData), enqueuedAt);
    }

    /// <summary>The <c>webhook-id</c> of this flip's message to <paramref name="subscriptionId"/>.</summary>
    public string MessageId(string subscriptionId) => WebhookMessageIds.Derive(
        subscriptionId, Contest, Position.ToString(CultureInfo.InvariantCulture), Final ? "final" : "retracted",
        At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
}

/// <summary>The body of every webhook, in the Standard Webhooks shape: <c>type</c>, <c>timestamp</c> (when the event
/// happened) and <c>data</c>.</summary>
/// <typeparam name="TData">The shape of <c>data</c> for the type: <see cref="FlipData"/> or <see cref="SupersededData"/>.</typeparam>
/// <param name="Type"><c>finality.final</c>, <c>finality.retracted</c> or <c>finality.superseded</c>.</param>
/// <param name="Timestamp">When the flip happened; for a correction, when it was issued.</param>
/// <param name="Data">The flip or the correction.</param>
public sealed record WebhookPayload<TData>(string Type, DateTimeOffset Timestamp, TData Data);

/// <summary>The <c>data</c> of a finality webhook.</summary>
/// <param name="Subscription">The subscription it was sent for.</param>
/// <param name="Contest">The contest.</param>
/// <param name="Policy">The policy.</param>
/// <param name="Final">The policy's new answer.</param>
/// <param name="At">When it flipped.</param>
/// <param name="Position">The log position of the fact that made it flip: a receiver that has seen a higher position for
/// this contest can ignore an older message.</param>
/// <param name="Reasons">Why.</param>
public sealed record FlipData(string Subscription, string Contest, string Policy, bool Final, DateTimeOffset At, long Position, ImmutableArray<string> Reasons);

/// <summary>Source-generated JSON for webhook bodies and the subscription tables.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebhookPayload<FlipData>))]
[JsonSerializable(typeof(WebhookPayload<SupersededData>))]
[JsonSerializable(typeof(SentBody))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SubscriptionJsonContext : JsonSerializerContext;
