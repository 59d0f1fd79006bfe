using Canvass.Ledger;
using Canvass.Storage.Logging;
using Canvass.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Tests.Sqlite;

/// <summary>The store contract on a temp-file SQLite database per test.</summary>
public sealed class SqliteCanvassStoreTests : CanvassStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("canvass-sqlite-");
    private readonly Dictionary<ICanvassStore, string> _paths = new(ReferenceEqualityComparer.Instance);
    private int _stores;

    private protected override string DropEventTriggersSql => "DROP TRIGGER ev_events_no_update; DROP TRIGGER ev_events_no_delete";

    private protected override async Task<ICanvassStore> CreateStoreAsync(NoteSigner? logSigner = null, SignedHeadFile? signedHead = null)
    {
        var path = Path.Combine(_directory.FullName, $"store-{Interlocked.Increment(ref _stores)}.db");
        return await OpenAsync(path, logSigner, signedHead);
    }

    private protected override Task<ICanvassStore> ReopenAsync(ICanvassStore store, NoteSigner? logSigner, SignedHeadFile? signedHead = null) =>
        OpenAsync(PathOf(store), logSigner, signedHead);

    private protected override async Task ExecuteRawAsync(ICanvassStore store, string sql)
    {
        await using var connection = await OpenRawAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = Expand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private protected override async Task<long> ScalarRawAsync(ICanvassStore store, string sql)
    {
        await using var connection = await OpenRawAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = Expand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
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

    [Fact]
    public async Task ReadLogAsync_RowWithInvalidJson_YieldsAnErrorEntry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Streams.Election, 0, SampleEvents.All, cancellationToken: ct);
        await ExecuteRawAsync(store, DropEventTriggersSql);

        await ExecuteRawAsync(store, "UPDATE {events} SET data = '{\"votes\": 12' WHERE position = 2");

        var entries = await store.ReadLogAsync(0, 3, ct).ToListAsync(ct);
        Assert.Equal([0L, 1L, 2L], entries.Select(e => e.Index));
        Assert.Null(entries[1].Leaf);
        Assert.Contains("not valid JSON", entries[1].Error, StringComparison.Ordinal);
        Assert.NotNull(entries[0].Leaf);
        Assert.NotNull(entries[2].Leaf);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private static string Expand(string sql) => sql
        .Replace("{events}", "ev_events", StringComparison.Ordinal)
        .Replace("{hashes}", "ledger_hashes", StringComparison.Ordinal)
        .Replace("{checkpoints}", "ledger_checkpoints", StringComparison.Ordinal);

    private async Task<ICanvassStore> OpenAsync(string path, NoteSigner? logSigner, SignedHeadFile? signedHead)
    {
        var store = new SqliteCanvassStore(path, Clock, logSigner) { SignedHead = signedHead };
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        lock (_paths)
        {
            _paths[store] = path;
        }

        return store;
    }

    private string PathOf(ICanvassStore store)
    {
        lock (_paths)
        {
            return _paths[store];
        }
    }

    private async Task<SqliteConnection> OpenRawAsync(ICanvassStore store)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathOf(store), Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}
