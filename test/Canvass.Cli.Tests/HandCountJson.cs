using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary>Reads what <c>canvass audit close-round --json</c> says of a full hand tally.</summary>
public static class HandCountJson
{
    /// <summary>The first contest's outcome of a closing run that ended the audit with a full hand count.</summary>
    public static JsonElement Closed(CliRun run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        var closed = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("full-hand-count-complete", closed.GetProperty("decision").GetString());
        return closed.GetProperty("contests")[0];
    }

    /// <summary>An outcome's votes per selection.</summary>
    public static Dictionary<string, long> Votes(JsonElement outcome) =>
        outcome.GetProperty("sampleVotes").EnumerateArray().ToDictionary(v => v.GetProperty("selection").GetString()!, v => v.GetProperty("votes").GetInt64());

    /// <summary>A JSON array of strings.</summary>
    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Whether the Governor's audit passed (<c>audit_passed</c>).</summary>
    public static bool AuditPassed(Canvass canvass) =>
        Json.Parse(canvass.Run("finality", "--contest", "cc-gov", "--policy", "audit_passed", "--json"))[0].GetProperty("final").GetBoolean();
}
