using System.Text.Json;
using Canvass.Storage.Postgres;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>subscribe, notify and unsubscribe with a PostgreSQL connection string as the store, delivering to a real
/// receiver: one fresh database per test on the throwaway cluster of <see cref="PostgresServer"/>.</summary>
public sealed class PostgresSubscriptionCliTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly Canvass _canvass = new();
    private readonly WebhookReceiver _receiver = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _receiver.Dispose();
        _canvass.Dispose();
    }

    [Fact]
    public async Task SubscribeRecordNotifyUnsubscribe_OnPostgres_DeliversTheFlipOnce()
    {
        var store = await PostgresDatabases.CreateAsync(server, "sub_");

        var key = _canvass.PathOf("pg.log-key");
        string[] Args(params string[] a) => [.. a, "--store", store];
        Assert.Equal(0, _canvass.Run(false, Args("init", "--election", TestElection.WriteJson(_canvass), "--log-key", key)).ExitCode);
        var subscribed = _canvass.Run(false, Args("subscribe", "--policy", "concession", "--contest", "cc-gov", "--url", _receiver.Url.ToString(),
            "--accept-terms", "--allow-loopback", "--json"));
        Assert.True(subscribed.ExitCode == 0, subscribed.ToString());
        using var created = JsonDocument.Parse(subscribed.Stdout);
        var id = created.RootElement.GetProperty("id").GetString()!;
        _receiver.Trust(created.RootElement.GetProperty("secret").GetString()!);
        Assert.Equal(2, _canvass.Run(false, Args("subscribe", "--policy", "concession", "--url", "http://169.254.169.254/", "--accept-terms")).ExitCode);

        var recorded = _canvass.Run(false, Args("record", "concession", "--contest", "cc-gov", "--candidate", "can-b", "--source", "news",
            "--at", "2026-11-04T15:00:00Z", "--log-key", key));
        Assert.True(recorded.ExitCode == 0, recorded.ToString());

        var notify = _canvass.Run(false, Args("notify", "--allow-loopback", "--json"));

        Assert.True(notify.ExitCode == 0, notify.ToString());
        var received = Assert.Single(_receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.Contains("\"type\":\"finality.final\"", received.Body, StringComparison.Ordinal);
        Assert.Equal(0, _canvass.Run(false, Args("notify", "--allow-loopback")).ExitCode);
        Assert.Single(_receiver.Received);

        Assert.Equal(0, _canvass.Run(false, Args("unsubscribe", "--id", id)).ExitCode);
        await using var subscriptions = await PostgresSubscriptionStore.OpenAsync(store, cancellationToken: Ct);
        var ended = (await subscriptions.FindSubscriptionAsync(id, Ct))!;
        Assert.Equal((null, null), (ended.Url, ended.Secret));
        Assert.Single(await subscriptions.ListSubscriptionsAsync(includeEnded: true, Ct));
    }
}
