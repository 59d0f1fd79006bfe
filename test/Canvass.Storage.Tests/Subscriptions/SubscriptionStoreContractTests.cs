using System.Collections.Immutable;
using Canvass.Storage.Subscriptions;

namespace Canvass.Storage.Tests.Subscriptions;

/// <summary>The contract every <see cref="ISubscriptionStore"/> meets, written once and run against each engine.</summary>
public abstract class SubscriptionStoreContractTests
{
    private protected static readonly DateTimeOffset T0 = new(2026, 11, 3, 20, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, initialized store.</summary>
    private protected abstract Task<ISubscriptionStore> CreateStoreAsync();

    private protected static Subscription NewSubscription(string id, string url = "https://news.example/hooks/canvass", params string[] contests) =>
        new(id, "media-call", [.. contests], new Uri(url), StandardWebhooks.NewSecret(), "desk@news.example", "canvass-terms-1", T0, T0, null);

    private protected static OutboxMessage Message(string id, string subscription, int minutes = 0) =>
        new(id, subscription, "finality.final", $"{{\"id\":\"{id}\"}}", T0.AddMinutes(minutes));

    [Fact]
    public async Task AddSubscriptionAsync_ReadsBackEveryField()
    {
        await using var store = await CreateStoreAsync();
        var subscription = NewSubscription("sub_a", "https://news.example/hooks/canvass?x=1", "cc-ga-president", "cc-az-president");

        await store.AddSubscriptionAsync(subscription, Ct);

        var back = await store.FindSubscriptionAsync("sub_a", Ct);
        Assert.NotNull(back);
        Assert.Equal(subscription with { Contests = [] }, back with { Contests = [] });
        Assert.Equal(["cc-ga-president", "cc-az-president"], back.Contests);
        Assert.True(back.IsActive);
        Assert.Null(await store.FindSubscriptionAsync("sub_nobody", Ct));
    }

    [Fact]
    public async Task AddSubscriptionAsync_SameIdTwice_Throws()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct));
    }

    [Fact]
    public async Task EndSubscriptionAsync_ErasesUrlSecretContact_KeepsTermsRecord_CancelsPending()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct);
        await store.EnqueueAsync([Message("msg_1", "sub_a"), Message("msg_2", "sub_a")], Ct);
        Assert.True(await store.ClaimAsync("msg_1", 0, T0, T0.AddMinutes(1), Ct));
        await store.MarkDeliveredAsync("msg_1", T0, 200, Ct);

        Assert.True(await store.EndSubscriptionAsync("sub_a", T0.AddHours(1), Ct));

        var ended = (await store.FindSubscriptionAsync("sub_a", Ct))!;
        Assert.Equal((null, null, null), (ended.Url, ended.Secret, ended.Contact));
        Assert.Equal(("canvass-terms-1", T0, T0.AddHours(1)), (ended.TermsVersion, ended.TermsAcceptedAt, ended.EndedAt));
        var outbox = await store.ReadOutboxAsync("sub_a", Ct);
        Assert.Equal([T0, null], outbox.Select(e => e.DeliveredAt));
        Assert.Equal([null, T0.AddHours(1)], outbox.Select(e => e.CancelledAt));
        Assert.Empty(await store.ListDueAsync(T0.AddDays(1), 10, Ct));
        Assert.Empty(await store.ListSubscriptionsAsync(cancellationToken: Ct));
        Assert.Equal(0, await store.CountPendingAsync(Ct));
        Assert.Single(await store.ListSubscriptionsAsync(includeEnded: true, Ct));
        Assert.False(await store.EndSubscriptionAsync("sub_a", T0.AddHours(2), Ct));
        Assert.False(await store.EndSubscriptionAsync("sub_nobody", T0, Ct));
        Assert.Equal(0, await store.EnqueueAsync([Message("msg_3", "sub_a")], Ct));
    }

    [Fact]
    public async Task EnqueueAsync_SameIdAgain_IsSkippedEvenAfterDelivery()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct);

        Assert.Equal(2, await store.EnqueueAsync([Message("msg_1", "sub_a"), Message("msg_2", "sub_a")], Ct));
        Assert.True(await store.ClaimAsync("msg_1", 0, T0, T0.AddMinutes(1), Ct));
        await store.MarkDeliveredAsync("msg_1", T0, 204, Ct);
        Assert.Equal(1, await store.EnqueueAsync([Message("msg_1", "sub_a", 5), Message("msg_2", "sub_a", 5), Message("msg_3", "sub_a", 5)], Ct));

        var outbox = await store.ReadOutboxAsync("sub_a", Ct);
        Assert.Equal(["msg_1", "msg_2", "msg_3"], outbox.Select(e => e.Message.Id));
        Assert.Equal([T0, T0, T0.AddMinutes(5)], outbox.Select(e => e.Message.CreatedAt));
        Assert.True(outbox[0].Sequence < outbox[1].Sequence && outbox[1].Sequence < outbox[2].Sequence);
        Assert.Equal(0, await store.EnqueueAsync([Message("msg_4", "sub_nobody")], Ct));
    }

    [Fact]
    public async Task ListDueAsync_OnlyTheOldestPendingPerSubscription_WhenDue()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct);
        await store.AddSubscriptionAsync(NewSubscription("sub_b"), Ct);
        await store.EnqueueAsync([Message("msg_a1", "sub_a"), Message("msg_a2", "sub_a"), Message("msg_b1", "sub_b", 10)], Ct);

        Assert.Equal(["msg_a1"], (await store.ListDueAsync(T0, 10, Ct)).Select(e => e.Message.Id));
        Assert.Equal(["msg_a1", "msg_b1"], (await store.ListDueAsync(T0.AddMinutes(10), 10, Ct)).Select(e => e.Message.Id));
        Assert.Equal(3, await store.CountPendingAsync(Ct));
        Assert.Equal(["msg_a1"], (await store.ListDueAsync(T0.AddMinutes(10), 1, Ct)).Select(e => e.Message.Id));

        // A failing head holds the subscription's later messages back until its retry is due.
        Assert.True(await store.ClaimAsync("msg_a1", 0, T0.AddMinutes(10), T0.AddMinutes(11), Ct));
        Assert.True(await store.MarkFailedAsync("msg_a1", 1, 503, "HTTP 503", T0.AddMinutes(20), Ct));
        Assert.Equal(["msg_b1"], (await store.ListDueAsync(T0.AddMinutes(15), 10, Ct)).Select(e => e.Message.Id));
        var head = Assert.Single(await store.ListDueAsync(T0.AddMinutes(20), 10, Ct), e => e.Message.SubscriptionId == "sub_a");
        Assert.Equal(("msg_a1", 1, 503, "HTTP 503", T0.AddMinutes(10)), (head.Message.Id, head.Attempts, head.LastStatus, head.LastError, head.LastAttemptAt));

        Assert.True(await store.ClaimAsync("msg_a1", 1, T0.AddMinutes(20), T0.AddMinutes(21), Ct));
        await store.MarkDeliveredAsync("msg_a1", T0.AddMinutes(20), 200, Ct);
        Assert.Equal(["msg_a2", "msg_b1"], (await store.ListDueAsync(T0.AddMinutes(20), 10, Ct)).Select(e => e.Message.Id));
    }

    [Fact]
    public async Task ClaimAsync_IsCompareAndSet_AndAClaimRunsOut()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct);
        await store.EnqueueAsync([Message("msg_1", "sub_a")], Ct);

        Assert.True(await store.ClaimAsync("msg_1", 0, T0, T0.AddSeconds(40), Ct));
        Assert.False(await store.ClaimAsync("msg_1", 0, T0, T0.AddSeconds(40), Ct));
        Assert.False(await store.ClaimAsync("msg_1", 1, T0.AddSeconds(39), T0.AddSeconds(80), Ct));
        Assert.Empty(await store.ListDueAsync(T0.AddSeconds(39), 10, Ct));

        // The claimant died without an answer: after the claim the message is due again, same id and body.
        var again = Assert.Single(await store.ListDueAsync(T0.AddSeconds(40), 10, Ct));
        Assert.Equal((1, "{\"id\":\"msg_1\"}"), (again.Attempts, again.Message.Body));
        Assert.True(await store.ClaimAsync("msg_1", 1, T0.AddSeconds(40), T0.AddSeconds(80), Ct));
        await store.MarkDeliveredAsync("msg_1", T0.AddSeconds(41), 200, Ct);
        Assert.False(await store.ClaimAsync("msg_1", 2, T0.AddDays(1), T0.AddDays(2), Ct));
        var delivered = Assert.Single(await store.ReadOutboxAsync("sub_a", Ct));
        Assert.Equal((2, (DateTimeOffset?)T0.AddSeconds(41), (int?)200, (string?)null), (delivered.Attempts, delivered.DeliveredAt, delivered.LastStatus, delivered.LastError));
        Assert.False(delivered.IsPending);
    }

    [Fact]
    public async Task MarkFailedAsync_OfAnAttemptWhoseClaimRanOut_LeavesTheNewerClaimAlone()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct);
        await store.EnqueueAsync([Message("msg_1", "sub_a")], Ct);

        // Notifier A claims attempt 1 until T0+40 s and its send hangs past that; notifier B claims attempt 2 until T0+80 s.
        Assert.True(await store.ClaimAsync("msg_1", 0, T0, T0.AddSeconds(40), Ct));
        Assert.True(await store.ClaimAsync("msg_1", 1, T0.AddSeconds(40), T0.AddSeconds(80), Ct));

        // A's late failure would make the message due at T0+50 s, while B may still be sending it: it is not recorded.
        Assert.False(await store.MarkFailedAsync("msg_1", 1, 504, "timed out", T0.AddSeconds(50), Ct));
        Assert.Empty(await store.ListDueAsync(T0.AddSeconds(60), 10, Ct));
        Assert.False(await store.ClaimAsync("msg_1", 2, T0.AddSeconds(60), T0.AddSeconds(100), Ct));

        // B's own failure is recorded, and decides the retry.
        Assert.True(await store.MarkFailedAsync("msg_1", 2, 503, "HTTP 503", T0.AddSeconds(90), Ct));
        var head = Assert.Single(await store.ListDueAsync(T0.AddSeconds(90), 10, Ct));
        Assert.Equal((2, (int?)503, "HTTP 503"), (head.Attempts, head.LastStatus, head.LastError));

        // A failure reported after a delivery changes nothing either.
        Assert.True(await store.ClaimAsync("msg_1", 2, T0.AddSeconds(90), T0.AddSeconds(130), Ct));
        await store.MarkDeliveredAsync("msg_1", T0.AddSeconds(91), 200, Ct);
        Assert.False(await store.MarkFailedAsync("msg_1", 3, 500, "HTTP 500", T0.AddSeconds(95), Ct));
        var delivered = Assert.Single(await store.ReadOutboxAsync("sub_a", Ct));
        Assert.Equal(((int?)200, (string?)null, false), (delivered.LastStatus, delivered.LastError, delivered.IsPending));
    }

    [Fact]
    public async Task CancelUnsentAsync_OnlyBeforeAnyAttempt_AndTheIdStaysTaken()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct);
        await store.EnqueueAsync([Message("msg_1", "sub_a"), Message("msg_2", "sub_a"), Message("msg_3", "sub_a")], Ct);
        Assert.True(await store.ClaimAsync("msg_1", 0, T0, T0.AddSeconds(40), Ct));

        // msg_1 may have reached the receiver (a claim counts an attempt): it can no longer be taken back.
        Assert.False(await store.CancelUnsentAsync("msg_1", T0.AddSeconds(1), Ct));
        Assert.True(await store.CancelUnsentAsync("msg_2", T0.AddSeconds(1), Ct));
        Assert.False(await store.CancelUnsentAsync("msg_2", T0.AddSeconds(2), Ct));
        Assert.False(await store.CancelUnsentAsync("msg_nobody", T0, Ct));
        Assert.False(await store.ClaimAsync("msg_2", 0, T0.AddMinutes(1), T0.AddMinutes(2), Ct));
        await store.MarkDeliveredAsync("msg_1", T0.AddSeconds(3), 200, Ct);
        Assert.False(await store.CancelUnsentAsync("msg_1", T0.AddSeconds(4), Ct));

        Assert.Equal(["msg_3"], (await store.ListDueAsync(T0.AddMinutes(1), 10, Ct)).Select(e => e.Message.Id));
        Assert.Equal(1, await store.CountPendingAsync(Ct));
        Assert.Equal(0, await store.EnqueueAsync([Message("msg_2", "sub_a", 5)], Ct));
        var outbox = await store.ReadOutboxAsync("sub_a", Ct);
        Assert.Equal([null, T0.AddSeconds(1), null], outbox.Select(e => e.CancelledAt));
        Assert.Equal([T0.AddSeconds(3), null, null], outbox.Select(e => e.DeliveredAt));
        Assert.Equal([false, false, true], outbox.Select(e => e.IsPending));
    }

    [Fact]
    public async Task InitializeAsync_Twice_KeepsData()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a"), Ct);

        await store.InitializeAsync(Ct);

        Assert.NotNull(await store.FindSubscriptionAsync("sub_a", Ct));
    }

    [Fact]
    public async Task Contests_EmptyMeansAll_RoundTrips()
    {
        await using var store = await CreateStoreAsync();
        await store.AddSubscriptionAsync(NewSubscription("sub_a") with { Contests = ImmutableArray<string>.Empty, Contact = null }, Ct);

        var back = (await store.FindSubscriptionAsync("sub_a", Ct))!;

        Assert.Empty(back.Contests);
        Assert.Null(back.Contact);
    }
}
