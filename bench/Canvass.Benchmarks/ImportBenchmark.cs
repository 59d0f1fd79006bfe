using System.Diagnostics;
using System.Globalization;
using Canvass.Cli.Imports;
using Canvass.Formats.Nist.ElectionReport;
using Canvass.Storage.Sqlite;
using nietras.SeparatedValues;

namespace Canvass.Benchmarks;

/// <summary>Import of Canvass-CSV CVRs into SQLite, end to end, against a raw Sep parse of the same file in the same run.</summary>
/// <remarks>The raw parse reads every row and touches every field's characters; it is the floor any import could reach.
/// Both are warmed first (the import three times with a 100,000-ballot file into a store of its own, pausing between, so
/// tiered compilation settles). The import hashes the file, validates every ballot against the election, encodes its
/// marks and writes it to the bulk table in one transaction, then checks duplicates and commits. With more than one run,
/// each measures a raw parse and then an import into a new store, and the report ends with the median ratio: one pair's
/// ratio moves with this machine's speed by as much as a fifth.</remarks>
public static class ImportBenchmark
{
    public static async Task RunAsync(TextWriter output, long ballots, string directory, int runs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var election = SyntheticElection.Build();
        var csv = Path.Combine(directory, $"bench-{ballots}.csv");
        if (!File.Exists(csv))
        {
            output.WriteLine($"writing {ballots:N0} ballots to {csv} …");
            SyntheticElection.WriteCsv(csv + ".tmp", election, ballots);
            File.Move(csv + ".tmp", csv, overwrite: true);
        }

        var bytes = new FileInfo(csv).Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"file: {bytes / 1e6:F0} MB, {ballots:N0} ballots × {SyntheticElection.Contests} contests"));

        // Warm the page cache and the JIT once; then measure each, in turn, in every run.
        RawParse(csv);
        var db = Path.Combine(directory, "bench-import.db");
        var electionFile = Path.Combine(directory, "bench-election.json");
        await using (var s = File.Create(electionFile))
        {
            ElectionReportWriter.WriteJson(s, election, null, new ElectionReportOptions(new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero), ElectionReportStatus.PreElection));
        }

        // Warm the import's code too (the raw parse above is warm): a 100,000-ballot file into a store of its own.
        var warmCsv = Path.Combine(directory, "bench-warm-100000.csv");
        if (!File.Exists(warmCsv))
        {
            SyntheticElection.WriteCsv(warmCsv + ".tmp", election, 100_000);
            File.Move(warmCsv + ".tmp", warmCsv, overwrite: true);
        }

        // Three times, with pauses: tiered compilation starts counting calls only after 100 ms without new compilations, so
        // one warm-up left about 1,800 methods to be recompiled during the measured run, three leave about 500 (JitInfo
        // below says how many).
        for (var round = 0; round < 3; round++)
        {
            var warmDb = Path.Combine(directory, "bench-warm.db");
            foreach (var f in new[] { warmDb, warmDb + "-wal", warmDb + "-shm" })
            {
                File.Delete(f);
            }

            await using (var warm = new SqliteCanvassStore(warmDb))
            {
                await warm.InitializeAsync();
                var warmSession = await ElectionSession.LoadAsync(warm, CancellationToken.None);
                await ElectionImporter.ImportAsync(warmSession, electionFile, CancellationToken.None);
                await CvrImporter.ImportAsync(warmSession, warmCsv, null, CancellationToken.None);
            }

            await Task.Delay(500);
        }

        var ratios = new List<double>();
        var imports = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            if (runs > 1)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- run {run} of {runs}"));
            }

            var (rawSeconds, importSeconds) = await MeasureAsync(output, ballots, csv, db, electionFile, bytes);
            ratios.Add(rawSeconds / importSeconds);
            imports.Add(importSeconds);
        }

        if (runs > 1)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of {runs} runs: ratio import/raw throughput {Stats.Median(ratios):F3} (lowest {ratios.Min():F3}, highest {ratios.Max():F3}; target ≥ 0.333), import {Stats.Median(imports):F2} s"));
        }
    }

    /// <summary>One raw parse and then one import of the file into a new store, each measured; returns their seconds.</summary>
    private static async Task<(double Raw, double Import)> MeasureAsync(TextWriter output, long ballots, string csv, string db, string electionFile, long bytes)
    {
        var rawCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var raw = Stopwatch.StartNew();
        var checksum = RawParse(csv);
        raw.Stop();
        rawCpu = Process.GetCurrentProcess().TotalProcessorTime - rawCpu;

        foreach (var f in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(f);
        }

        await using var store = new SqliteCanvassStore(db);
        await store.InitializeAsync();
        var session = await ElectionSession.LoadAsync(store, CancellationToken.None);
        await ElectionImporter.ImportAsync(session, electionFile, CancellationToken.None);

        long peak = 0;
        using var sampler = new Timer(_ =>
        {
            var ws = Environment.WorkingSet;
            if (ws > Interlocked.Read(ref peak))
            {
                Interlocked.Exchange(ref peak, ws);
            }
        }, null, 0, 50);
        var before = Environment.WorkingSet;
        var importCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var import = Stopwatch.StartNew();
        var outcome = await CvrImporter.ImportAsync(session, csv, null, CancellationToken.None);
        import.Stop();
        importCpu = Process.GetCurrentProcess().TotalProcessorTime - importCpu;
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        paused = GC.GetTotalPauseDuration() - paused;
        (gen0, gen1, gen2) = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
        (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods, System.Runtime.JitInfo.GetCompilationTime() - jitTime);
        if (outcome.Rejected)
        {
            throw new InvalidOperationException("The benchmark file was rejected: " + outcome.Problems![0]);
        }

        var rawRate = ballots / raw.Elapsed.TotalSeconds;
        var importRate = ballots / import.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw Sep parse: {raw.Elapsed.TotalSeconds,7:F2} s  {rawRate,12:N0} ballots/s  {bytes / 1e6 / raw.Elapsed.TotalSeconds:F0} MB/s  cpu {rawCpu.TotalSeconds:F2} s  (checksum {checksum})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import:        {import.Elapsed.TotalSeconds,7:F2} s  {importRate,12:N0} ballots/s  {bytes / 1e6 / import.Elapsed.TotalSeconds:F0} MB/s  cpu {importCpu.TotalSeconds:F2} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio import/raw throughput: {importRate / rawRate:F3} (target ≥ 0.333)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set: {before / 1e6:F0} MB before, peak {Interlocked.Read(ref peak) / 1e6:F0} MB during import; file {bytes / 1e6:F0} MB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import allocated {allocated / (double)ballots:F0} bytes/ballot; GCs gen0 {gen0}, gen1 {gen1}, gen2 {gen2}, paused {paused.TotalSeconds:F2} s; JIT compiled {jitMethods} methods in {jitTime.TotalSeconds:F2} s (tiering up, on a thread of its own)"));
        var stored = await store.CountBallotsAsync();
        if (stored != ballots)
        {
            throw new InvalidOperationException($"The store holds {stored} ballots, not {ballots}.");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: {StoreBytes(db) / 1e6:F0} MB (database and WAL), {stored:N0} ballots"));
        return (raw.Elapsed.TotalSeconds, import.Elapsed.TotalSeconds);
    }

    private static long StoreBytes(string db) =>
        new FileInfo(db).Length + (File.Exists(db + "-wal") ? new FileInfo(db + "-wal").Length : 0);

    private static long RawParse(string path)
    {
        long sum = 0;
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        foreach (var row in reader)
        {
            for (var c = 0; c < row.ColCount; c++)
            {
                var span = row[c].Span;
                sum += span.Length;
                if (span.Length > 0)
                {
                    sum += span[0];
                }
            }
        }

        return sum;
    }
}
