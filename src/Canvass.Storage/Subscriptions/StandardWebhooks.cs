using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Canvass.Storage.Subscriptions;

/// <summary>Standard Webhooks signatures (https://www.standardwebhooks.com): the <c>webhook-id</c>,
/// <c>webhook-timestamp</c> and <c>webhook-signature</c> headers, where the signature is
/// <c>v1,</c> + base64(HMAC-SHA256(key, <c>{id}.{timestamp}.{body}</c>)) and the key is the base64 part of a
/// <c>whsec_</c> secret.</summary>
/// <remarks>Any Standard Webhooks library verifies what <see cref="Sign"/> produces. <see cref="Verify"/> is the receiver's
/// side, written the way the specification asks: constant-time comparison and a timestamp tolerance against replay.</remarks>
/// <threadsafety>Stateless and safe for concurrent use.</threadsafety>
public static class StandardWebhooks
{
    /// <summary>The header carrying the message id.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The header carrying the attempt's Unix time in seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The header carrying one or more space-separated signatures.</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The prefix of a signing secret.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>How far a timestamp may be from the receiver's clock by default: five minutes, as the specification suggests.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int SecretBytes = 32;

    /// <summary>A new secret: <c>whsec_</c> and the base64 of 32 bytes from a cryptographic random generator.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The signature header value for one attempt.</summary>
    /// <param name="secret">A <c>whsec_</c> secret.</param>
    /// <param name="id">The message id.</param>
    /// <param name="timestamp">The attempt's Unix time in seconds.</param>
    /// <param name="body">The exact body sent.</param>
    /// <exception cref="FormatException">The secret is not <c>whsec_</c> and base64.</exception>
    public static string Sign(string secret, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(Mac(Key(secret), id, timestamp.ToString(CultureInfo.InvariantCulture), body));

    /// <summary>Checks a request as a receiver must: one of the space-separated <c>v1</c> signatures matches, and the
    /// timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    /// <returns>True when the request is authentic and fresh.</returns>
    public static bool Verify(string secret, string id, string timestamp, string signatureHeader, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Mac(Key(secret), id, timestamp, body);
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var given = new byte[expected.Length + 3];
            if (Convert.TryFromBase64String(candidate[3..], given, out var written)
                && CryptographicOperations.FixedTimeEquals(given.AsSpan(0, written), expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="secret"/> is <c>whsec_</c> followed by base64 of 24 to 64 bytes.</summary>
    public static bool IsSecret(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var buffer = new byte[64];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], buffer, out var written) && written >= 24;
    }

    private static byte[] Key(string secret)
    {
        if (!IsSecret(secret))
        {
            throw new FormatException("A webhook secret is 'whsec_' followed by the base64 of 24 to 64 bytes.");
        }

        return Convert.FromBase64String(secret[SecretPrefix.Length..]);
    }

    private static byte[] Mac(byte[] key, string id, string timestamp, string body) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body));
}
