namespace Canvass.Storage.Subscriptions;

/// <summary>How webhooks are delivered and retried.</summary>
/// <remarks>A failed attempt is retried after <see cref="BackoffBase"/> × 2^(attempts − 1), at most
/// <see cref="BackoffCap"/>, for as long as the subscription lasts: a receiver that is down for hours or days receives
/// every message once it is back. A receiver's <c>Retry-After</c> can lengthen a wait, never beyond the cap.</remarks>
public sealed record WebhookDeliveryOptions
{
    /// <summary>Which addresses may be delivered to.</summary>
    /// <value>Public addresses only.</value>
    public WebhookAddressPolicy Addresses { get; init; } = new();

    /// <summary>How long one request may take before it counts as failed.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; each further failure doubles it.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between attempts.</summary>
    /// <value>1 hour.</value>
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed message is left alone by other notifiers: the request timeout plus this margin. A
    /// notifier killed mid-delivery leaves its message to be retried once the claim runs out.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan ClaimMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failures.</summary>
    public TimeSpan Backoff(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var exponent = Math.Min(attempts - 1, 40);
        var seconds = BackoffBase.TotalSeconds * Math.Pow(2, exponent);
        return seconds >= BackoffCap.TotalSeconds ? BackoffCap : TimeSpan.FromSeconds(seconds);
    }
}
