namespace Canvass.Cli.Tests;

/// <summary>
/// Paths and stores named on the command line that cannot serve: a folder where a file is wanted and the other way
/// round, a file that is not a store, a connection string that does not parse, an empty path. Each is a mistake in the
/// command line, so exit code 2 with the path and what to do, before any work and with nothing created; each ended in
/// an exception and exit 1 (or, for <c>init --store FOLDER</c>, a log key written beside the folder) before. Found by
/// a search over the option values of every command.
/// </summary>
public sealed class CommandLineMistakeTests : IDisposable
{
    private readonly Canvass canvass = new();

    public CommandLineMistakeTests() => Assert.Equal(0, canvass.Run("init", "--election", TestElection.WriteJson(canvass)).ExitCode);

    public void Dispose() => canvass.Dispose();

    private string Folder(string name) => Directory.CreateDirectory(canvass.PathOf(name)).FullName;

    private string AFile(string name) => canvass.Write(name, "not what the command wants\n");

    private static void AssertRefused(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportCdf_OutIsAFolder_IsRefused() =>
        AssertRefused(canvass.Run("export", "cdf", "--out", Folder("results")), "--out names a folder; give the file to write.");

    [Fact]
    public void ExportCdf_OutInAFolderNotMadeYet_MakesIt()
    {
        var path = canvass.PathOf(Path.Combine("new", "deeper", "results.json"));
        var run = canvass.Run("export", "cdf", "--out", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void ExportCdf_OutNameTooLong_IsRefused() =>
        AssertRefused(canvass.Run("export", "cdf", "--out", canvass.PathOf(new string('a', 300))), "is longer than the file system allows (255 bytes)");

    [Fact]
    public void ExportCdf_OutInAFolderWhoseNameIsTooLong_IsRefusedWithNothingMade()
    {
        var top = canvass.PathOf("made");
        AssertRefused(canvass.Run("export", "cdf", "--out", Path.Combine(top, new string('b', 300), "results.json")), "is longer than the file system allows");
        Assert.False(Directory.Exists(top));
    }

    [Fact]
    public void ExportCdf_OutUnderAFile_IsRefused() =>
        AssertRefused(canvass.Run("export", "cdf", "--out", Path.Combine(AFile("plain"), "results.json")), "is a file, so no folder can be made in it");

    [Fact]
    public void Rcv_RefusedConfig_LeavesNoOutFolder()
    {
        var run = canvass.Run(false, "rcv", "--config", AFile("config.json"), "--out", canvass.PathOf(Path.Combine("reports", "rcv")));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.False(Directory.Exists(canvass.PathOf("reports")));
    }

    [Fact]
    public void ExportBundle_OutIsAFile_IsRefused() =>
        AssertRefused(canvass.Run("export", "bundle", "--out", AFile("bundle")), "--out names a file; give the folder to write into.");

    [Fact]
    public void RlaSample_OutIsAFolder_IsRefusedAndNothingDrawn()
    {
        var manifest = canvass.Write("manifest.csv", "Jurisdiction,Container,Tabulator,Batch Name,Number of Ballots\nLake,,,b1,10\n");
        var run = canvass.Run(false, "rla", "sample", "--seed", "12345678901234567890", "--manifest", manifest, "--count", "2", "--out", Folder("list"));

        AssertRefused(run, "--out names a folder");
        Assert.DoesNotContain("b1", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Rcv_OutIsAFile_IsRefused() =>
        AssertRefused(canvass.Run(false, "rcv", "--config", AFile("config.json"), "--out", AFile("reports")), "--out names a file");

    [Fact]
    public void Demo_WorkIsAFile_IsRefusedBeforeAnythingIsWritten()
    {
        var store = canvass.PathOf("demo.db");
        AssertRefused(canvass.Run(false, "demo", "--store", store, "--work", AFile("work"), "--cvr-states", "none"), "--work names a file");
        Assert.False(File.Exists(store));
        Assert.False(File.Exists(store + ".log-key"));
    }

    [Fact]
    public void Verify_StateIsAFolder_IsRefused() =>
        AssertRefused(canvass.Run("verify", "--state", Folder("state")), "--state names a folder");

    [Fact]
    public void Verify_StateIsNotAVerifiersState_IsRefusedAndLeftAlone()
    {
        var state = AFile("state.json");
        AssertRefused(canvass.Run("verify", "--state", state), "Not a verifier's state");
        Assert.Equal("not what the command wants\n", File.ReadAllText(state));
    }

    [Fact]
    public void Init_StoreIsAFolder_IsRefusedWithoutMakingAKey()
    {
        var folder = Folder("stores");
        var run = canvass.Run(false, "init", "--store", folder, "--election", TestElection.WriteJson(canvass, "e2.json"));

        AssertRefused(run, "The store is a folder; a SQLite store is a file");
        Assert.False(File.Exists(folder + ".log-key"));
    }

    [Fact]
    public void Init_LogKeyIsAFolder_IsRefused()
    {
        var run = canvass.Run(false, "init", "--store", canvass.PathOf("other.db"), "--election", TestElection.WriteJson(canvass, "e2.json"), "--log-key", Folder("keys"));

        AssertRefused(run, "The log key's path is a folder");
        Assert.False(File.Exists(canvass.PathOf("other.db")));
    }

    /// <summary>A store or key under a file (as for a folder this user cannot write) ended in the system's IOException and
    /// exit 1, which docs/cli.md says is exit 2.</summary>
    [Fact]
    public void Init_StoreOrKeyUnderAFile_IsRefusedWithNothingMade()
    {
        var file = AFile("a-file");

        AssertRefused(canvass.Run(false, "init", "--store", Path.Combine(file, "x.db"), "--election", TestElection.WriteJson(canvass, "e2.json")),
            "The log key: " + file + " is a file, so no folder can be made in it.");
        AssertRefused(canvass.Run(false, "init", "--store", Path.Combine(file, "x.db"), "--election", TestElection.WriteJson(canvass, "e2.json"), "--log-key", canvass.PathOf("k")),
            "--store: " + file + " is a file, so no folder can be made in it.");
        Assert.False(File.Exists(canvass.PathOf("k")));
        AssertRefused(canvass.Run(false, "init", "--store", canvass.PathOf("other.db"), "--election", TestElection.WriteJson(canvass, "e2.json"), "--log-key", Path.Combine(file, "k")),
            "--log-key: " + file + " is a file, so no folder can be made in it.");
        Assert.False(File.Exists(canvass.PathOf("other.db")));
    }

    [Theory]
    [InlineData("tabulate")]
    [InlineData("subscriptions")]
    [InlineData("record", "call", "--contest", "cc-gov", "--source", "AP", "--caller", "AP", "--winner", "cand-ann")]
    public void Store_IsNotASqliteFile_IsRefusedAndLeftAlone(params string[] args)
    {
        var notAStore = AFile("results.csv");
        AssertRefused(canvass.Run(false, [.. args, "--store", notAStore]), "Not a Canvass store: the file is not a SQLite database.");
        Assert.Equal("not what the command wants\n", File.ReadAllText(notAStore));
    }

    [Theory]
    [InlineData("Host=;Foo=bar", "connection string is not valid")]
    [InlineData("Host=127.0.0.1;Port=abc", "connection string is not valid")]
    [InlineData("postgres://", "names no host")]
    public void Store_ConnectionStringThatDoesNotParse_IsRefused(string store, string expected) =>
        AssertRefused(canvass.Run(false, "tabulate", "--store", store), expected);

    /// <summary>A connection string without <c>Host=</c> (a typo) is refused before anything is made; it was taken for a
    /// SQLite path, and ended in an exception from SQLite's connection string parser and exit 1.</summary>
    [Fact]
    public void Store_ConnectionStringWithoutHost_IsRefusedAndMakesNothing()
    {
        var election = TestElection.WriteJson(canvass, "e2.json");
        var before = System.IO.Directory.GetFileSystemEntries(canvass.Directory).Order(StringComparer.Ordinal).ToList();

        AssertRefused(canvass.Run(false, "init", "--store", "Hots=db;Database=canvass", "--election", election), "has no Host=");

        Assert.Equal(before, System.IO.Directory.GetFileSystemEntries(canvass.Directory).Order(StringComparer.Ordinal));
    }

    /// <summary>A PostgreSQL server that does not answer is a failure of the system (exit 1), and the log key <c>init</c>
    /// made for the store is removed again: left behind, it signed the first --origin tried, and a retry with another
    /// was refused.</summary>
    [Fact]
    public void Init_ServerDoesNotAnswer_LeavesNoKeyBehind()
    {
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var store = $"Host=127.0.0.1;Port={closedPort};Database=canvass;Username=canvass;Timeout=3";
        var key = canvass.PathOf("pg.key");
        var run = canvass.Run(false, "init", "--store", store, "--log-key", key, "--origin", "a.example/1", "--election", TestElection.WriteJson(canvass, "e2.json"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.False(File.Exists(key));
        Assert.Contains("removed log key", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A SQLite store's path may hold an '=' (run=1.db): it is a file like any other, not a connection string.</summary>
    [Fact]
    public void Store_PathWithAnEqualsSign_IsAFile()
    {
        var store = canvass.PathOf("run=1.db");
        var init = canvass.Run(false, "init", "--store", store, "--election", TestElection.WriteJson(canvass, "e2.json"));
        var import = canvass.Run(false, "import", "cvr", "--store", store, canvass.Write("b.csv", TestElection.Ballots));
        var tabulate = canvass.Run(false, "tabulate", "--store", store);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.True(tabulate.ExitCode == 0, tabulate.ToString());
        Assert.StartsWith("6 cast vote records", tabulate.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(store) && File.Exists(store + ".log-key"));
    }

    [Theory]
    [InlineData("import", "cvr", "")]
    [InlineData("import", "manifest", "")]
    public void EmptyPathInAList_IsAUsageError(params string[] args) =>
        AssertRefused(canvass.Run(args), "An empty path is given as files.");

    /// <summary>A <c>--key</c> that is not a verifier key at all is a mistake in the command line (exit 2), not a log
    /// presenting another key, which verify reports as a sign of tampering (exit 1).</summary>
    [Theory]
    [InlineData("x")]
    [InlineData("a+b+c")]
    public void Verify_KeyThatIsNotAKey_IsBadInputNotTampering(string key)
    {
        var run = canvass.Run("verify", "--key", key);

        AssertRefused(run, "--key is not a C2SP verifier key");
        Assert.DoesNotContain("tampering", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>An option whose absence means a default, given empty ('' from a shell variable that was never set):
    /// refused, not the default, which would be another store, log key or verifier state than the one meant.</summary>
    [Theory]
    [InlineData("--store", "init", "--store", "", "--election", "election.json")]
    [InlineData("--store", "tabulate", "--store", " ")]
    [InlineData("--log-key", "init", "--store", "other.db", "--election", "election.json", "--log-key", "")]
    [InlineData("--state", "verify", "--store", "test.db", "--state", "")]
    public void OptionWhoseAbsenceMeansADefault_GivenEmpty_IsAUsageErrorAndMakesNothing(string option, params string[] args)
    {
        var election = TestElection.WriteJson(canvass);
        var before = System.IO.Directory.GetFileSystemEntries(canvass.Directory).Order(StringComparer.Ordinal).ToList();

        AssertRefused(canvass.Run(false, [.. args.Select(a => a == "election.json" ? election : a)]), $"{option} is given an empty value; leave it out for the default.");

        Assert.Equal(before, System.IO.Directory.GetFileSystemEntries(canvass.Directory).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EmptyManifestPath_IsAUsageError() =>
        AssertRefused(canvass.Run(false, "rla", "sample", "--seed", "12345678901234567890", "--manifest", "", "--count", "2"), "--manifest is given an empty path.");
}
