using System.Security.Cryptography;
using System.Text;

namespace Canvass.Storage.Subscriptions;

/// <summary>How every <c>webhook-id</c> is made: <c>msg_</c> and the first 16 bytes of the SHA-256 of the parts that
/// identify the message, in hexadecimal. The same parts always give the same id, so a message computed again is the same
/// message, which the outbox and the receiver both recognise.</summary>
internal static class WebhookMessageIds
{
    public static string Derive(params ReadOnlySpan<string> parts) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))).AsSpan(0, 16));
}
