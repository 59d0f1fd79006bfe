using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Domain;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass unsubscribe --id sub_...</c>: ends a subscription. Its URL, secret and contact are erased, its
/// undelivered messages are cancelled, and the record of the terms it accepted is kept.</summary>
internal static class UnsubscribeCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var id = new Option<string>("--id") { Description = "The subscription id that 'canvass subscribe' printed.", Required = true };
        var command = new Command("unsubscribe", "End a subscription: nothing more is delivered, and its URL, secret and contact are erased.")
        {
            store, id, json,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var subscriptionId = parse.GetValue(id)!;
            return StoreCommand.RunOnSubscriptionsAsync(output, parse.GetValue(store), async subscriptions =>
            {
                var pending = (await subscriptions.ReadOutboxAsync(subscriptionId, ct)).Count(e => e.IsPending);
                var now = TimeProvider.System.GetUtcNow();
                if (!await subscriptions.EndSubscriptionAsync(subscriptionId, now, ct))
                {
                    var existing = await subscriptions.FindSubscriptionAsync(subscriptionId, ct);
                    return output.Problems("Nothing was changed.", [new Problem(ProblemCodes.UnknownReference,
                        existing is null ? $"There is no subscription '{subscriptionId}'." : $"Subscription '{subscriptionId}' already ended at {existing.EndedAt!.Value.ToString("O", CultureInfo.InvariantCulture)}.",
                        Path: "--id")]);
                }

                var report = new SubscriptionEnded(subscriptionId, now, pending);
                if (output.Json)
                {
                    output.WriteJson(report, SubscriptionCliJsonContext.Default.SubscriptionEnded);
                }
                else
                {
                    output.Line($"subscription {subscriptionId} ended; {Quantity.Of(pending, "undelivered message")} cancelled; its URL, secret and contact are erased");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
