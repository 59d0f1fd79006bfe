using Canvass.Storage;

namespace Canvass.Cli.Audit;

/// <summary>Connects manifest ballots to committed CVRs: the ballot at position k of batch B in county C is the k-th CVR
/// of county C with batch B, in the order the CVRs were imported (file order, files in import order).</summary>
internal static class CvrLookup
{
    /// <summary>CVRs per (county, batch) for the given counties; batch null counts CVRs that name no batch.</summary>
    public static async Task<Dictionary<(string County, string? Batch), long>> CountAsync(ICanvassStore store, IReadOnlySet<string> counties, CancellationToken ct)
    {
        var counts = new Dictionary<(string, string?), long>();
        if (counties.Count == 0)
        {
            return counts;
        }

        await foreach (var b in store.ReadBallotsAsync(ct))
        {
            if (counties.Contains(b.County))
            {
                var key = (b.County, b.BatchId);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    /// <summary>The CVR at each wanted (county, batch, position).</summary>
    public static async Task<Dictionary<(string County, string Batch, int Position), StoredBallot>> ResolveAsync(
        ICanvassStore store, IReadOnlySet<(string County, string Batch, int Position)> wanted, CancellationToken ct)
    {
        var found = new Dictionary<(string, string, int), StoredBallot>();
        if (wanted.Count == 0)
        {
            return found;
        }

        var batches = wanted.Select(w => (w.County, w.Batch)).ToHashSet();
        var seen = new Dictionary<(string, string), int>();
        await foreach (var b in store.ReadBallotsAsync(ct))
        {
            if (b.BatchId is null || !batches.Contains((b.County, b.BatchId)))
            {
                continue;
            }

            var position = seen[(b.County, b.BatchId)] = seen.GetValueOrDefault((b.County, b.BatchId)) + 1;
            if (wanted.Contains((b.County, b.BatchId, position)))
            {
                found[(b.County, b.BatchId, position)] = b;
                if (found.Count == wanted.Count)
                {
                    break;
                }
            }
        }

        return found;
    }
}
