using System.Text.Json;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>Ranked-choice contests in a store, end to end: rounds in <c>tabulate</c>, rules kept with <c>rules set</c>,
/// rounds in the NIST export. Counts are worked out by hand in <see cref="RcvTestElection"/>.</summary>
public sealed class RcvEndToEndTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public RcvEndToEndTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", RcvTestElection.WriteJson(_canvass)).ExitCode);
        var run = _canvass.Run("import", "cvr", _canvass.Write("rcv-ballots.csv", RcvTestElection.Ballots));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Tabulate_DefaultRules_SecondRoundTransferDecides()
    {
        var mayor = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-mayor");

        // Votes stay the first choices; the winner comes from the rounds.
        Assert.Equal(4, Json.Votes(mayor, "cs-m-ann"));
        Assert.Equal(3, Json.Votes(mayor, "cs-m-ben"));
        Assert.Equal(2, Json.Votes(mayor, "cs-m-cal"));
        Assert.Equal(["cs-m-ben"], Json.Winners(mayor));

        var rounds = mayor.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(2, rounds.Count);
        AssertRound(rounds[0], 1, 5, [("cs-m-ann", 4), ("cs-m-ben", 3), ("cs-m-cal", 2)], [], ["cs-m-cal"], 2);
        AssertRound(rounds[1], 2, 5, [("cs-m-ann", 4), ("cs-m-ben", 5)], ["cs-m-ben"], [], 2);

        // The plurality contest has no rounds.
        Assert.False(Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-clerk").TryGetProperty("rounds", out _));

        var text = _canvass.Run("tabulate", "--contest", "cc-mayor");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("round 1 (threshold 5): Ann 4, Ben 3, Cal 2; eliminated Cal; inactive 2", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("round 2 (threshold 5): Ann 4, Ben 5; elected Ben; inactive 2", text.Stdout, StringComparison.Ordinal);

        // An observer's re-tabulation counts the rounds too, so it names the same winner as the authority.
        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("round 2 (threshold 5): Ann 4, Ben 5; elected Ben; inactive 2", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesSet_SkipOvervotedRanks_ChangesTheOutcome_AndTheLogStillVerifies()
    {
        var entries = LogEntries();
        var config = _canvass.Write("mayor_config.json", RcvTestElection.SkipOvervoteConfig);
        var set = _canvass.Run("rules", "set", "--contest", "cc-mayor", "--rctab-config", config);
        Assert.True(set.ExitCode == 0, set.ToString());

        var mayor = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-mayor");
        Assert.Equal(["cs-m-ann"], Json.Winners(mayor));
        var rounds = mayor.GetProperty("rounds").EnumerateArray().ToList();
        var only = Assert.Single(rounds);
        AssertRound(only, 1, 6, [("cs-m-ann", 6), ("cs-m-ben", 3), ("cs-m-cal", 2)], ["cs-m-ann"], [], 0);

        Assert.Equal(entries + 1, LogEntries());
        // The verifier counts under the rules the log holds: the same single round and winner as 'tabulate'.
        var verified = Json.Contest(Json.Parse(_canvass.Run("verify", "--state", _canvass.PathOf("state.json"), "--json")).GetProperty("tabulation"), "cc-mayor");
        Assert.Equal(["cs-m-ann"], Json.Winners(verified));
        AssertRound(Assert.Single(verified.GetProperty("rounds").EnumerateArray()), 1, 6, [("cs-m-ann", 6), ("cs-m-ben", 3), ("cs-m-cal", 2)], ["cs-m-ann"], [], 0);
    }

    [Fact]
    public void RulesSet_BadRulesOrWrongContest_Exit2_NothingStored()
    {
        var entries = LogEntries();
        var bad = _canvass.Write("bad_config.json", RcvTestElection.SkipOvervoteConfig.Replace("alwaysSkipToNextRank", "sometimes", StringComparison.Ordinal));
        var run = _canvass.Run("rules", "set", "--contest", "cc-mayor", "--rctab-config", bad);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("overvoteRule", run.Stderr, StringComparison.Ordinal);

        var good = _canvass.Write("mayor_config.json", RcvTestElection.SkipOvervoteConfig);
        var plurality = _canvass.Run("rules", "set", "--contest", "cc-clerk", "--rctab-config", good);
        Assert.Equal(2, plurality.ExitCode);

        var twoSeats = _canvass.Write("two_config.json", RcvTestElection.SkipOvervoteConfig
            .Replace("singleWinnerMajority", "multiWinnerAllowOnlyOneWinnerPerRound", StringComparison.Ordinal)
            .Replace("\"numberOfWinners\": \"1\"", "\"numberOfWinners\": \"2\"", StringComparison.Ordinal));
        Assert.Equal(2, _canvass.Run("rules", "set", "--contest", "cc-mayor", "--rctab-config", twoSeats).ExitCode);

        // Still counted with the default rules, and the log has no rules event.
        Assert.Equal(["cs-m-ben"], Json.Winners(Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-mayor")));
        Assert.Equal(entries, LogEntries());
    }

    [Fact]
    public void ExportCdf_WithRounds_ValidatesAgainstNistSchemas()
    {
        var json = _canvass.PathOf("results.json");
        var run = _canvass.Run("export", "cdf", "--out", json);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(NistSchemas.ValidateErrJson(File.ReadAllBytes(json)));

        var xml = _canvass.PathOf("results.xml");
        run = _canvass.Run("export", "cdf", "--out", xml, "--xml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(NistSchemas.ValidateErrXml(File.ReadAllBytes(xml)));

        // Per selection: one total VoteCounts per round on the contest's district; Cal at 0 after elimination.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        var contest = doc.RootElement.GetProperty("Election")[0].GetProperty("Contest").EnumerateArray()
            .Single(c => c.GetProperty("@id").GetString() == "cc-mayor");
        Dictionary<string, double[]> rounds = [];
        foreach (var sel in contest.GetProperty("ContestSelection").EnumerateArray())
        {
            rounds[sel.GetProperty("@id").GetString()!] =
            [
                .. sel.GetProperty("VoteCounts").EnumerateArray()
                    .Where(v => v.TryGetProperty("Round", out _))
                    .Select(v =>
                    {
                        Assert.Equal("ru-c", v.GetProperty("GpUnitId").GetString());
                        Assert.Equal("total", v.GetProperty("Type").GetString());
                        return (v.GetProperty("Round").GetInt32(), v.GetProperty("Count").GetDouble());
                    })
                    .OrderBy(v => v.Item1)
                    .Select(v => v.Item2),
            ];
        }

        Assert.Equal([4d, 4d], rounds["cs-m-ann"]);
        Assert.Equal([3d, 5d], rounds["cs-m-ben"]);
        Assert.Equal([2d, 0d], rounds["cs-m-cal"]);
    }

    private int LogEntries()
    {
        var run = _canvass.Run("log", "entries");
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private static void AssertRound(JsonElement round, int number, decimal threshold, (string Id, decimal Votes)[] tallies,
        string[] elected, string[] eliminated, decimal inactive)
    {
        Assert.Equal(number, round.GetProperty("number").GetInt32());
        Assert.Equal(threshold, round.GetProperty("threshold").GetDecimal());
        Assert.Equal(tallies, round.GetProperty("tallies").EnumerateObject().Select(p => (p.Name, p.Value.GetDecimal())).ToArray());
        Assert.Equal(elected, round.GetProperty("elected").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(eliminated, round.GetProperty("eliminated").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(inactive, round.GetProperty("inactiveBallots").GetDecimal());
    }
}
