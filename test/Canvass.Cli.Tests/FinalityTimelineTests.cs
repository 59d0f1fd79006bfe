using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary>The 2020 replay in the demo: the real timeline recorded into the store, and <c>canvass finality</c> answering
/// which policy turned final on which day. Totals only (no generated CVRs) keep it fast; the facts are the same.</summary>
public sealed class FinalityTimelineTests : IDisposable
{
    private const string Us = "us-president-2020";
    private readonly Canvass _canvass = new();

    public FinalityTimelineTests()
    {
        var demo = _canvass.Run("demo", "--cvr-states", "none");
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains("The 2020 timeline: ", demo.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _canvass.Dispose();

    private JsonElement Answer(string contest, string policy, string? at = null)
    {
        string[] args = at is null ? ["finality", "-c", contest, "-p", policy, "--json"] : ["finality", "-c", contest, "-p", policy, "--at", at, "--json"];
        return Json.Parse(_canvass.Run(args)).EnumerateArray().Single();
    }

    [Fact]
    public void Custom_NationalContest_TurnsFinalOnFourteenDecember2020_NotBefore()
    {
        var now = Answer(Us, "custom");
        var before = Answer(Us, "custom", "2020-12-14T11:59:00-05:00");

        Assert.True(now.GetProperty("final").GetBoolean());
        Assert.StartsWith("2020-12-14T", now.GetProperty("since").GetString(), StringComparison.Ordinal);
        Assert.Contains(now.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("electors_cast: 538 of 538 electors voted in 56 units", StringComparison.Ordinal));
        Assert.False(before.GetProperty("final").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("since").ValueKind);
        Assert.False(Answer(Us, "custom", "2020-12-11").GetProperty("final").GetBoolean());
    }

    [Fact]
    public void MediaCall_NationalContest_TurnsFinalOnSevenNovember2020_DdhqAloneIsNot()
    {
        Assert.False(Answer(Us, "media-call", "2020-11-06").GetProperty("final").GetBoolean());
        var now = Answer(Us, "media-call");
        Assert.Equal("2020-11-07T11:25:00-05:00", now.GetProperty("since").GetString());
        Assert.Contains(now.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("7 of 7 decision desks call cand-biden", StringComparison.Ordinal));
    }

    [Fact]
    public void Electoral_TurnsFinalWithTheCongressionalCount_GeorgiaWaitsForItsRecertification()
    {
        Assert.StartsWith("2021-01-07T", Answer(Us, "electoral").GetProperty("since").GetString(), StringComparison.Ordinal);
        var ga = Answer("cc-ga-president", "legally-final");
        Assert.Equal("2020-12-13T00:00:00-05:00", ga.GetProperty("since").GetString());
        Assert.Contains(ga.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("recertified: recertified at state level by ga-secretary-of-state at 2020-12-07", StringComparison.Ordinal));
        Assert.False(Answer("cc-ga-president", "legally-final", "2020-11-30").GetProperty("final").GetBoolean());
        // The audit confirmed the certified outcome from 20 November; the recount's tally superseded it on the morning of
        // 7 December until the recertification at noon.
        Assert.StartsWith("2020-11-20T", Answer("cc-ga-president", "audit-confirmed", "2020-11-21").GetProperty("since").GetString(), StringComparison.Ordinal);
        Assert.Equal("2020-12-07T12:00:00-05:00", Answer("cc-ga-president", "audit-confirmed").GetProperty("since").GetString());
    }

    [Fact]
    public void Flips_AreListedWithTheirLogPositions_AndTheDemoRecordsTheTimelineOnce()
    {
        var flips = Answer(Us, "media-call").GetProperty("positions").EnumerateArray().Select(p => p.GetInt64()).ToList();
        Assert.Equal(7, flips.Count);

        var again = _canvass.Run("demo", "--cvr-states", "none");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("recorded before", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(flips, Answer(Us, "media-call").GetProperty("positions").EnumerateArray().Select(p => p.GetInt64()));
    }
}
