using System.Text.Json;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass rcv</c>, RCTab's own job, run as the real tool on an RCTab conformance case: the winners are the
/// ones RCTab's expected report elects, and a config it cannot run is refused as every other command refuses bad input.</summary>
public sealed class RcvCommandTests : IDisposable
{
    private static readonly string Case = SharedFolder.Combine("conformance", "rctab", "cases", "2013_minneapolis_park");
    private static readonly string Config = Path.Combine(Case, "2013_minneapolis_park_config.json");

    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Rcv_ElectsWhomRctabsReportElects_AndWritesWhatItSays()
    {
        var run = Json.Parse(_canvass.Run(false, "rcv", "--config", Config, "--out", _canvass.PathOf("out"), "--json"));

        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Case, "2013_minneapolis_park_expected_detailed_report.json")));
        string[] elected = [.. expected.RootElement.GetProperty("results").EnumerateArray()
            .SelectMany(r => r.GetProperty("tallyResults").EnumerateArray())
            .Where(t => t.TryGetProperty("elected", out _))
            .Select(t => t.GetProperty("elected").GetString()!)];
        Assert.Equal(elected, run.GetProperty("winners").EnumerateArray().Select(w => w.GetString()!));

        var files = run.GetProperty("filesWritten").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains(files, f => f.EndsWith("detailed_report.json", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.Exists(f), f));
    }

    [Fact]
    public void Rcv_ConfigItCannotRun_ListsTheProblemsAsEveryCommandDoes()
    {
        // The config's CVR path is relative to its folder, so a copy elsewhere names a file that is not there.
        var moved = _canvass.Write("moved_config.json", File.ReadAllText(Config));

        var text = _canvass.Run(false, "rcv", "--config", moved, "--out", _canvass.PathOf("out"));
        Assert.Equal(2, text.ExitCode);
        Assert.StartsWith("error: The RCTab run was refused; nothing was written.", text.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_canvass.PathOf("out")));

        var json = _canvass.Run(false, "rcv", "--config", moved, "--out", _canvass.PathOf("out"), "--json");
        Assert.Equal(2, json.ExitCode);
        var report = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.NotEmpty(report.GetProperty("problems").EnumerateArray());
    }
}
