using Canvass.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Tests.Sqlite;

/// <summary>The store contract on a temp-file SQLite database per test.</summary>
public sealed class SqliteCanvassStoreTests : CanvassStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("canvass-sqlite-");
    private int _stores;

    private protected override async Task<ICanvassStore> CreateStoreAsync()
    {
        var path = Path.Combine(_directory.FullName, $"store-{Interlocked.Increment(ref _stores)}.db");
        return await SqliteCanvassStore.OpenAsync(path, Clock, TestContext.Current.CancellationToken);
    }

    private protected override async Task ExecuteRawAsync(ICanvassStore store, string sql)
    {
        var path = Path.Combine(_directory.FullName, $"store-{_stores}.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{events}", "ev_events", StringComparison.Ordinal);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task OpenAsync_UsesWalMode()
    {
        var path = Path.Combine(_directory.FullName, "wal.db");
        await using var store = await SqliteCanvassStore.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
