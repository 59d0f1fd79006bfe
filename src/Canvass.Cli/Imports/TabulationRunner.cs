using Canvass.Domain.Tabulation;

namespace Canvass.Cli.Imports;

/// <summary>Tabulates the store: every committed ballot plus every reported result.</summary>
internal static class TabulationRunner
{
    public static async Task<ElectionTabulation> RunAsync(ElectionSession session, Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var index = session.Index;
        var tally = new CvrTally(index);
        var total = await session.Store.CountBallotsAsync(cancellationToken);
        long n = 0;
        await foreach (var stored in session.Store.ReadBallotsAsync(cancellationToken))
        {
            tally.Add(StoredBallots.ToCastVoteRecord(stored, index));
            if ((++n & 0xFFFF) == 0)
            {
                progress?.Invoke(n, total);
            }
        }

        progress?.Invoke(n, total);
        return Tabulator.Tabulate(index, tally, session.State.ResultReports.Select(r => r.Results));
    }
}
