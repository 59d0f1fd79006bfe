using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass subscriptions [--all]</c>: the operator's view of the subscriptions and their outbox. Never shows a
/// secret; shows URLs and contacts, so it is for the operator's eyes only, like the database it reads.</summary>
internal static class SubscriptionsCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var all = new Option<bool>("--all") { Description = "Include ended subscriptions." };
        var command = new Command("subscriptions", "List subscriptions and their undelivered messages (operator view: URLs and contacts, never secrets).")
        {
            store, all, json,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            return StoreCommand.RunOnSubscriptionsAsync(output, parse.GetValue(store), async subscriptions =>
            {
                var rows = new List<SubscriptionRow>();
                foreach (var s in await subscriptions.ListSubscriptionsAsync(parse.GetValue(all), ct))
                {
                    var pending = (await subscriptions.ReadOutboxAsync(s.Id, ct)).Where(e => e.IsPending).ToList();
                    var head = pending.FirstOrDefault();
                    rows.Add(new SubscriptionRow(s.Id, s.Policy, s.Contests, s.Url?.AbsoluteUri, s.Contact, s.TermsVersion, s.TermsAcceptedAt, s.CreatedAt, s.EndedAt,
                        pending.Count, head?.NextAttemptAt, head?.LastError));
                }

                if (output.Json)
                {
                    output.WriteJson(rows, SubscriptionCliJsonContext.Default.ListSubscriptionRow);
                    return ExitCodes.Ok;
                }

                foreach (var r in rows)
                {
                    var state = r.EndedAt is { } ended ? "ended " + ended.ToString("O", CultureInfo.InvariantCulture) : "active";
                    output.Line($"{r.Id} [{state}] policy '{r.Policy}' for {(r.Contests.IsEmpty ? "every contest" : string.Join(", ", r.Contests))}");
                    output.Line($"  url {r.Url ?? "(erased)"}; terms {r.TermsVersion} accepted {r.TermsAcceptedAt.ToString("O", CultureInfo.InvariantCulture)}");
                    if (r.Contact is not null)
                    {
                        output.Line($"  contact {r.Contact}");
                    }

                    if (r.Pending > 0)
                    {
                        output.Line($"  {r.Pending} pending; next attempt {r.NextAttemptAt!.Value.ToString("O", CultureInfo.InvariantCulture)}{(r.LastError is null ? "" : "; last error: " + r.LastError)}");
                    }
                }

                output.Line(Quantity.Of(rows.Count, "subscription"));
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}

/// <summary>One line of <c>canvass subscriptions --json</c>.</summary>
internal sealed record SubscriptionRow(
    string Id,
    string Policy,
    ImmutableArray<string> Contests,
    string? Url,
    string? Contact,
    string TermsVersion,
    DateTimeOffset TermsAcceptedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    int Pending,
    DateTimeOffset? NextAttemptAt,
    string? LastError);
