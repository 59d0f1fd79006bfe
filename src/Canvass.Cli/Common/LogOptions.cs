using System.CommandLine;

namespace Canvass.Cli.Common;

/// <summary>Options of commands that append to the log.</summary>
internal static class LogOptions
{
    public static Option<string?> LogKey() => CommonOptions.RefuseEmpty(new("--log-key")
    {
        Description = "The log's private key file (default: $CANVASS_LOG_KEY, else STORE.log-key beside a SQLite store or ./canvass-log.key for a PostgreSQL store).",
    });
}
