using Canvass.TestKit;
using Npgsql;

namespace Canvass.Cli.Tests;

/// <summary>Fresh databases on the throwaway cluster of <see cref="PostgresServer"/>, one per test, as a CLI store.</summary>
internal static class PostgresDatabases
{
    /// <summary>Creates a database named <paramref name="prefix"/> and a random suffix; returns its connection string.</summary>
    public static async Task<string> CreateAsync(PostgresServer server, string prefix)
    {
        var admin = server.RequireConnectionString();
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }
}
