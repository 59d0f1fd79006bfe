using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace Canvass.TestKit;

/// <summary>One request a <see cref="WebhookReceiver"/> got, with its Standard Webhooks headers and whether the signature
/// checked out against a secret the receiver was given.</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string Body, bool SignatureValid, int AnsweredStatus);

/// <summary>A real HTTP receiver on loopback, as a subscriber would run one: it checks every request's Standard Webhooks
/// signature with its own HMAC code (not Canvass's), answers with <see cref="Status"/>, can hold requests open until
/// released, and can go down and come back on the same port.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Channel<ReceivedWebhook> _arrivals = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly List<byte[]> _keys = [];
    private HttpListener? _listener;
    private Socket? _placeholder;
    private Task? _loop;
    private TaskCompletionSource _release = NewRelease();

    public WebhookReceiver()
    {
        // A free port can be taken by a test running in parallel between being found and being listened on: then take
        // another.
        for (var attempt = 1; ; attempt++)
        {
            Port = Loopback.FreePort();
            Url = new Uri($"http://127.0.0.1:{Port}/hook/");
            try
            {
                Start();
                return;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
            }
        }
    }

    public int Port { get; private set; }

    /// <summary>The URL to subscribe with.</summary>
    public Uri Url { get; private set; }

    /// <summary>The status every request is answered with (200 by default).</summary>
    public int Status { get; set; } = 200;

    /// <summary>When true, requests are read, recorded and then held open without an answer until <see cref="Release"/>.</summary>
    public bool Hold { get; set; }

    /// <summary>Every request received, in order (held ones included).</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Accepts signatures made with this <c>whsec_</c> secret.</summary>
    public void Trust(string secret) => _keys.Add(Convert.FromBase64String(secret["whsec_".Length..]));

    /// <summary>Waits for the next request (recorded before any answer), failing after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _arrivals.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Answers every held request.</summary>
    public void Release()
    {
        _release.TrySetResult();
        _release = NewRelease();
    }

    /// <summary>Stops listening: connections are refused, as when a receiver is down. The port stays reserved (bound, not
    /// listening, which the kernel answers with a refusal), so no other test's server can take it meanwhile.</summary>
    public void Stop()
    {
        Release();
        if (_listener is { } listener)
        {
            // Close alone, not Stop then Close: on Linux each of them removes the listener's prefixes, and removing them a
            // second time binds the port again, which fails ("Address already in use") if another test took the port in
            // between.
            listener.Close();
            _loop?.Wait(TimeSpan.FromSeconds(5));
            _listener = null;
            _placeholder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _placeholder.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _placeholder.Bind(new IPEndPoint(IPAddress.Loopback, Port));
        }
    }

    /// <summary>Listens (again) on the same port.</summary>
    public void Start()
    {
        if (_listener is not null)
        {
            return;
        }

        _placeholder?.Dispose();
        _placeholder = null;
        var listener = new HttpListener();
        listener.Prefixes.Add(Url.ToString());
        try
        {
            listener.Start();
        }
        catch (HttpListenerException)
        {
            listener.Close();
            throw;
        }

        _listener = listener;
        _loop = Task.Run(() => ServeAsync(listener));
    }

    public void Dispose()
    {
        Stop();
        _placeholder?.Dispose();
    }

    private async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            if (await Loopback.NextRequestAsync(listener) is not { } context)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var headers = context.Request.Headers;
            var id = headers["webhook-id"];
            var timestamp = headers["webhook-timestamp"];
            var signature = headers["webhook-signature"];
            var status = Status;
            var received = new ReceivedWebhook(id, timestamp, signature, body, IsValid(id, timestamp, signature, body), status);
            _received.Enqueue(received);
            _arrivals.Writer.TryWrite(received);
            if (Hold)
            {
                await _release.Task;
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The client went away (a notifier that was killed) or the listener stopped.
        }
    }

    private bool IsValid(string? id, string? timestamp, string? signature, string body)
    {
        if (id is null || timestamp is null || signature is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        foreach (var key in _keys)
        {
            var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
            if (signature.Split(' ').Any(s => string.Equals(s, expected, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static TaskCompletionSource NewRelease() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
