using Canvass.TestKit;
using Npgsql;

namespace Canvass.Storage.Tests.Postgres;

/// <summary>Fresh schemas on the throwaway cluster of <see cref="PostgresServer"/>, one per test store, dropped at the end.</summary>
internal sealed class ThrowawaySchemas(PostgresServer server)
{
    private readonly List<string> _schemas = [];

    /// <summary>A new schema name starting with <paramref name="prefix"/>, remembered for <see cref="DropAllAsync"/>.</summary>
    public string New(string prefix)
    {
        var schema = prefix + Guid.NewGuid().ToString("N");
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return schema;
    }

    /// <summary>Drops every schema handed out (none when the cluster never started).</summary>
    public async ValueTask DropAllAsync()
    {
        if (server.ConnectionString is null || _schemas.Count == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        foreach (var schema in _schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
