using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Results;
using Canvass.Ledger;
using Canvass.Storage;
using Canvass.Storage.Sqlite;

namespace Canvass.Benchmarks;

/// <summary>Durable appends into SQLite with the transparency log (leaf hashes, persisted tree, a signed checkpoint per
/// append), against the same appends into a store whose log has no identity yet (leaves and tree, no signature), in
/// batches of 1, 10 and 100 events per append.</summary>
/// <remarks>Every append is one committed SQLite transaction (WAL, synchronous=NORMAL). The baseline still maintains the
/// tree, so the ratio isolates the cost of signing and storing a checkpoint per append.</remarks>
public static class DurableAppendBenchmark
{
    public static async Task RunAsync(TextWriter output, int events, string directory)
    {
        var e = new ResultsReported("res-bench", "bench.csv", new string('0', 64), "openelections-csv", new ReportedResults(
            [.. Enumerable.Range(0, 4).Select(i => new ReportedCount(new ContestId("cc-01"), new SelectionId($"cs-01-{i}"), new GpUnitId("ru-c01"), CountItemType.Total, 1000 + i))],
            []));
        var signer = NoteSigner.Generate("bench.canvass.example/log");
        foreach (var batch in new[] { 1, 10, 100 })
        {
            var unsigned = await MeasureAsync(Path.Combine(directory, $"append-unsigned-{batch}.db"), null, e, events, batch);
            var signed = await MeasureAsync(Path.Combine(directory, $"append-signed-{batch}.db"), signer, e, events, batch);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batch {batch,3}: signed {events / signed.TotalSeconds,9:N0} events/s ({events / batch / signed.TotalSeconds,7:N0} checkpoints/s); unsigned {events / unsigned.TotalSeconds,9:N0} events/s; ratio signed/unsigned {unsigned.TotalSeconds / signed.TotalSeconds:F2}"));
        }
    }

    private static async Task<TimeSpan> MeasureAsync(string db, NoteSigner? signer, IEvent e, int events, int batch)
    {
        foreach (var f in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(f);
        }

        await using var store = new SqliteCanvassStore(db, logSigner: signer);
        await store.InitializeAsync();
        if (signer is not null)
        {
            await store.InitializeLogAsync(new LogIdentity(signer.Name, signer.Verifier.ToString()));
        }

        var list = Enumerable.Repeat(e, batch).ToImmutableArray();
        long version = 0;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < events; i += batch)
        {
            version = await store.AppendAsync(Streams.Election, version, list);
        }

        sw.Stop();
        return sw.Elapsed;
    }
}
