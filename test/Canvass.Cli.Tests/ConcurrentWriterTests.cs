namespace Canvass.Cli.Tests;

/// <summary>Several writers at once on one store: each reads the store, decides, and appends; one that finds another
/// appended first must read again and decide again, not fail with the store's internal conflict.</summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public ConcurrentWriterTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
    }

    public void Dispose() => _canvass.Dispose();

    /// <summary>Two records at once: the loser exited 1 with "Stream 'election' is at version 2, not 1 as expected.
    /// (StreamVersionConflictException …)" and its fact was not stored (a tester saw it every time, on both stores).</summary>
    [Fact]
    public async Task Records_AtTheSameMoment_AreAllStored()
    {
        string[] sources = ["AP", "NBC", "CNN", "Fox"];

        var runs = await Task.WhenAll(sources.Select(source => Task.Run(() =>
            _canvass.Run("record", "call", "--contest", "cc-gov", "--source", source, "--caller", source, "--winner", "can-a"),
            TestContext.Current.CancellationToken)));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Equal(1 + sources.Length, long.Parse(Tamper.Scalar(_canvass.Store, "SELECT count(*) FROM ev_events"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, _canvass.Run("verify", "--state", _canvass.PathOf("state.json")).ExitCode);
    }

    /// <summary>The same file twice at once: the second exited 1 with "The store already holds ballots of import …"
    /// instead of saying it was imported before.</summary>
    [Fact]
    public async Task TheSameFile_ImportedTwiceAtOnce_IsImportedOnceAndTheOtherRunSaysUnchanged()
    {
        var file = _canvass.Write("ballots.csv", TestElection.Ballots);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => _canvass.Run("import", "cvr", file), TestContext.Current.CancellationToken)));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Single(runs, run => run.Stdout.Contains("imported", StringComparison.Ordinal) && !run.Stdout.Contains("unchanged", StringComparison.Ordinal));
        Assert.Equal("6", Tamper.Scalar(_canvass.Store, "SELECT sum(ballots) FROM cvr_imports"));
    }
}
