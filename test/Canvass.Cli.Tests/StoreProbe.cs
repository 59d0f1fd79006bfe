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
}
