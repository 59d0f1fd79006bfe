using System.Diagnostics;
using System.Globalization;

namespace Canvass.Cli.Tests;

/// <summary>Runs the real <c>canvass</c> tool as a child process, as a user would, in a private working directory.</summary>
public sealed class Canvass : IDisposable
{
    public Canvass()
    {
        Directory = Path.Combine(Path.GetTempPath(), "canvass-cli-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Store => Path.Combine(Directory, "test.db");

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string Write(string name, string content)
    {
        var path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    public string Write(string name, byte[] content)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Runs <c>canvass ARGS --store STORE</c>.</summary>
    public CliRun Run(params string[] args) => Run(true, args);

    public CliRun Run(bool withStore, params string[] args)
    {
        using var process = Process.Start(StartInfo(withStore, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(100))
        {
            peak = Math.Max(peak, PeakRss(process.Id));
        }

        return new CliRun(process.ExitCode, stdout.Result, stderr.Result, peak);
    }

    /// <summary>How <see cref="Run(bool, string[])"/> starts the tool, for a test that must start it and not wait.</summary>
    public ProcessStartInfo StartInfo(bool withStore, params string[] args)
    {
        var dll = typeof(CanvassCommand).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (withStore)
        {
            psi.ArgumentList.Add("--store");
            psi.ArgumentList.Add(Store);
        }

        // What a verifier remembers stays in this run's folder: never the user's ~/.canvass, shared by every test's log.
        psi.Environment["CANVASS_VERIFIER_STATE"] = Path.Combine(Directory, "verifier-state.json");
        psi.Environment.Remove("CANVASS_STORE");
        psi.Environment.Remove("CANVASS_DEBUG");
        psi.Environment.Remove("CANVASS_WEBHOOK_ALLOW");
        return psi;
    }

    /// <summary>VmHWM, the process's peak resident set, from /proc (Linux). 0 where unavailable.</summary>
    private static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
