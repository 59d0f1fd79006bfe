using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
        var key = string.Join('\n', subscriptionId, Contest, Position.ToString(CultureInfo.InvariantCulture), Final ? "final" : "retracted",
            at.ToString("O", CultureInfo.InvariantCulture));
        var id = "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
        var payload = new WebhookPayload(type, at, new FlipData(subscriptionId, Contest, Policy, Final, at, Position, Reasons.IsDefault ? [] : Reasons));
        return new OutboxMessage(id, subscriptionId, type, JsonSerializer.Serialize(payload, SubscriptionJsonContext.Default.WebhookPayload), enqueuedAt);
    }
}

/// <summary>The body of every webhook, in the Standard Webhooks shape: <c>type</c>, <c>timestamp</c> (when the flip
/// happened) and <c>data</c>.</summary>
/// <param name="Type"><c>finality.final</c> or <c>finality.retracted</c>.</param>
/// <param name="Timestamp">When the flip happened.</param>
/// <param name="Data">The flip.</param>
public sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, FlipData Data);

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
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SubscriptionJsonContext : JsonSerializerContext;
