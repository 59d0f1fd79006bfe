namespace Canvass.Cli.Tests;

/// <summary>The demo, end to end: ballots generated for one state, county totals for the others, every statewide total
/// equal to the published MEDSL figure, the store verifiable, and a second run changing nothing.</summary>
/// <remarks>Nevada (1.4 million ballots) stands in for the default Arizona and Georgia (8.4 million) to keep the suite
/// fast; the same code generates and imports them. Georgia's totals are checked here through its county totals.</remarks>
public sealed class DemoTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Demo_NevadaAsCvrs_PrintsPublishedTotalsAndVerifies()
    {
        var run = _canvass.Run("demo", "--cvr-states", "NV");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Every statewide total equals the published MEDSL figure.", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Nevada) — from 1,404,911 CVRs in 17 county files", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2,474,507", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2,461,837", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("62,138", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("≠ published", run.Stdout, StringComparison.Ordinal);

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("17 CVR commitments re-derived from 1,404,911 ballots", verify.Stdout, StringComparison.Ordinal);

        var again = _canvass.Run("demo", "--cvr-states", "NV");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("files were imported before and changed nothing", again.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The demo logs its 2020 timeline in one append, signed once at its end. 'canvass log consistency' at a
    /// size inside it said "one is signed after every append", which read as if every size had a checkpoint.</summary>
    [Fact]
    public void LogConsistency_AtASizeInsideOneAppend_SaysWhyNoCheckpointIsThereAndWhichSizesHaveOne()
    {
        var demo = _canvass.Run("demo", "--cvr-states", "none");
        Assert.True(demo.ExitCode == 0, demo.ToString());
        var latest = long.Parse(Tamper.Scalar(_canvass.Store, "SELECT max(size) FROM ledger_checkpoints"), System.Globalization.CultureInfo.InvariantCulture);
        var before = long.Parse(Tamper.Scalar(_canvass.Store, $"SELECT max(size) FROM ledger_checkpoints WHERE size < {latest}"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(latest - before > 1, $"the timeline is one append of several entries ({before}..{latest})");
        var inside = before + 1;

        var run = _canvass.Run("log", "consistency", "--from", "1", "--to", $"{inside}");

        CliAssert.Failed(run, 2, $"No checkpoint was signed at size {inside}: one is signed where each append ends, and one append can add several entries");
        Assert.Contains($"The nearest sizes that have one are {before} and {latest}.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("after every append", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
        var signed = _canvass.Run("log", "consistency", "--from", "1", "--to", $"{before}");
        Assert.True(signed.ExitCode == 0, signed.ToString());
    }

    /// <summary>The demo ends its parts with "Try: canvass …" lines. Run from the demo's folder with a store other than
    /// ./canvass.db, the finality and deadlines suggestions left out --store and found no store there (exit 2).</summary>
    [Fact]
    public void Demo_EveryCommandItSuggests_RunsAsPrinted_WithItsOwnStore()
    {
        var demo = _canvass.Run("demo", "--cvr-states", "none");
        Assert.True(demo.ExitCode == 0, demo.ToString());

        var suggested = demo.Stdout.Split('\n')
            .Where(l => l.StartsWith("Try: ", StringComparison.Ordinal))
            .SelectMany(l => l["Try: ".Length..].Split("    ", StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.Equal(4, suggested.Count);
        foreach (var command in suggested)
        {
            var words = command.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("canvass", words[0]);
            var run = _canvass.Run(false, words[1..]);
            Assert.True(run.ExitCode == 0, $"{command}\n{run}");
        }
    }

    [Fact]
    public void Demo_TwoDemoStores_AreTwoLogs_AndOneVerifierStateFollowsBoth()
    {
        // Every demo creates a new log key. Under one shared origin the second store would fail as "the log's key
        // changed" for a verifier that followed the first; each demo's origin is its own, so both verify.
        using var other = new Canvass();
        var state = _canvass.PathOf("state.json");
        var first = _canvass.Run("demo", "--cvr-states", "none");
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = other.Run("demo", "--cvr-states", "none");
        Assert.True(second.ExitCode == 0, second.ToString());

        var origins = new[] { _canvass.Store, other.Store }.Select(s => Tamper.Scalar(s, "SELECT origin FROM ledger_meta")).ToList();
        Assert.All(origins, o => Assert.Matches("^canvass/2020-[a-z0-9-]+/[0-9a-f]{8}/demo-[0-9a-f]{8}$", o));
        Assert.NotEqual(origins[0], origins[1]);

        var verifyFirst = _canvass.Run("verify", "--state", state);
        Assert.True(verifyFirst.ExitCode == 0, verifyFirst.ToString());
        var verifySecond = other.Run("verify", "--state", state);
        Assert.True(verifySecond.ExitCode == 0, verifySecond.ToString());

        // Run again on its store, the demo keeps the store's key and so its log.
        var again = _canvass.Run("demo", "--cvr-states", "none");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(origins[0], Tamper.Scalar(_canvass.Store, "SELECT origin FROM ledger_meta"));
        var verifyAgain = _canvass.Run("verify", "--state", state);
        Assert.True(verifyAgain.ExitCode == 0, verifyAgain.ToString());
    }
}
