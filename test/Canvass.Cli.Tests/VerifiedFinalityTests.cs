using Canvass.TestKit;
using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass verify</c> answers "is it final?" from the log it verified: every built-in policy for each contest
/// with a recorded fact, replayed from the entries it checked, as <c>canvass finality</c> replays a store, so that an
/// observer holding only a bundle gets the same answers as the authority's store gives.</summary>
public sealed class VerifiedFinalityTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private (string Bundle, string Key) DemoBundle()
    {
        var demo = _canvass.Run("demo", "--cvr-states", "none");
        Assert.True(demo.ExitCode == 0, demo.ToString());
        var bundle = _canvass.PathOf("bundle");
        var exported = _canvass.Run("export", "bundle", "--out", bundle);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        return (bundle, _canvass.Run("log", "key").Stdout.Trim());
    }

    private static string Key(JsonElement answer) => answer.GetProperty("contest").GetString() + " " + answer.GetProperty("policy").GetString();

    [Fact]
    public void Bundle_AnswersEveryPolicyForEachContestWithFacts_AsTheStoreDoes()
    {
        var (bundle, key) = DemoBundle();

        var verified = Json.Parse(_canvass.Run(false, "verify", "--bundle", bundle, "--key", key, "--json")).GetProperty("finality");
        var answers = verified.GetProperty("contests").EnumerateArray().ToList();
        var at = verified.GetProperty("at").GetString()!;
        var store = Json.Parse(_canvass.Run("finality", "--at", at, "--json")).EnumerateArray().ToDictionary(Key);

        // The 2020 replay records facts for the six states and the national contest, and the electors' votes under it.
        var contests = answers.Select(a => a.GetProperty("contest").GetString()).Distinct().ToList();
        Assert.Equal(["cc-az-president", "cc-ga-president", "cc-mi-president", "cc-nv-president", "cc-pa-president", "cc-wi-president", "us-president-2020"], contests.Order());
        Assert.Equal(contests.Count * 7, answers.Count);
        foreach (var answer in answers)
        {
            var same = store[Key(answer)];
            foreach (var property in new[] { "final", "since", "expression", "reasons", "positions" })
            {
                Assert.True(JsonElement.DeepEquals(same.GetProperty(property), answer.GetProperty(property)), $"{Key(answer)}: {property} {answer.GetProperty(property)} from the bundle, {same.GetProperty(property)} from the store");
            }
        }

        var national = answers.Where(a => a.GetProperty("contest").GetString() == "us-president-2020").ToDictionary(a => a.GetProperty("policy").GetString()!);
        Assert.Equal("2020-11-07T11:25:00-05:00", national["media-call"].GetProperty("since").GetString());
        Assert.StartsWith("2020-12-14T", national["custom"].GetProperty("since").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("2021-01-07T", national["electoral"].GetProperty("since").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_GivesFinalityAfterTheCount()
    {
        var (bundle, key) = DemoBundle();

        var verified = _canvass.Run(false, "verify", "--bundle", bundle, "--key", key);

        Assert.True(verified.ExitCode == 0, verified.ToString());
        var text = verified.Stdout;
        var finality = text.IndexOf("from the facts and jurisdiction rules in the verified log:", StringComparison.Ordinal);
        Assert.True(finality > text.IndexOf("Re-tabulated from the committed ballots and reported totals:", StringComparison.Ordinal), text);
        var national = text[text.IndexOf("\nus-president-2020\n", finality, StringComparison.Ordinal)..];
        Assert.Matches(@"^\s+media-call\s+FINAL since 2020-11-07T11:25-05:00$", national.Split('\n')[2]);
        Assert.Contains(national.Split('\n'), l => l.StartsWith("  custom           FINAL since 2020-12-14T", StringComparison.Ordinal));
        Assert.Contains("by ga-secretary-of-state at 2020-12-07T12:00-05:00 (1 signature, tally ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LogWithoutFacts_SaysSo()
    {
        var init = _canvass.Run("init", "--election", RepositoryFolder.Combine("samples", "example", "election.json"));
        Assert.True(init.ExitCode == 0, init.ToString());

        var text = _canvass.Run("verify");
        var json = Json.Parse(_canvass.Run("verify", "--json"));

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Finality: the log records no call, concession, certification or other fact for any contest.", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.GetProperty("finality").GetProperty("contests").GetArrayLength());
    }
}
