using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Storage.Subscriptions;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass subscribe --policy P [--contest C]... --url URL --accept-terms [--contact TEXT]</c>: signs a
/// subscriber up to be told, by signed webhook, every time the policy flips for the contests. Prints the subscription id
/// and its signing secret, once.</summary>
internal static class SubscribeCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var policy = new Option<string>("--policy", "-p")
        {
            Description = "A built-in policy (media-call, concession, certified, legally-final, audit-confirmed, electoral, custom) or a policy expression.",
            Required = true,
        };
        var contests = new Option<string[]>("--contest", "-c") { Description = "A contest to follow (repeat for several). Default: every contest." };
        var url = new Option<string>("--url") { Description = "The webhook URL (http or https) that receives the signed notifications.", Required = true };
        var acceptTerms = new Option<bool>("--accept-terms")
        {
            Description = $"Accept the subscriber terms, version {SubscriberTerms.CurrentVersion} (docs/subscriptions.md). Required.",
        };
        var contact = new Option<string?>("--contact") { Description = "How the operator can reach you about this subscription (kept private)." };
        var allowLoopback = WebhookOptions.AllowLoopback();
        var allowPrivate = WebhookOptions.AllowPrivate();
        var command = new Command("subscribe", "Subscribe a webhook to a finality policy's flips (final, or retracted) for some contests.")
        {
            store, policy, contests, url, acceptTerms, contact, allowLoopback, allowPrivate, json,
        };
        command.SetAction((parse, ct) => RunAsync(
            new Output(Console.Out, Console.Error, parse.GetValue(json)),
            parse.GetValue(store),
            parse.GetValue(policy)!,
            parse.GetValue(contests) ?? [],
            parse.GetValue(url),
            parse.GetValue(acceptTerms),
            parse.GetValue(contact),
            WebhookOptions.Policy(parse.GetValue(allowLoopback), parse.GetValue(allowPrivate)),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        Output output,
        string? storeOption,
        string policy,
        string[] contests,
        string? url,
        bool acceptTerms,
        string? contact,
        WebhookAddressPolicy addresses,
        CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        if (!acceptTerms)
        {
            problems.Add(new Problem(ProblemCodes.TermsNotAccepted,
                $"A subscription needs the subscriber terms accepted: read version {SubscriberTerms.CurrentVersion} in docs/subscriptions.md and pass --accept-terms.",
                Path: "--accept-terms"));
        }

        // The contact is printed to the operator as it is (canvass subscriptions): a line break or an escape sequence in it
        // would let a subscriber forge lines of that listing or drive the operator's terminal.
        if (contact is not null && contact.Any(char.IsControl))
        {
            problems.Add(new Problem(ProblemCodes.BadValue, "The contact holds a control character (a line break, tab or escape): give it on one line of plain text.", Path: "--contact"));
        }

        var checkedUrl = await WebhookUrl.ValidateAsync(url, addresses, "--url", cancellationToken);
        problems.AddRange(checkedUrl.Problems);
        var location = StoreLocation.Resolve(storeOption);
        if (!StoreLocation.Exists(location))
        {
            problems.Add(new Problem(ProblemCodes.NoElection, $"No store at {StoreLocation.Describe(location)}.", Path: "--store"));
            return output.Problems("The subscription was not made; nothing was stored.", problems);
        }

        return await StoreCommand.RunAsync(output, storeOption, requireElection: true, mustExist: true, async session =>
        {
            foreach (var contest in contests.Distinct(StringComparer.Ordinal))
            {
                if (!session.Index.TryGetContest(new ContestId(contest), out int _))
                {
                    problems.Add(new Problem(ProblemCodes.UnknownReference,
                        $"No contest '{contest}'. Contests: {string.Join(", ", session.Definition!.Contests.Select(c => c.Id.Value))}.", Path: "--contest"));
                }
            }

            problems.AddRange(await FinalityFlips.CheckPolicyAsync(session.Store, policy, cancellationToken));
            if (problems.Count > 0)
            {
                return output.Problems("The subscription was not made; nothing was stored.", problems);
            }

            // The store keeps Unix milliseconds: the time printed as accepted is the one recorded.
            var now = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
            var subscription = new Subscription(
                SubscriberTerms.NewSubscriptionId(),
                policy.Trim(),
                [.. contests.Distinct(StringComparer.Ordinal)],
                checkedUrl.Value,
                StandardWebhooks.NewSecret(),
                string.IsNullOrWhiteSpace(contact) ? null : contact.Trim(),
                SubscriberTerms.CurrentVersion,
                now,
                now,
                null);
            await using (var subscriptions = await StoreLocation.OpenSubscriptionsAsync(location, cancellationToken))
            {
                await subscriptions.AddSubscriptionAsync(subscription, cancellationToken);
            }

            var report = new SubscriptionCreated(subscription.Id, subscription.Secret!, subscription.Policy, subscription.Contests,
                subscription.Url!.AbsoluteUri, subscription.TermsVersion, subscription.TermsAcceptedAt);
            if (output.Json)
            {
                output.WriteJson(report, SubscriptionCliJsonContext.Default.SubscriptionCreated);
            }
            else
            {
                output.Line($"subscription {report.Id}: policy '{report.Policy}' for {(report.Contests.IsEmpty ? "every contest" : string.Join(", ", report.Contests))}");
                output.Line($"webhooks go to {report.Url}");
                output.Line($"terms {report.TermsVersion} accepted at {report.TermsAcceptedAt.ToString("O", CultureInfo.InvariantCulture)}");
                output.Line($"signing secret (shown only now; keep it to verify webhook-signature): {report.Secret}");
            }

            return ExitCodes.Ok;
        }, cancellationToken);
    }
}

/// <summary>What <c>canvass subscribe --json</c> prints: the only time the secret is shown.</summary>
internal sealed record SubscriptionCreated(string Id, string Secret, string Policy, ImmutableArray<string> Contests, string Url, string TermsVersion, DateTimeOffset TermsAcceptedAt);

/// <summary>What <c>canvass unsubscribe --json</c> prints.</summary>
internal sealed record SubscriptionEnded(string Id, DateTimeOffset EndedAt, int CancelledMessages);

/// <summary>What <c>canvass notify --json</c> prints.</summary>
internal sealed record NotifyReport(bool Ok, int Enqueued, int Cancelled, ImmutableArray<DeliveryRecord> Delivered, ImmutableArray<DeliveryRecord> Failed, ImmutableArray<Problem> Problems, int Pending);

/// <summary>Source-generated JSON for the subscription commands.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SubscriptionCreated))]
[JsonSerializable(typeof(SubscriptionEnded))]
[JsonSerializable(typeof(NotifyReport))]
[JsonSerializable(typeof(List<SubscriptionRow>))]
internal sealed partial class SubscriptionCliJsonContext : JsonSerializerContext;
