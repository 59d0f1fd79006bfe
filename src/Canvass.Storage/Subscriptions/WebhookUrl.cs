using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Canvass.Domain;

namespace Canvass.Storage.Subscriptions;

/// <summary>Checks a subscriber's webhook URL before it is stored: an absolute http or https URL without user
/// information or fragment, whose host (an IP literal, or every address its name resolves to) is allowed by the
/// <see cref="WebhookAddressPolicy"/>. Delivery checks the resolved address again at connect time.</summary>
public static partial class WebhookUrl
{
    /// <summary>Validates <paramref name="text"/>; every problem is reported against <paramref name="path"/> (the option name).</summary>
    public static async Task<Result<Uri>> ValidateAsync(string? text, WebhookAddressPolicy policy, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        // A URL starts with its scheme; without one (a path such as /hook) .NET would read it as a file: URI.
        if (string.IsNullOrWhiteSpace(text) || !SchemePrefix().IsMatch(text.Trim()) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
        {
            return Fail($"'{text}' is not an absolute URL; give an http:// or https:// address.", path);
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return Fail($"The URL scheme is '{uri.Scheme}'; webhooks are delivered only over http or https.", path);
        }

        var problems = new List<Problem>();
        if (uri.UserInfo.Length > 0)
        {
            problems.Add(new Problem(ProblemCodes.BadValue, "The URL carries a user name or password; leave them out (the signature authenticates Canvass to you).", Path: path));
        }

        if (uri.Fragment.Length > 0)
        {
            problems.Add(new Problem(ProblemCodes.BadValue, "The URL has a #fragment, which is never sent; leave it out.", Path: path));
        }

        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6 or UriHostNameType.Dns))
        {
            problems.Add(new Problem(ProblemCodes.BadValue, $"The URL's host '{uri.Host}' is not a DNS name or an IP address.", Path: path));
        }

        if (problems.Count > 0)
        {
            return Result<Uri>.Failure(problems);
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
            }
            catch (SocketException e)
            {
                return Fail($"The host '{uri.Host}' does not resolve ({e.SocketErrorCode}).", path);
            }
        }

        foreach (var address in addresses)
        {
            var addressClass = WebhookAddressPolicy.Classify(address);
            if (!policy.Allows(addressClass))
            {
                problems.Add(new Problem(ProblemCodes.BadValue, ForbiddenMessage(uri.Host, address, addressClass), Path: path));
            }
        }

        return problems.Count > 0 ? Result<Uri>.Failure(problems) : Result<Uri>.Success(uri);
    }

    /// <summary>Why an address is refused, naming the setting that would allow it when there is one.</summary>
    public static string ForbiddenMessage(string host, IPAddress address, AddressClass addressClass)
    {
        var hint = addressClass switch
        {
            AddressClass.Loopback => " (an operator may allow loopback receivers with --allow-loopback)",
            AddressClass.Private => " (an operator may allow private networks with --allow-private)",
            _ => string.Empty,
        };
        var at = string.Equals(host, address.ToString(), StringComparison.OrdinalIgnoreCase) ? address.ToString() : $"{host} ({address})";
        return $"The webhook address {at} is {Describe(addressClass)}; Canvass does not deliver there{hint}.";
    }

    private static string Describe(AddressClass addressClass) => addressClass switch
    {
        AddressClass.Loopback => "a loopback address",
        AddressClass.Private => "on a private network",
        AddressClass.LinkLocal => "link-local (where cloud metadata services live)",
        AddressClass.Multicast => "a multicast address",
        AddressClass.Unspecified => "the unspecified address",
        AddressClass.Broadcast => "the broadcast address",
        AddressClass.Reserved => "a reserved address",
        _ => "a public address",
    };

    private static Result<Uri> Fail(string message, string path) =>
        Result<Uri>.Failure(new Problem(ProblemCodes.BadValue, message, Path: path));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePrefix();
}
