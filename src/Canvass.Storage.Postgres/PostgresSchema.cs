using System.Text.RegularExpressions;

namespace Canvass.Storage.Postgres;

/// <summary>What the PostgreSQL stores share about their schema: a safe name, and opening with the tables in place.</summary>
internal static partial class PostgresSchema
{
    /// <summary>Throws unless <paramref name="schema"/> is a name that is safe to splice into SQL.</summary>
    public static void RequireSafeName(string schema)
    {
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException("The schema name must be lower-case letters, digits and underscores.", nameof(schema));
        }
    }

    /// <summary>Runs <paramref name="initialize"/> on a new <paramref name="store"/>; disposes of it if that fails.</summary>
    public static async Task<T> OpenInitializedAsync<T>(T store, Func<CancellationToken, Task> initialize, CancellationToken cancellationToken)
        where T : IAsyncDisposable
    {
        try
        {
            await initialize(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
