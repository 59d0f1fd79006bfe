using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Canvass.Storage.Subscriptions;

/// <summary>What one delivery attempt came to.</summary>
/// <param name="Delivered">True on a 2xx answer.</param>
/// <param name="Status">The HTTP status, when the receiver answered.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c>, when it gave one.</param>
public sealed record DeliveryAttempt(bool Delivered, int? Status, string? Error, TimeSpan? RetryAfter);

/// <summary>Sends one signed webhook request. Connections go only to addresses the <see cref="WebhookAddressPolicy"/>
/// allows, checked on the address actually connected to (after DNS resolution, so a name that later resolves to a
/// forbidden address is refused too); redirects are not followed and no proxy is used, so neither can route around the
/// check.</summary>
/// <threadsafety>Safe for concurrent use.</threadsafety>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;

    /// <summary>A sender with its own connection pool.</summary>
    public WebhookSender(WebhookDeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var addresses = options.Addresses;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.Timeout,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(addresses, context.DnsEndPoint, cancellationToken),
        };
        _client = new HttpClient(handler) { Timeout = options.Timeout };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Canvass-Webhooks/1");
    }

    /// <summary>POSTs <paramref name="message"/> to <paramref name="url"/>, signed with <paramref name="secret"/> and
    /// timestamped <paramref name="now"/>. Never throws for network or HTTP failures: they are the outcome.</summary>
    public async Task<DeliveryAttempt> SendAsync(Uri url, string secret, OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(message);
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(StandardWebhooks.IdHeader, message.Id);
        request.Headers.Add(StandardWebhooks.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhooks.SignatureHeader, StandardWebhooks.Sign(secret, message.Id, timestamp, message.Body));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryAttempt(true, status, null, null);
            }

            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - now : null)
                : null;
            return new DeliveryAttempt(false, status, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), retryAfter);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttempt(false, null, Describe(e), null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAttempt(false, null, $"no answer within {_client.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", null);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ForbiddenAddressException forbidden)
            {
                return forbidden.Message;
            }
        }

        return e.InnerException is { } cause ? $"{e.Message} ({cause.Message})" : e.Message;
    }

    private static async ValueTask<Stream> ConnectAsync(WebhookAddressPolicy policy, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        foreach (var address in addresses)
        {
            var addressClass = WebhookAddressPolicy.Classify(address);
            if (!policy.Allows(addressClass))
            {
                // Any forbidden answer refuses the name: a receiver's name must not point into a blocked network at all.
                throw new ForbiddenAddressException(WebhookUrl.ForbiddenMessage(endPoint.Host, address, addressClass));
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private sealed class ForbiddenAddressException(string message) : IOException(message);
}
