using Canvass.Ledger;
using Canvass.Storage.Logging;
using Canvass.Storage.Postgres;
using Canvass.TestKit;
using Npgsql;

namespace Canvass.Storage.Tests.Postgres;

/// <summary>The store contract on PostgreSQL, one schema per test, on the throwaway cluster of <see cref="PostgresServer"/>.</summary>
public sealed class PostgresCanvassStoreTests(PostgresServer server) : CanvassStoreContractTests, IClassFixture<PostgresServer>, IAsyncDisposable
{
    private readonly ThrowawaySchemas _schemas = new(server);

    private protected override string DropEventTriggersSql => "DROP TRIGGER ev_events_no_change ON {events}";

    private protected override Task<ICanvassStore> CreateStoreAsync(NoteSigner? logSigner = null, SignedHeadFile? signedHead = null)
    {
        server.RequireConnectionString();
        return OpenAsync(_schemas.New("t_"), logSigner, signedHead);
    }

    private protected override Task<ICanvassStore> ReopenAsync(ICanvassStore store, NoteSigner? logSigner, SignedHeadFile? signedHead = null) =>
        OpenAsync(((PostgresCanvassStore)store).Schema, logSigner, signedHead);

    private async Task<ICanvassStore> OpenAsync(string schema, NoteSigner? logSigner, SignedHeadFile? signedHead)
    {
        var store = new PostgresCanvassStore(server.RequireConnectionString(), schema, Clock, logSigner) { SignedHead = signedHead };
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    private protected override async Task ExecuteRawAsync(ICanvassStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(server.RequireConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(Expand(store, sql), connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private protected override async Task<long> ScalarRawAsync(ICanvassStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(server.RequireConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(Expand(store, sql), connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task EventsTable_Truncate_IsRejectedByTheDatabase()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Streams.Election, 0, [SampleEvents.CvrsCommitted], cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteRawAsync(store, "TRUNCATE {events}"));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnsafeSchemaName_Throws() =>
        Assert.Throws<ArgumentException>(() => new PostgresCanvassStore("Host=localhost", "x; DROP TABLE y"));

    private static string Expand(ICanvassStore store, string sql)
    {
        var schema = ((PostgresCanvassStore)store).Schema;
        return sql
            .Replace("{events}", schema + ".ev_events", StringComparison.Ordinal)
            .Replace("{hashes}", schema + ".ledger_hashes", StringComparison.Ordinal)
            .Replace("{checkpoints}", schema + ".ledger_checkpoints", StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _schemas.DropAllAsync();
}
