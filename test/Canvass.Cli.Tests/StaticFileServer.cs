using System.Net;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>A real HTTP server on loopback that serves one folder's files, as a web server would publish a bundle.</summary>
public sealed class StaticFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _loop;

    public StaticFileServer(string root)
    {
        _root = Path.GetFullPath(root);
        var port = Loopback.FreePort();
        BaseUri = new Uri($"http://127.0.0.1:{port}/election/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            if (await Loopback.NextRequestAsync(_listener) is not { } context)
            {
                return;
            }

            var relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath["/election/".Length..]);
            var path = Path.GetFullPath(Path.Combine(_root, relative));
            if (path.StartsWith(_root, StringComparison.Ordinal) && File.Exists(path))
            {
                context.Response.StatusCode = 200;
                await using var file = File.OpenRead(path);
                await file.CopyToAsync(context.Response.OutputStream);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        // Close alone, not Stop then Close: on Linux each of them removes the listener's prefixes, and removing them a
        // second time binds the port again, which fails ("Address already in use") while a child process forked before
        // the first close still holds the listening socket.
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
