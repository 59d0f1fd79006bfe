using System.Text.Json;
using Canvass.Storage.Sqlite;

namespace Canvass.Cli.Tests;

/// <summary>Looks inside a SQLite store directly, to prove that a rejected import stored nothing.</summary>
public static class StoreProbe
{
    public static async Task<(long Events, long Ballots)> CountAsync(string path)
    {
        await using var store = new SqliteCanvassStore(path);
        long events = 0;
        await foreach (var _ in store.ReadAllAsync(1, TestContext.Current.CancellationToken))
        {
            events++;
        }

        return (events, await store.CountBallotsAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Runs a command that must be refused: exit code 2, the store's events and ballots unchanged, no stack
    /// trace, and a <c>--json</c> report with <c>ok</c> false. Returns its problems.</summary>
    public static async Task<JsonElement[]> RefusedProblemsAsync(Canvass canvass, params string[] args)
    {
        var before = await CountAsync(canvass.Store);
        var run = canvass.Run([.. args, "--json"]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(before, await CountAsync(canvass.Store));
        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.False(report.GetProperty("ok").GetBoolean());
        return [.. report.GetProperty("problems").EnumerateArray()];
    }
}
