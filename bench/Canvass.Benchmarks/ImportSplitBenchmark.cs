using System.Diagnostics;
using System.Globalization;
using Canvass.Cli.Imports;
using Canvass.Formats.Common;
using Canvass.Formats.Cvr;
using Canvass.Ledger;
using Canvass.Storage;

namespace Canvass.Benchmarks;

/// <summary>Where the CVR import's time goes, one stage at a time on one thread (no profiler): hashing the file, reading
/// and validating, building the stored form, the committed record and its leaf in the commitment. Run the
/// <c>import</c> benchmark first so the file exists; the store is measured there, end to end.</summary>
public static class ImportSplitBenchmark
{
    public static async Task RunAsync(TextWriter output, long ballots, string directory)
    {
        var csv = Path.Combine(directory, $"bench-{ballots}.csv");
        if (!File.Exists(csv))
        {
            SyntheticElection.WriteCsv(csv + ".tmp", SyntheticElection.Build(), ballots);
            File.Move(csv + ".tmp", csv, overwrite: true);
        }

        var election = SyntheticElection.Build();
        var index = new Domain.Elections.ElectionIndex(election);
        Stage(output, "file SHA-256", () => FileDigest.Sha256Async(csv, CancellationToken.None).GetAwaiter().GetResult().Length);
        Stage(output, "read + validate + marks", () => Read(csv, index, (in CvrRow _) => 0));
        Stage(output, "… + stored fields", () => Read(csv, index, (in CvrRow r) =>
        {
            var fields = CvrImporter.Fields(r, election);
            return fields.County.Length + fields.MarkParts.Length;
        }));
        var record = new System.Buffers.ArrayBufferWriter<byte>(4096);
        Stage(output, "… + committed record", () => Read(csv, index, (in CvrRow r) =>
        {
            record.ResetWrittenCount();
            CvrRecordEncoding.EncodeFieldsTo(CvrImporter.Fields(r, election), record);
            return record.WrittenCount;
        }));
        var commitment = new RecordCommitment(CvrRecordEncoding.RecordsPerLeaf);
        Stage(output, "… + commitment leaf", () => Read(csv, index, (in CvrRow r) =>
        {
            record.ResetWrittenCount();
            CvrRecordEncoding.EncodeFieldsTo(CvrImporter.Fields(r, election), record);
            commitment.Add(record.WrittenSpan);
            return record.WrittenCount;
        }));

        var db = Path.Combine(directory, "bench-split.db");
        for (var round = 0; round < 2; round++)
        {
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(f);
            }

            await using var store = new Storage.Sqlite.SqliteCanvassStore(db);
            await store.InitializeAsync();
            var import = await store.BeginBallotImportAsync("cvr-split", "split.csv");
            Stage(output, "… + store: Add", () => Read(csv, index, (in CvrRow r) =>
            {
                import.Add(CvrImporter.Fields(r, election), r.Line);
                return 1;
            }), warm: false);
            Stage(output, "store: FindDuplicates", () => import.FindDuplicatesAsync(1000).GetAwaiter().GetResult().Count, warm: false);
            var importRecord = new ImportRecord(new string('0', 64), "cvr", "split.csv", ballots);
            Stage(output, "store: Commit", () => import.CommitAsync("split", 0, [], importRecord).GetAwaiter().GetResult(), warm: false);
            await import.DisposeAsync();
        }
    }

    private delegate long RowWork(in CvrRow row);

    private static long Read(string csv, Domain.Elections.ElectionIndex index, RowWork work)
    {
        var problems = new ProblemList(csv);
        using var file = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        long sum = 0;
        new CanvassCsvCvrReader().ReadRows(file, index, problems, (in CvrRow row) => sum += work(row));

        return problems.HasProblems ? throw new InvalidOperationException(problems.ToImmutable()[0].ToString()) : sum;
    }

    private static void Stage(TextWriter output, string name, Func<long> run, bool warm = true)
    {
        if (warm)
        {
            run();
        }

        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = run();
        watch.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {watch.Elapsed.TotalSeconds,7:F2} s wall {used.TotalSeconds,7:F2} s cpu  ({result})"));
    }
}
