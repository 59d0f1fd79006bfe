using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Canvass.Cli.Commands;
using Canvass.Storage.Sqlite;
using Canvass.Storage.Subscriptions;
using Canvass.TestKit;
using Microsoft.Data.Sqlite;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass subscribe | unsubscribe | notify</c> as a user runs them, against a real receiver on loopback.</summary>
public sealed class SubscriptionCliTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The policy of the delivery tests: final once AP calls the contest.</summary>
    private const string ApCall = "called(AP)";
    private readonly Canvass _canvass = new();
    private readonly WebhookReceiver _receiver = new();

    public SubscriptionCliTests() => Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _receiver.Dispose();
        SqliteConnection.ClearAllPools();
        _canvass.Dispose();
    }

    [Fact]
    public async Task Subscribe_WithoutAcceptingTerms_ExitsTwoStoresNothing()
    {
        var run = _canvass.Run("subscribe", "--policy", "media-call", "--url", _receiver.Url.ToString(), "--allow-loopback");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("[terms-not-accepted]", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--accept-terms", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountSubscriptionsAsync());
    }

    public static TheoryData<string, string> BadUrls => new()
    {
        { "ftp://hooks.example/canvass", "scheme is 'ftp'" },
        { "file:///etc/passwd", "scheme is 'file'" },
        { "hooks.example/canvass", "not an absolute URL" },
        { "http://169.254.169.254/latest/meta-data/", "link-local" },
        { "http://[fe80::1]/hook", "link-local" },
        { "http://224.0.0.251/hook", "multicast" },
        { "http://0.0.0.0/hook", "unspecified" },
        { "http://255.255.255.255/hook", "broadcast" },
        { "http://127.0.0.1:8080/hook", "loopback" },
        { "http://192.168.0.10/hook", "private network" },
    };

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task Subscribe_BadOrForbiddenUrl_ExitsTwoStoresNothing(string url, string reason)
    {
        var run = _canvass.Run("subscribe", "--policy", "media-call", "--url", url, "--accept-terms");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--url: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("[bad-value]", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountSubscriptionsAsync());
    }

    [Fact]
    public async Task Subscribe_EveryProblemAtOnce_ListsThemAll()
    {
        var run = _canvass.Run("subscribe", "--policy", "media-call", "--contest", "cc-nope", "--url", "gopher://x", "--json");

        Assert.Equal(2, run.ExitCode);
        using var report = JsonDocument.Parse(run.Stdout);
        Assert.Equal(["terms-not-accepted", "bad-value", "unknown-reference"],
            report.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        Assert.Equal(0, await CountSubscriptionsAsync());
    }

    [Fact]
    public async Task Subscribe_PolicyThatDoesNotParse_IsNamedByItsOption()
    {
        var run = _canvass.Run("subscribe", "--policy", "called(AP) and nonsense", "--url", _receiver.Url.ToString(), "--allow-loopback",
            "--accept-terms", "--json");

        Assert.Equal(2, run.ExitCode);
        using var report = JsonDocument.Parse(run.Stdout);
        var problem = Assert.Single(report.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("unknown-reference", "--policy"), (problem.GetProperty("code").GetString(), problem.GetProperty("path").GetString()));
        Assert.Equal(0, await CountSubscriptionsAsync());
    }

    [Fact]
    public void Subscribe_NoStore_ListsThatWithTheOtherProblems()
    {
        var run = _canvass.Run(false, "subscribe", "--policy", "media-call", "--url", "ftp://x", "--store", _canvass.PathOf("missing.db"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("[terms-not-accepted]", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("[bad-value]", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("[no-election]", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_canvass.PathOf("missing.db")));
    }

    /// <summary>The time <c>subscribe</c> prints as the terms' acceptance is the time stored (to the millisecond the store
    /// keeps), not a finer one the subscriber would never see again.</summary>
    [Fact]
    public void Subscribe_PrintsTheAcceptanceTimeItRecords()
    {
        var run = _canvass.Run("subscribe", "--accept-terms", "--allow-loopback", "--json", "--policy", "media-call", "--url", _receiver.Url.ToString());
        var list = _canvass.Run("subscriptions", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var created = JsonDocument.Parse(run.Stdout);
        using var rows = JsonDocument.Parse(list.Stdout);
        Assert.Equal(created.RootElement.GetProperty("termsAcceptedAt").GetDateTimeOffset(),
            Assert.Single(rows.RootElement.EnumerateArray()).GetProperty("termsAcceptedAt").GetDateTimeOffset());
    }

    /// <summary>The operator's listing prints the contact as it is: a line break in it would forge lines of that listing.</summary>
    [Theory]
    [InlineData("desk@news.example\nsub_0000 [active] policy media-call")]
    [InlineData("desk\u001b[2J@news.example")]
    public async Task Subscribe_ContactWithAControlCharacter_ExitsTwoStoresNothing(string contact)
    {
        var run = _canvass.Run("subscribe", "--accept-terms", "--allow-loopback", "--policy", "media-call", "--url", _receiver.Url.ToString(),
            "--contact", System.Text.RegularExpressions.Regex.Unescape(contact));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("The contact holds a control character", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountSubscriptionsAsync());
    }

    [Fact]
    public async Task Subscribe_Accepted_RecordsTermsAndShowsTheSecretOnce()
    {
        var subscription = Subscribe("--contest", "cc-gov", "--contact", "desk@news.example");

        Assert.Matches("^sub_[0-9a-f]{24}$", subscription.Id);
        Assert.True(StandardWebhooks.IsSecret(subscription.Secret));
        await using var store = await SqliteSubscriptionStore.OpenAsync(_canvass.Store, Ct);
        var stored = (await store.FindSubscriptionAsync(subscription.Id, Ct))!;
        Assert.Equal((SubscriberTerms.CurrentVersion, "media-call", _receiver.Url, subscription.Secret, "desk@news.example"),
            (stored.TermsVersion, stored.Policy, stored.Url, stored.Secret, stored.Contact));
        Assert.Equal(["cc-gov"], stored.Contests);
        Assert.InRange(stored.TermsAcceptedAt, DateTimeOffset.FromUnixTimeSeconds(0).AddYears(50), stored.CreatedAt);
    }

    [Fact]
    public async Task Notify_RecordedCallAndRetraction_DeliverAFlipEachWayInOrder()
    {
        var subscription = Subscribe("--policy", "called(AP)", "--contest", "cc-gov");
        var called = new DateTimeOffset(2026, 11, 4, 2, 30, 0, TimeSpan.Zero);
        var callPosition = await RecordAsync("call", "--caller", "AP", "--winner", "can-a", "--at", Iso(called));

        var first = _canvass.Run("notify", "--allow-loopback", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        var final = Assert.Single(_receiver.Received);
        Assert.True(final.SignatureValid);
        using (var body = JsonDocument.Parse(final.Body))
        {
            var data = body.RootElement.GetProperty("data");
            Assert.Equal(("finality.final", subscription.Id, "cc-gov", "called(AP)", true, callPosition, called), (
                body.RootElement.GetProperty("type").GetString(), data.GetProperty("subscription").GetString(), data.GetProperty("contest").GetString(),
                data.GetProperty("policy").GetString(), data.GetProperty("final").GetBoolean(), data.GetProperty("position").GetInt64(),
                data.GetProperty("at").GetDateTimeOffset()));
        }

        var retractPosition = await RecordAsync("retract-call", "--caller", "AP", "--reason", "too early", "--at", Iso(called.AddHours(5)));
        var second = _canvass.Run("notify", "--allow-loopback", "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2, _receiver.Received.Count);
        using (var body = JsonDocument.Parse(_receiver.Received[1].Body))
        {
            Assert.Equal(("finality.retracted", false, retractPosition), (body.RootElement.GetProperty("type").GetString(),
                body.RootElement.GetProperty("data").GetProperty("final").GetBoolean(), body.RootElement.GetProperty("data").GetProperty("position").GetInt64()));
        }

        Assert.NotEqual(_receiver.Received[0].Id, _receiver.Received[1].Id);
        Assert.Equal(0, _canvass.Run("notify", "--allow-loopback").ExitCode);
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public async Task Notify_ChallengeRecordedLate_SupersedesTheFinalAlreadySent_Once()
    {
        var subscription = Subscribe("--policy", "called(AP) and not challenge_pending", "--contest", "cc-gov");
        var called = new DateTimeOffset(2026, 11, 4, 2, 30, 0, TimeSpan.Zero);
        var callPosition = await RecordAsync("call", "--caller", "AP", "--winner", "can-a", "--at", Iso(called));
        Assert.Equal(0, _canvass.Run("notify", "--allow-loopback").ExitCode);
        var final = Assert.Single(_receiver.Received);

        // A challenge filed the evening before the call is entered a day late: the contest was never final under the policy.
        var challengePosition = await RecordAsync("challenge", "--court", "Superior Court", "--case", "26-CV-1", "--petitioner", "Bo", "--at", Iso(called.AddHours(-6)));
        var corrected = _canvass.Run("notify", "--allow-loopback", "--json");

        Assert.True(corrected.ExitCode == 0, corrected.ToString());
        using (var report = JsonDocument.Parse(corrected.Stdout))
        {
            Assert.Equal((1, 0), (report.RootElement.GetProperty("enqueued").GetInt32(), report.RootElement.GetProperty("cancelled").GetInt32()));
        }

        Assert.Equal(2, _receiver.Received.Count);
        var correction = _receiver.Received[1];
        Assert.True(correction.SignatureValid);
        Assert.NotEqual(final.Id, correction.Id);
        using (var body = JsonDocument.Parse(correction.Body))
        {
            var data = body.RootElement.GetProperty("data");
            Assert.Equal(("finality.superseded", subscription.Id, "cc-gov", false, JsonValueKind.Null, challengePosition), (
                body.RootElement.GetProperty("type").GetString(), data.GetProperty("subscription").GetString(), data.GetProperty("contest").GetString(),
                data.GetProperty("final").GetBoolean(), data.GetProperty("since").ValueKind, data.GetProperty("position").GetInt64()));
            var withdrawn = Assert.Single(data.GetProperty("withdrawn").EnumerateArray());
            Assert.Equal((final.Id, true, called, callPosition), (withdrawn.GetProperty("id").GetString(), withdrawn.GetProperty("final").GetBoolean(),
                withdrawn.GetProperty("at").GetDateTimeOffset(), withdrawn.GetProperty("position").GetInt64()));
            Assert.Contains(data.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("26-CV-1 pending", StringComparison.Ordinal));
        }

        var again = _canvass.Run("notify", "--allow-loopback", "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public async Task Notify_QueuedRetractionThatALateFactUndoes_IsCancelledNotSent()
    {
        Subscribe("--policy", "called(AP) or conceded", "--contest", "cc-gov");
        var called = new DateTimeOffset(2026, 11, 4, 2, 30, 0, TimeSpan.Zero);
        await RecordAsync("call", "--caller", "AP", "--winner", "can-a", "--at", Iso(called));
        await RecordAsync("retract-call", "--caller", "AP", "--reason", "too early", "--at", Iso(called.AddHours(5)));
        _receiver.Status = 503;
        var failed = _canvass.Run("notify", "--allow-loopback", "--json");
        Assert.Equal(1, failed.ExitCode);
        DateTimeOffset retryAt;
        using (var report = JsonDocument.Parse(failed.Stdout))
        {
            Assert.Equal(2, report.RootElement.GetProperty("pending").GetInt32());
            retryAt = report.RootElement.GetProperty("failed")[0].GetProperty("nextAttemptAt").GetDateTimeOffset();
        }

        // Bo's concession, an hour before the retraction, is entered late: the contest stayed final, the retraction waiting
        // behind the failed call never happened.
        await RecordAsync("concession", "--candidate", "can-b", "--at", Iso(called.AddHours(4)));
        _receiver.Status = 200;
        var run = _canvass.Run("notify", "--allow-loopback", "--now", Iso(retryAt));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 unsent message cancelled: what it said no longer holds", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 messages pending", run.Stdout, StringComparison.Ordinal);
        Assert.Equal([503, 200], _receiver.Received.Select(r => r.AnsweredStatus));
        Assert.All(_receiver.Received, r => Assert.Contains("\"type\":\"finality.final\"", r.Body, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("called(AP) and")]
    [InlineData("final_answer")]
    [InlineData("   ")]
    public async Task Subscribe_PolicyThatDoesNotParseOrNamesAnUnknownFact_ExitsTwoStoresNothing(string policy)
    {
        var run = _canvass.Run("subscribe", "--policy", policy, "--url", _receiver.Url.ToString(), "--accept-terms", "--allow-loopback");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--policy", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountSubscriptionsAsync());
    }

    [Fact]
    public async Task Notify_DeliversSignedMessage_ThenNothingMore()
    {
        var subscription = Subscribe("--policy", ApCall);
        var message = await RecordCallAsync(subscription.Id);

        var run = _canvass.Run("notify", "--allow-loopback", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var received = Assert.Single(_receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal((message.Id, message.Body), (received.Id, received.Body));
        using var report = JsonDocument.Parse(run.Stdout);
        Assert.Equal(message.Id, report.RootElement.GetProperty("delivered")[0].GetProperty("messageId").GetString());
        Assert.Equal(0, report.RootElement.GetProperty("pending").GetInt32());

        Assert.Equal(0, _canvass.Run("notify", "--allow-loopback").ExitCode);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task Notify_WithoutLoopbackAllowed_RefusesTheAddressAtDeliveryTime()
    {
        var subscription = Subscribe("--policy", ApCall);
        await RecordCallAsync(subscription.Id);

        var run = _canvass.Run("notify");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("loopback", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("with --allow-loopback); next attempt ", run.Stdout, StringComparison.Ordinal); // not "…).; next"
        Assert.Contains("1 message pending", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task Notify_ReceiverFailsThenRecovers_SameIdRedelivered()
    {
        var subscription = Subscribe("--policy", ApCall);
        var message = await RecordCallAsync(subscription.Id);
        _receiver.Status = 503;

        var failed = _canvass.Run("notify", "--allow-loopback", "--json");

        Assert.Equal(1, failed.ExitCode);
        using var report = JsonDocument.Parse(failed.Stdout);
        var nextAttempt = report.RootElement.GetProperty("failed")[0].GetProperty("nextAttemptAt").GetDateTimeOffset();
        _receiver.Status = 200;
        // A minute before the retry is due, by --now rather than the wall clock: on a loaded machine the next process can
        // reach the outbox after the 10 s backoff has run out.
        var early = _canvass.Run("notify", "--allow-loopback", "--now", Iso(nextAttempt.AddMinutes(-1)));
        Assert.Equal(0, early.ExitCode);
        Assert.Single(_receiver.Received);

        var recovered = _canvass.Run("notify", "--allow-loopback", "--now", Iso(nextAttempt));

        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        Assert.Equal([message.Id, message.Id], _receiver.Received.Select(r => r.Id));
        Assert.Equal([503, 200], _receiver.Received.Select(r => r.AnsweredStatus));
        Assert.All(_receiver.Received, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task Subscriptions_ShowPendingAndLastError_NeverTheSecret()
    {
        var subscription = Subscribe("--policy", ApCall, "--contact", "desk@news.example");
        await RecordCallAsync(subscription.Id);
        _receiver.Status = 503;
        Assert.Equal(1, _canvass.Run("notify", "--allow-loopback").ExitCode);

        var list = _canvass.Run("subscriptions", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.DoesNotContain(subscription.Secret, list.Stdout, StringComparison.Ordinal);
        using (var rows = JsonDocument.Parse(list.Stdout))
        {
            var row = Assert.Single(rows.RootElement.EnumerateArray());
            Assert.Equal((subscription.Id, 1, "HTTP 503 Service Unavailable", "desk@news.example"), (row.GetProperty("id").GetString(),
                row.GetProperty("pending").GetInt32(), row.GetProperty("lastError").GetString(), row.GetProperty("contact").GetString()));
        }

        Assert.Equal(0, _canvass.Run("unsubscribe", "--id", subscription.Id).ExitCode);
        Assert.Contains("0 subscriptions", _canvass.Run("subscriptions").Stdout, StringComparison.Ordinal);
        var ended = _canvass.Run("subscriptions", "--all");
        Assert.Contains(subscription.Id + " [ended ", ended.Stdout, StringComparison.Ordinal);
        Assert.Contains("url (erased)", ended.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscriptions_Text_ShowsTheContactUntilUnsubscribeErasesIt()
    {
        var subscription = Subscribe("--policy", ApCall, "--contact", "desk@news.example");

        var list = _canvass.Run("subscriptions");
        var end = _canvass.Run("unsubscribe", "--id", subscription.Id);
        var ended = _canvass.Run("subscriptions", "--all");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("  contact desk@news.example", list.Stdout, StringComparison.Ordinal);
        Assert.True(end.ExitCode == 0, end.ToString());
        Assert.Contains("its URL, secret and contact are erased", end.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("desk@news.example", ended.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_ReceiverDownForHours_LosesNothing()
    {
        using var receiver = new WebhookReceiver(down: true);
        var subscription = Subscribe("--policy", ApCall, "--url", receiver.Url.ToString());
        receiver.Trust(subscription.Secret);
        var message = await RecordCallAsync(subscription.Id);
        var start = TimeProvider.System.GetUtcNow();

        foreach (var hours in new[] { 0, 3, 6 })
        {
            var down = _canvass.Run("notify", "--allow-loopback", "--now", Iso(start.AddHours(hours)));
            Assert.True(down.ExitCode == 1, down.ToString());
            Assert.Contains("1 message pending", down.Stdout, StringComparison.Ordinal);
        }

        receiver.Start();
        var back = _canvass.Run("notify", "--allow-loopback", "--now", Iso(start.AddHours(9)), "--json");

        Assert.True(back.ExitCode == 0, back.ToString());
        using var report = JsonDocument.Parse(back.Stdout);
        var delivered = report.RootElement.GetProperty("delivered")[0];
        Assert.Equal((message.Id, 4), (delivered.GetProperty("messageId").GetString(), delivered.GetProperty("attempt").GetInt32()));
        var received = Assert.Single(receiver.Received);
        Assert.Equal(message.Id, received.Id);
        Assert.True(received.SignatureValid);
    }

    [Fact]
    public async Task Notify_KilledMidDelivery_RerunDeliversTheSameId()
    {
        var subscription = Subscribe("--policy", ApCall);
        var message = await RecordCallAsync(subscription.Id);
        _receiver.Hold = true;

        using (var notifier = Process.Start(_canvass.StartInfo(true, "notify", "--allow-loopback", "--timeout", "120"))!)
        {
            var held = await _receiver.NextAsync(Wait);
            Assert.Equal(message.Id, held.Id);
            notifier.Kill(entireProcessTree: true);
            await notifier.WaitForExitAsync(Ct);
        }

        _receiver.Hold = false;
        _receiver.Release();
        await using (var store = await SqliteSubscriptionStore.OpenAsync(_canvass.Store, Ct))
        {
            var entry = Assert.Single(await store.ReadOutboxAsync(subscription.Id, Ct));
            Assert.Equal((1, (DateTimeOffset?)null), (entry.Attempts, entry.DeliveredAt));
        }

        // The dead notifier's claim still stands (request timeout + 30 s): an immediate rerun leaves the message alone.
        var during = _canvass.Run("notify", "--allow-loopback");
        Assert.Contains("1 message pending", during.Stdout, StringComparison.Ordinal);
        Assert.Single(_receiver.Received);

        var rerun = _canvass.Run("notify", "--allow-loopback", "--now", Iso(TimeProvider.System.GetUtcNow().AddMinutes(3)));

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal([message.Id, message.Id], _receiver.Received.Select(r => r.Id));
        Assert.True(_receiver.Received[1].SignatureValid);
        Assert.Contains("0 messages pending", rerun.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery_AndErasesUrlAndSecret()
    {
        var subscription = Subscribe("--policy", ApCall);
        await RecordCallAsync(subscription.Id);
        _receiver.Status = 500;
        Assert.Equal(1, _canvass.Run("notify", "--allow-loopback").ExitCode);

        var end = _canvass.Run("unsubscribe", "--id", subscription.Id, "--json");

        Assert.True(end.ExitCode == 0, end.ToString());
        using (var report = JsonDocument.Parse(end.Stdout))
        {
            Assert.Equal(1, report.RootElement.GetProperty("cancelledMessages").GetInt32());
        }

        _receiver.Status = 200;
        await RecordAsync("retract-call", "--caller", "AP", "--at", "2026-11-04T09:00:00Z");
        var after = _canvass.Run("notify", "--allow-loopback", "--now", Iso(TimeProvider.System.GetUtcNow().AddDays(2)));
        Assert.Equal(0, after.ExitCode);
        Assert.Single(_receiver.Received);
        var bytes = await File.ReadAllBytesAsync(_canvass.Store, Ct);
        Assert.Equal(-1, IndexOf(bytes, subscription.Secret));

        var again = _canvass.Run("unsubscribe", "--id", subscription.Id);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already ended", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, _canvass.Run("unsubscribe", "--id", "sub_nobody").ExitCode);
    }

    /// <summary>Setting the columns to NULL left the old values' bytes in the page's free space and in the WAL's earlier
    /// frames, where anyone with a copy of the files could read the URL's token and the secret back; a failed delivery's
    /// error kept the receiver's host and port. After <c>unsubscribe</c> none of them is in the database file or its
    /// WAL. (The contact is long, so the row that replaces it cannot cover the old one by chance.)</summary>
    [Fact]
    public async Task Unsubscribe_LeavesNoTraceOfUrlSecretContactOrErrorInTheStoreFiles()
    {
        const string Marker = "erase-marker-51c9";
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var subscription = Subscribe("--policy", ApCall, "--url", $"http://127.0.0.1:{closedPort}/{Marker}?token={Marker}",
            "--contact", $"night desk {Marker}@news.example, escalation jane.reporter@news.example.org, pager +1-555-0199 ({Marker})");
        await RecordCallAsync(subscription.Id);
        var failed = _canvass.Run("notify", "--allow-loopback");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        var traces = new[] { Marker, subscription.Secret["whsec_".Length..], $"127.0.0.1:{closedPort}" };

        // Before: each is in the store's files, so the check after can fail.
        var before = await StoreFileBytesAsync();
        Assert.All(traces, t => Assert.True(before.Any(f => IndexOf(f.Bytes, t) != -1), $"{t} not in the store before unsubscribe"));

        var end = _canvass.Run("unsubscribe", "--id", subscription.Id);

        Assert.True(end.ExitCode == 0, end.ToString());
        foreach (var (file, bytes) in await StoreFileBytesAsync())
        {
            foreach (var trace in traces)
            {
                Assert.True(IndexOf(bytes, trace) == -1, $"{trace} is still in {Path.GetFileName(file)}");
            }
        }
    }

    private async Task<List<(string File, byte[] Bytes)>> StoreFileBytesAsync()
    {
        var files = new List<(string, byte[])>();
        foreach (var file in new[] { _canvass.Store, _canvass.Store + "-wal" })
        {
            if (File.Exists(file))
            {
                files.Add((file, await File.ReadAllBytesAsync(file, Ct)));
            }
        }

        return files;
    }

    [Fact]
    public async Task Privacy_SubscriberUrlSecretAndContact_AppearInNoLogEntryExportOrBundle()
    {
        const string Marker = "private-marker-7f3a";
        var url = new Uri(_receiver.Url, Marker);
        var subscription = Subscribe("--policy", ApCall, "--url", url.ToString(), "--contact", "contact-" + Marker + "@news.example");
        await RecordCallAsync(subscription.Id);
        Assert.Equal(0, _canvass.Run("notify", "--allow-loopback").ExitCode);
        var secrets = new[] { Marker, subscription.Secret, subscription.Secret["whsec_".Length..], subscription.Id };

        // The store file holds them (so the checks below can fail), in the private tables only.
        var storeBytes = await File.ReadAllBytesAsync(_canvass.Store, Ct);
        Assert.NotEqual(-1, IndexOf(storeBytes, Marker));

        var entries = _canvass.Run("log", "entries");
        Assert.Equal(0, entries.ExitCode);
        var leaves = string.Join('\n', entries.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Encoding.UTF8.GetString(Convert.FromBase64String(l))));
        var bundle = _canvass.PathOf("bundle");
        Assert.Equal(0, _canvass.Run("export", "bundle", "--out", bundle).ExitCode);
        var cdf = _canvass.PathOf("results.json");
        Assert.Equal(0, _canvass.Run("export", "cdf", "--out", cdf).ExitCode);
        var published = new List<(string Where, byte[] Bytes)> { ("log entries", Encoding.UTF8.GetBytes(leaves)), ("cdf", await File.ReadAllBytesAsync(cdf, Ct)) };
        foreach (var file in Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories))
        {
            published.Add((Path.GetRelativePath(bundle, file), await File.ReadAllBytesAsync(file, Ct)));
        }

        await using (var events = new SqliteCanvassStore(_canvass.Store))
        {
            await foreach (var e in events.ReadAllAsync(1, Ct))
            {
                published.Add(($"event {e.Position}", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(e.Event, e.Event.GetType(), Storage.Serialization.CanvassJsonContext.Default))));
            }
        }

        Assert.True(published.Count > 3);
        foreach (var (where, bytes) in published)
        {
            foreach (var secret in secrets)
            {
                Assert.True(IndexOf(bytes, secret) == -1, $"{secret} found in {where}");
            }
        }
    }

    private Created Subscribe(params string[] extra)
    {
        var args = new List<string> { "subscribe", "--accept-terms", "--allow-loopback", "--json" };
        if (!extra.Contains("--policy"))
        {
            args.AddRange(["--policy", "media-call"]);
        }

        if (!extra.Contains("--url"))
        {
            args.AddRange(["--url", _receiver.Url.ToString()]);
        }

        args.AddRange(extra);
        var run = _canvass.Run([.. args]);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var created = new Created(json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("secret").GetString()!);
        _receiver.Trust(created.Secret);
        return created;
    }

    /// <summary>Records AP's call of cc-gov with <c>canvass record</c> and returns the message <c>canvass notify</c> derives
    /// from it for a <see cref="ApCall"/> subscription, through the same finality source.</summary>
    private async Task<OutboxMessage> RecordCallAsync(string subscriptionId)
    {
        var position = await RecordAsync("call", "--caller", "AP", "--winner", "can-a", "--at", "2026-11-04T03:00:00Z");
        await using var events = new SqliteCanvassStore(_canvass.Store);
        var history = await FinalityFlips.For(events)(ApCall, ["cc-gov"], TimeProvider.System.GetUtcNow(), Ct);
        var flip = Assert.Single(Assert.Single(history.Value).Flips);
        Assert.Equal((true, position), (flip.Final, flip.Position));
        return flip.ToMessage(subscriptionId, TimeProvider.System.GetUtcNow());
    }

    /// <summary>Records a fact on cc-gov with <c>canvass record</c>; returns its log position.</summary>
    private async Task<long> RecordAsync(string kind, params string[] args)
    {
        var run = _canvass.Run(["record", kind, "--contest", "cc-gov", "--source", "AP", .. args]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return (await StoreProbe.CountAsync(_canvass.Store)).Events;
    }

    private async Task<long> CountSubscriptionsAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _canvass.Store, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'wh_subscriptions'";
        if ((long)(await command.ExecuteScalarAsync(Ct))! == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM wh_subscriptions";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static int IndexOf(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle));

    private sealed record Created(string Id, string Secret);
}
