using System.Collections.Immutable;

namespace Canvass.Storage.Subscriptions;

/// <summary>A subscriber's standing request to be told when a finality policy flips for some contests. Private: kept in
/// its own tables, never a log leaf, never in a public API, export or bundle.</summary>
/// <param name="Id">The subscription's id (<c>sub_</c> and 24 hexadecimal digits), given to the subscriber.</param>
/// <param name="Policy">A built-in policy name or a policy expression, as the subscriber wrote it.</param>
/// <param name="Contests">The contests followed; empty means every contest of the election.</param>
/// <param name="Url">Where flips are delivered; null once the subscription has ended (unsubscribing erases it).</param>
/// <param name="Secret">The signing secret (<c>whsec_</c> and base64); null once the subscription has ended.</param>
/// <param name="Contact">How to reach the subscriber (free text, optional); null once the subscription has ended.</param>
/// <param name="TermsVersion">The version of the subscriber terms that were accepted.</param>
/// <param name="TermsAcceptedAt">When the terms were accepted.</param>
/// <param name="CreatedAt">When the subscription was made.</param>
/// <param name="EndedAt">When the subscriber unsubscribed, or null while it is active.</param>
public sealed record Subscription(
    string Id,
    string Policy,
    ImmutableArray<string> Contests,
    Uri? Url,
    string? Secret,
    string? Contact,
    string TermsVersion,
    DateTimeOffset TermsAcceptedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt)
{
    /// <summary>True until the subscriber unsubscribes.</summary>
    public bool IsActive => EndedAt is null;
}
