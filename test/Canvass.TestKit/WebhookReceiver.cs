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
/// released, and can be down (connections refused) until it starts.</summary>
/// <remarks>The port is held from construction to <see cref="Dispose"/> by a socket that binds it and never listens:
/// connections are refused until the receiver starts, and the kernel gives the port to no one who asks for a free one. The
/// listener binds it beside that socket (both allow address reuse) and is closed only by <see cref="Dispose"/>. A receiver
/// that went down by closing its listener could not count on its port: a closed listening socket goes on listening in any
/// child process forked before the close until that child executes its program, and the tests start processes all the
/// time.</remarks>
public sealed class WebhookReceiver : IDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Channel<ReceivedWebhook> _arrivals = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly List<byte[]> _keys = [];
    private readonly Socket _port = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private HttpListener? _listener;
    private TaskCompletionSource _release = NewRelease();

    /// <summary>A receiver on a port of its own, listening unless <paramref name="down"/>.</summary>
    public WebhookReceiver(bool down = false)
    {
        _port.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_port.LocalEndPoint!).Port;
        Url = new Uri($"http://127.0.0.1:{Port}/hook/");
        if (!down)
        {
            Start();
        }
    }

    public int Port { get; }

    /// <summary>The URL to subscribe with.</summary>
    public Uri Url { get; }

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

    /// <summary>Listens at <see cref="Url"/>, if it does not already.</summary>
    public void Start()
    {
        if (_listener is not null)
        {
            return;
        }

        var listener = new HttpListener();
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        _listener = listener;
        _ = Task.Run(() => ServeAsync(listener));
    }

    public void Dispose()
    {
        Release();

        // Close alone, not Stop then Close: on Linux each of them removes the listener's prefixes, and removing them a
        // second time binds the port again.
        _listener?.Close();
        _port.Dispose();
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
