using System.Net;
using System.Net.Sockets;

namespace Canvass.TestKit;

/// <summary>What the test servers on loopback share: a free port, and the next request until their listener stops.</summary>
public static class Loopback
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    /// <remarks>Found by binding without listening. A listening socket that is closed goes on listening in any child
    /// process forked before the close until that child executes its program, and the tests start processes all the time
    /// (PostgreSQL's tools, <c>canvass</c>): a port found by listening could still be listening when the server that asked
    /// for it binds it, which then fails with "Address already in use". A socket that only bound does not stop that bind
    /// (.NET and PostgreSQL bind with SO_REUSEADDR).</remarks>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
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
