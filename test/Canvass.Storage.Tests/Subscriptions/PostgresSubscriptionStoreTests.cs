using Canvass.Storage.Postgres;
using Canvass.Storage.Subscriptions;
using Canvass.Storage.Tests.Postgres;
using Canvass.TestKit;

namespace Canvass.Storage.Tests.Subscriptions;

/// <summary>The subscription store contract on PostgreSQL, one schema per test.</summary>
public sealed class PostgresSubscriptionStoreTests(PostgresServer server) : SubscriptionStoreContractTests, IClassFixture<PostgresServer>, IAsyncDisposable
{
    private readonly ThrowawaySchemas _schemas = new(server);

    private protected override async Task<ISubscriptionStore> CreateStoreAsync() =>
        await PostgresSubscriptionStore.OpenAsync(server.RequireConnectionString(), _schemas.New("w_"), TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _schemas.DropAllAsync();
}
