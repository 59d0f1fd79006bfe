using System.Net;
using System.Net.Sockets;

namespace Canvass.TestKit;

/// <summary>What the test servers on loopback share: a free port, and the next request until their listener stops.</summary>
public static class Loopback
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>The next request to <paramref name="listener"/>; null once it has been stopped or closed.</summary>
    public static async Task<HttpListenerContext?> NextRequestAsync(HttpListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        try
        {
            return await listener.GetContextAsync();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }
}
