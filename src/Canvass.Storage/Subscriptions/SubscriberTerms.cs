using System.Security.Cryptography;

namespace Canvass.Storage.Subscriptions;

/// <summary>The subscriber terms a subscriber must accept, and the ids given to subscriptions.</summary>
/// <remarks>The terms' text is in <c>docs/subscriptions.md</c> under its version. A new text gets a new version; a
/// subscription keeps the version it accepted.</remarks>
public static class SubscriberTerms
{
    /// <summary>The version of the terms in force.</summary>
    public const string CurrentVersion = "canvass-subscriber-terms-2026-12";

    /// <summary>A new subscription id: <c>sub_</c> and 24 hexadecimal digits from a cryptographic random generator.</summary>
    public static string NewSubscriptionId() => "sub_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
