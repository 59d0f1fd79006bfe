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
    private readonly SortedDictionary<string, long> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _reasons = new(StringComparer.Ordinal);
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
    public async Task RunOnce_AttemptThatOutlivesItsClaim_DoesNotRescheduleTheNewerAttempt()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-az-president", true, FakeTimeProvider.Start, 7);
        _receiver.Status = 503;
        _receiver.Hold = true;

        // Notifier A's request is held past its claim (the request timeout plus the margin); notifier B then claims the
        // message again and sends it too. Both get 503.
        var first = NotifyAsync();
        var firstRequest = await _receiver.NextAsync(TimeSpan.FromSeconds(30));
        _clock.Now += _options.Timeout + _options.ClaimMargin;
        var second = NotifyAsync();
        var secondRequest = await _receiver.NextAsync(TimeSpan.FromSeconds(30));
        _receiver.Release();
        var (runA, runB) = (await first, await second);

        Assert.Equal(firstRequest.Id, secondRequest.Id);
        var attemptA = Assert.Single(runA.Failed);
        var attemptB = Assert.Single(runB.Failed);
        Assert.Equal((1, (DateTimeOffset?)null), (attemptA.Attempt, attemptA.NextAttemptAt));
        Assert.Equal((2, (DateTimeOffset?)(_clock.Now + _options.Backoff(2))), (attemptB.Attempt, attemptB.NextAttemptAt));

        // Only B's failure decides the retry: the message is not due before B's backoff, whichever answer came back last.
        var pending = Assert.Single(await _store!.ReadOutboxAsync("sub_a", Ct));
        Assert.Equal((2, attemptB.NextAttemptAt), (pending.Attempts, (DateTimeOffset?)pending.NextAttemptAt));
    }

    [Fact]
    public async Task RunOnce_ReceiverDownForHours_BackoffDoublesToTheCap_NothingLost()
    {
        using var receiver = new WebhookReceiver(down: true);
        await SubscribeAsync("sub_a", receiver: receiver);
        AddFlip("cc-pa-president", true, FakeTimeProvider.Start.AddMinutes(-1), 3);
        AddFlip("cc-pa-president", false, FakeTimeProvider.Start, 4);

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

        receiver.Start();
        var back = await NotifyAsync();

        Assert.Equal(2, back.Delivered.Length);
        Assert.Equal(15, back.Delivered[0].Attempt);
        Assert.Equal(1, back.Delivered[1].Attempt);
        Assert.Equal(["finality.final", "finality.retracted"], receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
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

    [Fact]
    public async Task RunOnce_SentFlipNoLongerHolds_IsSupersededOnce_WithTheAnswerNow()
    {
        await SubscribeAsync("sub_a");
        var called = new DateTimeOffset(2020, 11, 7, 16, 25, 0, TimeSpan.Zero);
        AddFlip("cc-ga-president", true, called, 41, "called by AP, NBC, CNN");
        var sent = Assert.Single((await NotifyAsync()).Delivered);

        // A fact recorded late (position 43, dated before the calls) means the policy never became final.
        _flips.Clear();
        RecordFact("cc-ga-president", 43);
        _reasons["cc-ga-president"] = ["no majority of decision desks: a call was entered in error"];
        _clock.Now += TimeSpan.FromHours(1);
        var run = await NotifyAsync();

        Assert.Equal((1, 0, 0), (run.Enqueued, run.Cancelled, run.Pending));
        var correction = Assert.Single(run.Delivered);
        Assert.Equal("finality.superseded", correction.Type);
        var received = _receiver.Received[^1];
        Assert.True(received.SignatureValid);
        Assert.Equal(correction.MessageId, received.Id);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(("finality.superseded", _clock.Now), (body.RootElement.GetProperty("type").GetString(), body.RootElement.GetProperty("timestamp").GetDateTimeOffset()));
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(["subscription", "contest", "policy", "final", "since", "position", "withdrawn", "reasons"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("sub_a", "cc-ga-president", "media-call", false, JsonValueKind.Null, 43L), (
            data.GetProperty("subscription").GetString(), data.GetProperty("contest").GetString(), data.GetProperty("policy").GetString(),
            data.GetProperty("final").GetBoolean(), data.GetProperty("since").ValueKind, data.GetProperty("position").GetInt64()));
        var withdrawn = Assert.Single(data.GetProperty("withdrawn").EnumerateArray());
        Assert.Equal((sent.MessageId, true, called, 41L), (withdrawn.GetProperty("id").GetString(), withdrawn.GetProperty("final").GetBoolean(),
            withdrawn.GetProperty("at").GetDateTimeOffset(), withdrawn.GetProperty("position").GetInt64()));
        Assert.Equal("no majority of decision desks: a call was entered in error", data.GetProperty("reasons")[0].GetString());
        await AssertQuietAsync();
    }

    [Fact]
    public async Task RunOnce_QueuedFlipNoLongerHolds_IsCancelledAndNeverSent()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-wi-president", true, FakeTimeProvider.Start.AddHours(-2), 10);
        AddFlip("cc-wi-president", false, FakeTimeProvider.Start.AddHours(-1), 11, "NBC retracted");
        _receiver.Status = 503;
        var failing = await NotifyAsync();
        Assert.Equal((1, 2), (failing.Failed.Length, failing.Pending));

        // Another desk's call, recorded late, keeps the majority when NBC retracts: the retraction never happened.
        _flips.RemoveAll(f => f.Position == 11);
        RecordFact("cc-wi-president", 12);
        _receiver.Status = 200;
        _clock.Now = failing.Failed[0].NextAttemptAt!.Value;
        var run = await NotifyAsync();

        Assert.Equal((0, 1, 0), (run.Enqueued, run.Cancelled, run.Pending));
        Assert.Equal([failing.Failed[0].MessageId], run.Delivered.Select(d => d.MessageId));
        Assert.Equal(["finality.final", "finality.final"], _receiver.Received.Select(r => TypeOf(r.Body)));
        var retraction = (await _store!.ReadOutboxAsync("sub_a", Ct))[1];
        Assert.Equal(("finality.retracted", 0, (DateTimeOffset?)_clock.Now, (DateTimeOffset?)null),
            (retraction.Message.Type, retraction.Attempts, retraction.CancelledAt, retraction.DeliveredAt));
        await AssertQuietAsync();
    }

    [Fact]
    public async Task RunOnce_AttemptedFlipNoLongerHolds_IsDeliveredInOrderThenSuperseded()
    {
        await SubscribeAsync("sub_a");
        AddFlip("cc-pa-president", true, FakeTimeProvider.Start.AddHours(-1), 20);
        _receiver.Status = 500;
        var failing = await NotifyAsync();
        var attempted = Assert.Single(failing.Failed);

        // The receiver may hold the flip already (its 500 may have come after it stored it): it is not taken back silently.
        _flips.Clear();
        RecordFact("cc-pa-president", 21);
        _receiver.Status = 200;
        _clock.Now = attempted.NextAttemptAt!.Value;
        var run = await NotifyAsync();

        Assert.Equal((1, 0, 0), (run.Enqueued, run.Cancelled, run.Pending));
        Assert.Equal([(attempted.MessageId, "finality.final"), (run.Delivered[1].MessageId, "finality.superseded")], run.Delivered.Select(d => (d.MessageId, d.Type)));
        using var body = JsonDocument.Parse(_receiver.Received[^1].Body);
        Assert.Equal(attempted.MessageId, body.RootElement.GetProperty("data").GetProperty("withdrawn")[0].GetProperty("id").GetString());
        Assert.False(body.RootElement.GetProperty("data").GetProperty("final").GetBoolean());
        await AssertQuietAsync();
    }

    [Fact]
    public async Task RunOnce_FlipsRecordedLateBeforeTheLastOneSent_AreFollowedByTheAnswerNow()
    {
        await SubscribeAsync("sub_a");
        var certified = new DateTimeOffset(2020, 12, 1, 17, 0, 0, TimeSpan.Zero);
        AddFlip("cc-az-president", true, certified, 30);
        await NotifyAsync();

        // Facts recorded late make the contest final on 20 November and not final on 25 November. The flip of 1 December
        // still holds, but the last of the new flips (not final) is not the answer now.
        AddFlip("cc-az-president", true, certified.AddDays(-11), 31);
        AddFlip("cc-az-president", false, certified.AddDays(-6), 32);
        var run = await NotifyAsync();

        Assert.Equal(["finality.final", "finality.retracted", "finality.superseded"], run.Delivered.Select(d => d.Type));
        using var body = JsonDocument.Parse(_receiver.Received[^1].Body);
        var data = body.RootElement.GetProperty("data");
        Assert.Equal((true, certified, 32L, 0), (data.GetProperty("final").GetBoolean(), data.GetProperty("since").GetDateTimeOffset(),
            data.GetProperty("position").GetInt64(), data.GetProperty("withdrawn").GetArrayLength()));
        await AssertQuietAsync();
    }

    [Fact]
    public async Task RunOnce_FlipFromAFactAtTheSameMoment_IsNotSentAgainNorWithdrawn()
    {
        await SubscribeAsync("sub_a");
        var called = new DateTimeOffset(2020, 11, 7, 16, 25, 0, TimeSpan.Zero);
        AddFlip("cc-nc-president", true, called, 50);
        await NotifyAsync();

        // Another desk's call for the very same minute, recorded later, gives the flip a higher position: same flip.
        _flips.Clear();
        AddFlip("cc-nc-president", true, called, 55);
        var run = await NotifyAsync();

        Assert.Equal((0, 0, 0), (run.Enqueued, run.Cancelled, run.Delivered.Length));
        Assert.Single(_receiver.Received);
    }

    /// <summary>The rule subscribers rely on, over many rewrites of two contests' histories (appended flips, flips inserted
    /// before those sent, flips withdrawn, positions raised), with the receiver failing now and then: once every message is
    /// delivered, the last one about each contest states the answer now with the highest position, every flip received that
    /// no longer holds was named by a later correction, and a further run sends nothing.</summary>
    [Fact]
    public async Task RunOnce_AnyRewriteOfHistory_LastMessagePerContestStatesTheAnswerNow()
    {
        await SubscribeAsync("sub_a");
        var random = new Random(20201107);
        string[] contests = ["cc-ga-president", "cc-mi-president"];
        var position = 0L;
        var origin = new DateTimeOffset(2020, 11, 4, 0, 0, 0, TimeSpan.Zero);
        var cancelled = 0;
        for (var step = 0; step < 60; step++)
        {
            var contest = contests[random.Next(contests.Length)];
            var history = _flips.Where(f => f.Contest == contest).OrderBy(f => f.At).ToList();
            _flips.RemoveAll(f => f.Contest == contest);
            switch (random.Next(5))
            {
                case 0 or 1:
                    // A new flip after the others.
                    var after = history.Count == 0 ? origin : history[^1].At;
                    history.Add(new FlipNotice(contest, "media-call", history.Count == 0 || !history[^1].Final, after.AddHours(random.Next(1, 48)), ++position, []));
                    break;
                case 2 when history.Count > 0:
                    // A pair of flips recorded late, inside the gap before a flip already recorded.
                    var i = random.Next(history.Count);
                    var from = i == 0 ? origin.AddDays(-10) : history[i - 1].At;
                    var gap = (history[i].At - from).TotalMinutes;
                    if (gap >= 3)
                    {
                        var first = history[i].Final;
                        history.Insert(i, new FlipNotice(contest, "media-call", !first, from.AddMinutes(2 * gap / 3), ++position, []));
                        history.Insert(i, new FlipNotice(contest, "media-call", first, from.AddMinutes(gap / 3), ++position, []));
                    }

                    break;
                case 3 when history.Count > 0:
                    // A late fact cancels a flip and the one after it (or the last flip alone), often the one recorded last, which
                    // may still be queued.
                    var j = random.Next(2) == 0 ? history.IndexOf(history.MaxBy(f => f.Position)!) : random.Next(history.Count);
                    history.RemoveRange(j, Math.Min(2, history.Count - j));
                    RecordFact(contest, ++position);
                    break;
                case 4 when history.Count > 0:
                    // A fact at the same moment as a flip, recorded later.
                    var k = random.Next(history.Count);
                    history[k] = history[k] with { Position = ++position };
                    break;
            }

            foreach (var flip in history)
            {
                AddFlip(flip.Contest, flip.Final, flip.At, flip.Position);
            }

            _receiver.Status = random.Next(3) == 0 ? 500 : 200;
            cancelled += (await NotifyAsync()).Cancelled;

            // Now and then the next rewrite comes while messages still wait behind a failed one.
            if (_receiver.Status == 500 && step < 59)
            {
                continue;
            }

            _receiver.Status = 200;
            await DrainAsync();
            foreach (var c in contests)
            {
                AssertSubscriberHoldsTheAnswer(c, step);
            }
        }

        // The walk took every path: corrections naming flips, corrections naming none, and flips cancelled before sending.
        var corrections = _receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(b => b.GetProperty("type").GetString() == "finality.superseded").Select(b => b.GetProperty("data").GetProperty("withdrawn").GetArrayLength()).ToList();
        Assert.Contains(corrections, n => n > 0);
        Assert.Contains(corrections, n => n == 0);
        Assert.True(cancelled > 0, "no message was cancelled");
    }

    /// <summary>Runs the notifier, an hour apart, until nothing is pending; then checks that a further run sends nothing.</summary>
    private async Task DrainAsync()
    {
        for (var drain = 0; (await NotifyAsync()).Pending > 0; drain++)
        {
            Assert.True(drain < 10, "the outbox does not drain");
            _clock.Now += TimeSpan.FromHours(1);
        }

        await AssertQuietAsync();
    }

    /// <summary>A run an hour later, with no new fact, enqueues, cancels and sends nothing.</summary>
    private async Task AssertQuietAsync()
    {
        var received = _receiver.Received.Count;
        _clock.Now += TimeSpan.FromHours(1);
        var quiet = await NotifyAsync();
        Assert.Equal((0, 0, 0, 0), (quiet.Enqueued, quiet.Cancelled, quiet.Delivered.Length, quiet.Failed.Length));
        Assert.Equal(received, _receiver.Received.Count);
    }

    private void AssertSubscriberHoldsTheAnswer(string contest, int step)
    {
        var current = _flips.Where(f => f.Contest == contest).OrderBy(f => f.At).LastOrDefault();
        var delivered = _receiver.Received.Where(r => r.AnsweredStatus == 200).Select(r => (r.Id, Body: JsonDocument.Parse(r.Body).RootElement))
            .Where(r => r.Body.GetProperty("data").GetProperty("contest").GetString() == contest).ToList();
        if (delivered.Count == 0)
        {
            Assert.True(current is null || !current.Final, $"step {step}: {contest} is final and nothing was sent");
            return;
        }

        var last = delivered[^1].Body.GetProperty("data");
        var superseded = delivered[^1].Body.GetProperty("type").GetString() == "finality.superseded";
        var since = superseded ? last.GetProperty("since") : last.GetProperty("at");
        Assert.True(last.GetProperty("final").GetBoolean() == (current?.Final ?? false), $"step {step}: {contest}: last message states another answer");
        Assert.True(current is null ? since.ValueKind == JsonValueKind.Null : since.GetDateTimeOffset() == current.At, $"step {step}: {contest}: last message states another time");
        Assert.Equal(delivered.Max(d => d.Body.GetProperty("data").GetProperty("position").GetInt64()), last.GetProperty("position").GetInt64());

        // Every flip the receiver saw (any answer it gave) that no longer holds is named by a correction delivered after it.
        var seen = _receiver.Received.Select(r => (r.Id, Body: JsonDocument.Parse(r.Body).RootElement))
            .Where(r => r.Body.GetProperty("type").GetString() != "finality.superseded" && r.Body.GetProperty("data").GetProperty("contest").GetString() == contest);
        foreach (var (id, body) in seen)
        {
            var data = body.GetProperty("data");
            if (!_flips.Any(f => f.Contest == contest && f.Final == data.GetProperty("final").GetBoolean() && f.At == data.GetProperty("at").GetDateTimeOffset()))
            {
                Assert.True(delivered.Any(d => d.Body.GetProperty("type").GetString() == "finality.superseded"
                    && d.Body.GetProperty("data").GetProperty("withdrawn").EnumerateArray().Any(w => w.GetProperty("id").GetString() == id)),
                    $"step {step}: {contest}: flip {id} no longer holds and no correction named it");
            }
        }
    }

    private static string? TypeOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("type").GetString();
    }

    private Task<NotifyRun> NotifyAsync() => new WebhookNotifier(_store!, _sender, _options, _clock).RunOnceAsync(SourceAsync, Ct);

    /// <summary>Stands in for the finality evaluator: every contest a fact was recorded for, with the flips of
    /// <see cref="_flips"/> (which a test rewrites as a late fact would) and the position of its latest fact.</summary>
    private Task<Result<IReadOnlyList<ContestFlips>>> SourceAsync(string policy, IReadOnlyCollection<string>? contests, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(policy == "called("
            ? Result<IReadOnlyList<ContestFlips>>.Failure(new Problem(ProblemCodes.BadValue, "the policy does not parse"))
            : Result<IReadOnlyList<ContestFlips>>.Success([.. _latest.Where(c => contests is null || contests.Contains(c.Key)).Select(c => new ContestFlips(
                c.Key, [.. _flips.Where(f => f.Contest == c.Key).Select(f => f with { Policy = policy })], [.. _reasons.GetValueOrDefault(c.Key) ?? []], c.Value))]));

    private void AddFlip(string contest, bool final, DateTimeOffset at, long position, params string[] reasons)
    {
        _flips.Add(new FlipNotice(contest, "media-call", final, at, position, [.. reasons]));
        RecordFact(contest, position);
    }

    /// <summary>A fact is recorded for <paramref name="contest"/> at log position <paramref name="position"/>.</summary>
    private void RecordFact(string contest, long position) => _latest[contest] = Math.Max(_latest.GetValueOrDefault(contest), position);

    /// <summary>Subscribes <paramref name="id"/> with webhooks to <paramref name="receiver"/> (the test's receiver by default).</summary>
    private async Task<string> SubscribeAsync(string id, string policy = "media-call", WebhookReceiver? receiver = null)
    {
        receiver ??= _receiver;
        var secret = StandardWebhooks.NewSecret();
        receiver.Trust(secret);
        // Every test subscribes first; the store is made here so that a missing PostgreSQL skips the test inside it.
        _store ??= await CreateStoreAsync();
        await _store.AddSubscriptionAsync(new Subscription(id, policy, ImmutableArray<string>.Empty, receiver.Url, secret, null, "canvass-terms-1", _clock.Now, _clock.Now, null), Ct);
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
