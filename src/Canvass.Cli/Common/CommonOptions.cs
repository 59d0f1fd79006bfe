using System.CommandLine;

namespace Canvass.Cli.Common;

/// <summary>Options every command shares.</summary>
internal static class CommonOptions
{
    public static Option<string?> Store() => new("--store", "-s")
    {
        Description = "The store: a SQLite file or a PostgreSQL connection string (default: $CANVASS_STORE, else ./canvass.db).",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print machine-readable JSON instead of text.",
    };
}
