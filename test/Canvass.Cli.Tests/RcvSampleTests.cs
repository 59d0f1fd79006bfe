using System.Text.Json;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>The ranked-choice sample in <c>samples/rcv/</c>, run as <c>docs/rcv.md</c> and the sample's README say: the
/// rounds must be the ones its README works out by hand.</summary>
public sealed class RcvSampleTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Mayor_sample_counts_as_worked_out_by_hand()
    {
        var output = _canvass.PathOf("rcv-out");
        var run = _canvass.Run(false, "rcv", "--config", RepositoryFolder.Combine("samples", "rcv", "mayor_config.json"), "--out", output, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var summary = Json.Parse(run);
        Assert.Equal(["Sam Lee"], summary.GetProperty("winners").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(2, summary.GetProperty("passes")[0].GetProperty("rounds").GetInt32());

        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "detailed_report.json")));
        var rounds = report.RootElement.GetProperty("results");
        Assert.Equal([("Rosa Diaz", "6"), ("Sam Lee", "5"), ("Tom Ng", "4")], Tally(rounds[0]));
        Assert.Equal("8", rounds[0].GetProperty("threshold").GetString());
        var elimination = rounds[0].GetProperty("tallyResults")[0];
        Assert.Equal("Tom Ng", elimination.GetProperty("eliminated").GetString());
        Assert.Equal([("Sam Lee", "3"), ("exhausted", "1")], Pairs(elimination.GetProperty("transfers")));

        Assert.Equal([("Rosa Diaz", "6"), ("Sam Lee", "8")], Tally(rounds[1]));
        Assert.Equal("8", rounds[1].GetProperty("threshold").GetString());
        Assert.Equal("1", rounds[1].GetProperty("inactiveBallots").GetProperty("exhaustedChoices").GetString());
        Assert.Equal("Sam Lee", rounds[1].GetProperty("tallyResults")[0].GetProperty("elected").GetString());
    }

    private static (string, string)[] Tally(JsonElement round) => Pairs(round.GetProperty("tally"));

    private static (string, string)[] Pairs(JsonElement obj) => [.. obj.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!))];
}
