using Canvass.Storage.Sqlite;
using Canvass.Storage.Subscriptions;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Tests.Subscriptions;

/// <summary>The subscription store contract on a SQLite store file per test.</summary>
public sealed class SqliteSubscriptionStoreTests : SubscriptionStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("canvass-subscriptions-");
    private int _stores;

    private protected override async Task<ISubscriptionStore> CreateStoreAsync()
    {
        var path = Path.Combine(_directory.FullName, $"store-{Interlocked.Increment(ref _stores)}.db");
        await using (var events = await SqliteCanvassStore.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken))
        {
        }

        return await SqliteSubscriptionStore.OpenAsync(path, TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
