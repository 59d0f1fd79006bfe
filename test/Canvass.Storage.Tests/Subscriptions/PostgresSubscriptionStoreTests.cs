using Canvass.Storage.Postgres;
using Canvass.Storage.Subscriptions;
using Canvass.TestKit;
using Npgsql;

namespace Canvass.Storage.Tests.Subscriptions;

/// <summary>The subscription store contract on PostgreSQL, one schema per test.</summary>
public sealed class PostgresSubscriptionStoreTests(PostgresServer server) : SubscriptionStoreContractTests, IClassFixture<PostgresServer>, IAsyncDisposable
{
    private readonly List<string> _schemas = [];

    private protected override async Task<ISubscriptionStore> CreateStoreAsync()
    {
        var schema = "w_" + Guid.NewGuid().ToString("N");
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return await PostgresSubscriptionStore.OpenAsync(server.RequireConnectionString(), schema, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
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
