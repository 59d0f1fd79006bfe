using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary>Reads the CLI's <c>--json</c> output.</summary>
public static class Json
{
    public static JsonElement Parse(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    public static JsonElement Contest(JsonElement tabulation, string id) =>
        tabulation.GetProperty("contests").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    public static long Votes(JsonElement contest, string selection) =>
        contest.GetProperty("selections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == selection).GetProperty("votes").GetInt64();

    public static string[] Winners(JsonElement contest) =>
        [.. contest.GetProperty("winners").EnumerateArray().Select(w => w.GetString()!)];
}
