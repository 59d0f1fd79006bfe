using System.CommandLine;
using Canvass.Storage.Subscriptions;

namespace Canvass.Cli.Common;

/// <summary>The operator's settings for webhook addresses, shared by <c>subscribe</c> and <c>notify</c>: loopback and
/// private networks are refused unless allowed here or in <c>CANVASS_WEBHOOK_ALLOW</c> (<c>loopback</c>,
/// <c>private</c>, comma-separated).</summary>
internal static class WebhookOptions
{
    public const string EnvironmentVariable = "CANVASS_WEBHOOK_ALLOW";

    public static Option<bool> AllowLoopback() => new("--allow-loopback")
    {
        Description = "Allow webhook receivers on this host (127.0.0.0/8, ::1). Default: refused (also settable with CANVASS_WEBHOOK_ALLOW=loopback).",
    };

    public static Option<bool> AllowPrivate() => new("--allow-private")
    {
        Description = "Allow webhook receivers on private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). Default: refused (CANVASS_WEBHOOK_ALLOW=private).",
    };

    public static WebhookAddressPolicy Policy(bool allowLoopback, bool allowPrivate)
    {
        var env = (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new WebhookAddressPolicy(
            allowLoopback || env.Contains("loopback", StringComparer.OrdinalIgnoreCase),
            allowPrivate || env.Contains("private", StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>The system clock moved to start at another instant (<c>canvass notify --now</c>): time still passes, from there.</summary>
internal sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
