using System.Collections.Immutable;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Storage.Subscriptions;
using Canvass.TestKit;

namespace Canvass.Storage.Tests.Subscriptions;

/// <summary>The notifier against a real store (each engine) and a real HTTP receiver on loopback; only time is simulated.</summary>
public abstract class WebhookNotifierTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new();
    private readonly WebhookReceiver _receiver = new();
    private readonly WebhookDeliveryOptions _options = new() { Addresses = new WebhookAddressPolicy(AllowLoopback: true) };
    private readonly List<FlipNotice> _flips = [];
    private ISubscriptionStore? _store;
    private WebhookSender _sender = null!;

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty subscription store.</summary>
    private protected abstract Task<ISubscriptionStore> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> made.</summary>
    private protected abstract ValueTask CleanUpAsync();

    public ValueTask InitializeAsync()
    {
        _sender = new WebhookSender(_options);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _sender.Dispose();
        _receiver.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await CleanUpAsync();
    }

    [Fact]
    public async Task RunOnce_DeliversEachFlipSignedInOrder_AndNeverTwice()
    {
        var secret = await SubscribeAsync("sub_a");
        AddFlip("cc-ga-president", true, new DateTimeOffset(2020, 11, 7, 16, 25, 0, TimeSpan.Zero), 41, "called by AP, NBC, CNN");
        AddFlip("cc-ga-president", false, new DateTimeOffset(2020, 11, 8, 9, 0, 0, TimeSpan.Zero), 42, "NBC retracted");

        var run = await NotifyAsync();

        Assert.Equal((2, 0, 0), (run.Enqueued, run.Failed.Length, run.Pending));
        Assert.Equal(["finality.final", "finality.retracted"], run.Delivered.Select(d => d.Type));
        var received = _receiver.Received;
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.True(r.SignatureValid, r.ToString()));
        Assert.Equal(run.Delivered.Select(d => d.MessageId), received.Select(r => r.Id));
        Assert.All(received, r => Assert.Equal(FakeTimeProvider.Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), r.Timestamp));
        using var first = JsonDocument.Parse(received[0].Body);
        var data = first.RootElement.GetProperty("data");
        Assert.Equal("finality.final", first.RootElement.GetProperty("type").GetString());
        Assert.Equal(("sub_a", "cc-ga-president", "media-call", true, 41L), (
            data.GetProperty("subscription").GetString(), data.GetProperty("contest").GetString(), data.GetProperty("policy").GetString(),
            data.GetProperty("final").GetBoolean(), data.GetProperty("position").GetInt64()));
        Assert.Equal(new DateTimeOffset(2020, 11, 7, 16, 25, 0, TimeSpan.Zero), data.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("called by AP, NBC, CNN", data.GetProperty("reasons")[0].GetString());
        Assert.NotEqual(secret, received[0].Signature);

        _clock.Now += TimeSpan.FromHours(1);
        var again = await NotifyAsync();

        Assert.Equal((0, 0, 0), (again.Enqueued, again.Delivered.Length, again.Failed.Length));
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public async Task RunOnce_ReceiverFailsThenRecovers_SameIdRedeliveredAfterBackoff()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-az-president", true, FakeTimeProvider.Start, 7);
        _receiver.Status = 500;

        var failed = await NotifyAsync();

        var attempt = Assert.Single(failed.Failed);
        Assert.Equal((1, 500, FakeTimeProvider.Start + TimeSpan.FromSeconds(10)), (attempt.Attempt, attempt.Status, attempt.NextAttemptAt));
        Assert.Equal(1, failed.Pending);

        _receiver.Status = 200;
        _clock.Now += TimeSpan.FromSeconds(9);
        var early = await NotifyAsync();
        Assert.Equal((0, 0, 1), (early.Delivered.Length, early.Failed.Length, early.Pending));

        _clock.Now += TimeSpan.FromSeconds(1);
        var recovered = await NotifyAsync();

        var delivered = Assert.Single(recovered.Delivered);
        Assert.Equal((attempt.MessageId, 2, 0), (delivered.MessageId, delivered.Attempt, recovered.Pending));
        Assert.Equal([attempt.MessageId, attempt.MessageId], _receiver.Received.Select(r => r.Id));
        Assert.Equal([500, 200], _receiver.Received.Select(r => r.AnsweredStatus));
        Assert.Equal(_receiver.Received[0].Body, _receiver.Received[1].Body);
        Assert.All(_receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.NotEqual(_receiver.Received[0].Timestamp, _receiver.Received[1].Timestamp);
    }

    [Fact]
    public async Task RunOnce_ReceiverDownForHours_BackoffDoublesToTheCap_NothingLost()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-pa-president", true, FakeTimeProvider.Start.AddMinutes(-1), 3);
        AddFlip("cc-pa-president", false, FakeTimeProvider.Start, 4);
        _receiver.Stop();

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 14; i++)
        {
            var run = await NotifyAsync();
            var failure = Assert.Single(run.Failed);
            Assert.Null(failure.Status);
            Assert.Equal(2, run.Pending);
            waits.Add(failure.NextAttemptAt!.Value - _clock.Now);
            _clock.Now = failure.NextAttemptAt.Value;
        }

        Assert.Equal([10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600, 3600, 3600, 3600], waits.Select(w => w.TotalSeconds));
        Assert.True(_clock.Now - FakeTimeProvider.Start > TimeSpan.FromHours(5));

        _receiver.Start();
        var back = await NotifyAsync();

        Assert.Equal(2, back.Delivered.Length);
        Assert.Equal(15, back.Delivered[0].Attempt);
        Assert.Equal(1, back.Delivered[1].Attempt);
        Assert.Equal(["finality.final", "finality.retracted"], _receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task RunOnce_LaterFlipWaitsBehindAFailingOne()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-wi-president", true, FakeTimeProvider.Start, 10);
        AddFlip("cc-wi-president", false, FakeTimeProvider.Start, 11);
        _receiver.Status = 503;

        var run = await NotifyAsync();

        Assert.Single(run.Failed);
        Assert.Single(_receiver.Received);
        Assert.Equal(2, run.Pending);
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery_PendingMessagesAreCancelled()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-mi-president", true, FakeTimeProvider.Start, 5);
        _receiver.Status = 500;
        await NotifyAsync();

        Assert.True(await _store!.EndSubscriptionAsync("sub_a", _clock.Now, Ct));
        _receiver.Status = 200;
        AddFlip("cc-mi-president", false, FakeTimeProvider.Start, 6);
        _clock.Now += TimeSpan.FromDays(1);
        var run = await NotifyAsync();

        Assert.Equal((0, 0, 0, 0), (run.Enqueued, run.Delivered.Length, run.Failed.Length, run.Pending));
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task RunOnce_AddressForbiddenAtDeliveryTime_IsNotContacted()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-nv-president", true, FakeTimeProvider.Start, 9);
        using var strict = new WebhookSender(new WebhookDeliveryOptions());

        var run = await new WebhookNotifier(_store!, strict, _options, _clock).RunOnceAsync(SourceAsync, Ct);

        var failure = Assert.Single(run.Failed);
        Assert.Contains("loopback", failure.Error, StringComparison.Ordinal);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task RunOnce_FlipAtADeadlineStillAhead_IsDeliveredOnlyOnceItsTimeHasCome()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-ga-president", true, FakeTimeProvider.Start.AddDays(3), 12, "contest window closed");

        var before = await NotifyAsync();
        _clock.Now += TimeSpan.FromDays(3);
        var after = await NotifyAsync();

        Assert.Equal((0, 0), (before.Enqueued, before.Delivered.Length));
        Assert.Equal((1, 1), (after.Enqueued, after.Delivered.Length));
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task RunOnce_BadPolicy_IsReportedAndOtherSubscriptionsStillDelivered()
    {
        await SubscribeAsync("sub_a");
        await SubscribeAsync("sub_b", policy: "called(");
        AddFlip("cc-ga-president", true, FakeTimeProvider.Start, 1);

        var run = await NotifyAsync();

        var problem = Assert.Single(run.Problems);
        Assert.StartsWith("subscription sub_b: ", problem.Message, StringComparison.Ordinal);
        Assert.Single(run.Delivered);
    }

    private Task<NotifyRun> NotifyAsync() => new WebhookNotifier(_store!, _sender, _options, _clock).RunOnceAsync(SourceAsync, Ct);

    private Task<Result<IReadOnlyList<FlipNotice>>> SourceAsync(string policy, IReadOnlyCollection<string>? contests, CancellationToken cancellationToken) =>
        Task.FromResult(policy == "called("
            ? Result<IReadOnlyList<FlipNotice>>.Failure(new Problem(ProblemCodes.BadValue, "the policy does not parse"))
            : Result<IReadOnlyList<FlipNotice>>.Success([.. _flips.Where(f => contests is null || contests.Contains(f.Contest)).Select(f => f with { Policy = policy })]));

    private void AddFlip(string contest, bool final, DateTimeOffset at, long position, params string[] reasons) =>
        _flips.Add(new FlipNotice(contest, "media-call", final, at, position, [.. reasons]));

    private async Task<string> SubscribeAsync(string id, string policy = "media-call")
    {
        var secret = StandardWebhooks.NewSecret();
        _receiver.Trust(secret);
        // Every test subscribes first; the store is made here so that a missing PostgreSQL skips the test inside it.
        _store ??= await CreateStoreAsync();
        await _store.AddSubscriptionAsync(new Subscription(id, policy, ImmutableArray<string>.Empty, _receiver.Url, secret, null, "canvass-terms-1", _clock.Now, _clock.Now, null), Ct);
        return secret;
    }
}

/// <summary>The notifier on a SQLite store file.</summary>
public sealed class SqliteWebhookNotifierTests : WebhookNotifierTests
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("canvass-notifier-");

    private protected override async Task<ISubscriptionStore> CreateStoreAsync()
    {
        var path = Path.Combine(_directory.FullName, "store.db");
        await using (var events = await Canvass.Storage.Sqlite.SqliteCanvassStore.OpenAsync(path, cancellationToken: Ct))
        {
        }

        return await Canvass.Storage.Sqlite.SqliteSubscriptionStore.OpenAsync(path, Ct);
    }

    private protected override ValueTask CleanUpAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The notifier on PostgreSQL, in a schema of its own.</summary>
public sealed class PostgresWebhookNotifierTests(PostgresServer server) : WebhookNotifierTests, IClassFixture<PostgresServer>
{
    private readonly string _schema = "n_" + Guid.NewGuid().ToString("N");

    private protected override async Task<ISubscriptionStore> CreateStoreAsync() =>
        await Canvass.Storage.Postgres.PostgresSubscriptionStore.OpenAsync(server.RequireConnectionString(), _schema, Ct);

    private protected override async ValueTask CleanUpAsync()
    {
        if (server.ConnectionString is null)
        {
            return;
        }

        await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
