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

    /// <summary>A ballot ranking a name the config's candidates do not have is refused at its file, line and column, and
    /// so is every other one: the sample's config has Rosa Diaz, Sam Lee and Tom Ng, not Sam Le.</summary>
    [Fact]
    public void Rcv_UnknownCandidates_AreEachListedWithTheirFileAndLine()
    {
        var sample = RepositoryFolder.Combine("samples", "rcv");
        var config = _canvass.Write("mayor_config.json", File.ReadAllText(Path.Combine(sample, "mayor_config.json")));
        var lines = File.ReadAllLines(Path.Combine(sample, "mayor_cvr.csv"));
        lines[0] = lines[0].Replace("Sam Lee", "Sam Le", StringComparison.Ordinal);
        var cvr = _canvass.Write("mayor_cvr.csv", string.Join('\n', lines) + "\n");
        var ranked = lines.Skip(1).Select((l, i) => (Line: i + 2L, Cell: l.Split(',')[4])).Where(r => r.Cell.Length > 0).ToList();

        var run = _canvass.Run(false, "rcv", "--config", config, "--out", _canvass.PathOf("out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"  {cvr}:2: column 5 (Sam Le): Ballot m-01 ranks \"Sam Le\", which is not a candidate name or alias in the contest config (unrecognized candidate). [unknown-reference]",
            run.Stderr, StringComparison.Ordinal);
        Assert.Equal(ranked.Count, run.Stderr.Split('\n').Count(l => l.Contains("ranks \"Sam Le\"", StringComparison.Ordinal)));
        Assert.All(ranked, r => Assert.Contains($"{cvr}:{r.Line}: column 5 (Sam Le)", run.Stderr, StringComparison.Ordinal));
        Assert.False(Directory.Exists(_canvass.PathOf("out")));
    }
}
