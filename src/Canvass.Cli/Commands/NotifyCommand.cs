using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Finality;
using Canvass.Domain;
using Canvass.Storage.Subscriptions;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass notify [--now TIME] [--timeout SECONDS]</c>: drains the webhook outbox once. Computes every active
/// subscription's flips, enqueues each new one under a stable id and a correction where a late fact rewrote what was sent,
/// cancels unsent messages that no longer hold, and delivers every message that is due.</summary>
/// <remarks>Exit code 0 when every attempt made succeeded (or none was due), 1 when some attempt failed (each such message
/// stays in the outbox and is retried with backoff by a later run) or a subscription's flips could not be computed.</remarks>
internal static class NotifyCommand
{
    private static readonly DateTimeOffset EarliestNow = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset LatestNow = new(9998, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var now = new Option<string?>("--now")
        {
            Description = "Act as if the clock read this ISO 8601 time (it keeps running from there). For tests of backoff: receivers refuse webhooks stamped minutes away from their own clocks, and a clock ahead sends flips that have not happened yet.",
        };
        var timeout = new Option<int>("--timeout") { Description = "Seconds one request may take.", DefaultValueFactory = _ => 10 };
        var allowLoopback = WebhookOptions.AllowLoopback();
        var allowPrivate = WebhookOptions.AllowPrivate();
        var command = new Command("notify", "Deliver finality flips to subscribers: drain the webhook outbox once (at least once, same id on every retry).")
        {
            store, now, timeout, allowLoopback, allowPrivate, json,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var problems = new List<Problem>();
            TimeProvider clock = TimeProvider.System;
            if (parse.GetValue(now) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
                {
                    problems.Add(new Problem(ProblemCodes.BadValue, FactInput.OutsideTheCalendar(text) ? FactInput.OutsideMessage(text) : $"'{text}' is not an ISO 8601 time.", Path: "--now"));
                }
                else if (start < EarliestNow || start > LatestNow)
                {
                    // Webhook timestamps are Unix seconds, and the clock runs on from --now and schedules retries an hour ahead.
                    problems.Add(new Problem(ProblemCodes.BadValue,
                        $"The clock starts between {Utc(EarliestNow)} and {Utc(LatestNow)}, not at {Utc(start)}.", Path: "--now"));
                }
                else
                {
                    clock = new ShiftedTimeProvider(start);
                }
            }

            var seconds = parse.GetValue(timeout);
            if (seconds is < 1 or > 300)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, "The timeout is between 1 and 300 seconds.", Path: "--timeout"));
            }

            if (problems.Count > 0)
            {
                return Task.FromResult(output.Problems("Nothing was delivered.", problems));
            }

            var options = new WebhookDeliveryOptions
            {
                Addresses = WebhookOptions.Policy(parse.GetValue(allowLoopback), parse.GetValue(allowPrivate)),
                Timeout = TimeSpan.FromSeconds(seconds),
            };
            return StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: false, mustExist: true, async session =>
            {
                await using var subscriptions = await StoreLocation.OpenSubscriptionsAsync(StoreLocation.Resolve(parse.GetValue(store)), ct);
                using var sender = new WebhookSender(options);
                var run = await new WebhookNotifier(subscriptions, sender, options, clock).RunOnceAsync(FinalityFlips.For(session.Store), ct);
                var ok = run.Failed.IsEmpty && run.Problems.IsEmpty;
                Print(output, new NotifyReport(ok, run.Enqueued, run.Cancelled, run.Delivered, run.Failed, run.Problems, run.Pending));
                return ok ? ExitCodes.Ok : ExitCodes.Failed;
            }, ct);
        });
        return command;
    }

    private static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Print(Output output, NotifyReport report)
    {
        if (output.Json)
        {
            output.WriteJson(report, SubscriptionCliJsonContext.Default.NotifyReport);
            return;
        }

        output.Line($"{Quantity.Of(report.Enqueued, "new message")} enqueued");
        if (report.Cancelled > 0)
        {
            output.Line(report.Cancelled == 1 ? "1 unsent message cancelled: what it said no longer holds" : $"{Quantity.Of(report.Cancelled, "unsent message")} cancelled: what they said no longer holds");
        }

        foreach (var d in report.Delivered)
        {
            output.Line($"delivered {d.MessageId} ({d.Type}) to {d.Subscription}, attempt {d.Attempt}, HTTP {d.Status}");
        }

        foreach (var f in report.Failed)
        {
            output.Line($"failed {f.MessageId} ({f.Type}) to {f.Subscription}, attempt {f.Attempt}: {f.Error?.TrimEnd('.')}; " + (f.NextAttemptAt is { } next
                ? $"next attempt {next.ToString("O", CultureInfo.InvariantCulture)}"
                : "claimed again by another notifier before this attempt ended, which decides the next"));
        }

        foreach (var p in report.Problems)
        {
            output.Error.WriteLine("  " + p);
        }

        output.Line($"{Quantity.Of(report.Pending, "message")} pending");
    }
}
