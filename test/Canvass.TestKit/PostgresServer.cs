using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Canvass.TestKit;

/// <summary>A throwaway PostgreSQL cluster for the tests, no Docker: <c>initdb</c> in a temp directory, started with
/// <c>pg_ctl</c> on a free loopback port, stopped and deleted at the end. <c>CANVASS_TEST_POSTGRES</c> (a connection
/// string) uses an existing server instead. Without binaries the tests skip, unless <c>CANVASS_REQUIRE_POSTGRES=1</c>.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string MissingReason =
        "PostgreSQL binaries not found under /usr/lib/postgresql; install the Debian 'postgresql' package to run these tests";

    private DirectoryInfo? _directory;
    private string? _pgCtl;
    private bool _asPostgresUser;

    /// <summary>The server's connection string, or null when there is no server.</summary>
    public string? ConnectionString { get; private set; }

    private static bool Required => Environment.GetEnvironmentVariable("CANVASS_REQUIRE_POSTGRES") == "1";

    /// <summary>The connection string; skips the calling test when there is no server (fails when one is required).</summary>
    public string RequireConnectionString()
    {
        if (ConnectionString is not null)
        {
            return ConnectionString;
        }

        if (Required)
        {
            Assert.Fail("CANVASS_REQUIRE_POSTGRES=1 but " + MissingReason);
        }

        Assert.Skip(MissingReason);
        return null!;
    }

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("CANVASS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        var bin = FindBinaries();
        if (bin is null)
        {
            return;
        }

        _pgCtl = Path.Combine(bin, "pg_ctl");
        _asPostgresUser = Environment.UserName == "root";
        _directory = Directory.CreateTempSubdirectory("canvass-pg-");
        var data = Path.Combine(_directory.FullName, "data");
        if (_asPostgresUser)
        {
            // PostgreSQL refuses to run as root; the Debian package's 'postgres' user owns the cluster instead.
            await RunAsync("chown", ["postgres:postgres", _directory.FullName], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], _asPostgresUser);
        var port = await StartAsync(data);
        ConnectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=120");
    }

    /// <summary>Starts the cluster on a free loopback port and returns the port. The port was free when it was found, but
    /// another test's server can take it in the second before PostgreSQL binds it: then the start is tried again on
    /// another port, up to three times.</summary>
    private async Task<int> StartAsync(string data)
    {
        var log = Path.Combine(_directory!.FullName, "server.log");
        for (var attempt = 1; ; attempt++)
        {
            var port = Loopback.FreePort();
            var options = string.Create(
                CultureInfo.InvariantCulture,
                $"-p {port} -k {_directory.FullName} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            try
            {
                await RunAsync(_pgCtl!, ["-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"], _asPostgresUser, redirect: false);
                return port;
            }
            catch (InvalidOperationException) when (attempt < 3 && File.Exists(log) && File.ReadAllText(log).Contains("could not bind", StringComparison.Ordinal))
            {
                // A fresh log for the next start, so that only its own failure is read.
                await Console.Error.WriteLineAsync($"PostgreSQL could not bind port {port.ToString(CultureInfo.InvariantCulture)} (taken meanwhile); trying another.");
                File.Delete(log);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null || _pgCtl is null)
        {
            return;
        }

        try
        {
            await RunAsync(_pgCtl, ["-D", Path.Combine(_directory.FullName, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser);
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        if (!Directory.Exists(BinariesRoot))
        {
            return null;
        }

        return Directory.GetDirectories(BinariesRoot)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), CultureInfo.InvariantCulture, out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres, bool redirect = true)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : fileName)
        {
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", fileName])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = redirect ? process.StandardOutput.ReadToEndAsync(timeout.Token) : Task.FromResult(string.Empty);
        var error = redirect ? process.StandardError.ReadToEndAsync(timeout.Token) : Task.FromResult(string.Empty);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
