using System.CommandLine;

namespace Canvass.Cli.Common;

/// <summary>Options every command shares.</summary>
internal static class CommonOptions
{
    public static Option<string?> Store() => RefuseEmpty(new("--store", "-s")
    {
        Description = "The store: a SQLite file or a PostgreSQL connection string (default: $CANVASS_STORE, else ./canvass.db).",
    });

    /// <summary>Makes an empty value of an option whose absence means a default a usage error (exit 2): <c>--store ""</c>
    /// is what a script passes when the variable it meant to pass was never set, and quietly taking the default then
    /// would write to, or verify against, another store, key or state than the one meant.</summary>
    /// <param name="option">An option whose absence means a default.</param>
    /// <returns><paramref name="option"/>.</returns>
    public static Option<string?> RefuseEmpty(Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
            {
                result.AddError($"{option.Name} is given an empty value; leave it out for the default.");
            }
        });
        return option;
    }

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print machine-readable JSON instead of text.",
    };
}
