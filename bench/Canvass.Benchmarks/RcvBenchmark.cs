using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using Canvass.Formats.Rctab;
using Canvass.Formats.Rcv;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Canvass.Benchmarks;

/// <summary>The RCTab scale case <c>2013_minneapolis_mayor_scale</c> (13 ES&amp;S workbooks, 1,041,313 ballots) as one
/// whole process: config and CVR reading, ranked-choice counting, peak memory, and a raw SAX parse of the same files.</summary>
/// <remarks>
/// The measured run is the production path of <see cref="RctabRunner"/>: the sources are read lazily and streamed into
/// <see cref="RcvTabulator.Tabulate"/>, which groups identical rankings as it consumes them and then counts the rounds
/// over the groups. READING is the config read plus the time spent inside the readers' enumerators (every
/// <c>MoveNext</c>, timed with <see cref="Stopwatch.GetTimestamp"/>); COUNTING is the rest of the tabulation (the
/// per-ballot grouping done between reads, then every round). A second run materializes every ballot into a
/// <see cref="List{T}"/> first and tabulates the list, as a cross-check of the split without interleaving.
/// Memory: before the measured run a full GC is forced and, on Linux, the kernel's peak-RSS mark is reset
/// (<c>/proc/self/clear_refs</c> = 5), so VmHWM afterwards is the peak of that run alone; the figure reported is
/// VmHWM minus the VmRSS baseline. The managed figure is the live heap (after a forced full GC, excluded from the
/// timings) at the moment the last ballot has been read, when the tabulator holds every ballot group, minus the live
/// heap before reading.
/// </remarks>
public static class RcvBenchmark
{
    private const string CaseName = "2013_minneapolis_mayor_scale";

    /// <summary>Runs the benchmark over <c>casesDirectory/2013_minneapolis_mayor_scale</c> and writes the figures.</summary>
    public static void Run(TextWriter output, string casesDirectory)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(casesDirectory);
        var caseDirectory = Path.GetFullPath(Path.Combine(casesDirectory, CaseName));
        var configPath = Directory.GetFiles(caseDirectory, "*_config.json").Single();
        var expectedPath = Directory.GetFiles(caseDirectory, "*_expected_detailed_report.json").Single();
        var expected = Expected.Read(expectedPath);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Case {CaseName}: expected winners [{string.Join(", ", expected.Winners)}], {expected.Rounds} rounds, {expected.TotalBallots:N0} ballots"));

        // Warm-up: JIT every path (config, ES&S reader, tabulator, raw SAX parse) on one source only.
        var warm = Measure(configPath, firstSourceOnly: true, probeMemory: false);
        var warmFiles = warm.Files.Take(1).ToArray();
        RawParse(warmFiles);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Warm-up (1 source): {warm.TotalBallots:N0} ballots, read {warm.Reading.TotalSeconds:F2} s, count {warm.Counting.TotalSeconds:F2} s"));

        // The measured run: streaming, as RctabRunner does.
        FullCollect();
        var peakReset = TryResetPeak();
        var rssBefore = ProcStatusBytes("VmRSS");
        var hwmBefore = PeakWorkingSet();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var run = Measure(configPath, firstSourceOnly: false, probeMemory: true);
        var hwmAfter = PeakWorkingSet();
        var verdict = Verify(run, expected);
        output.WriteLine(verdict.Message);
        if (!verdict.Ok)
        {
            throw new InvalidOperationException("The tabulation does not match the expected report; no figures reported. " + verdict.Message);
        }

        var ballots = run.TotalBallots;
        var reading = run.Reading.TotalSeconds;
        var counting = run.Counting.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Streaming run (production path): {run.Files.Length} sources, {ballots:N0} ballots, {run.Groups:N0} distinct ranking sequences as read (the tabulator groups identical rankings before the rounds), {run.Rounds} rounds"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  READING  {reading,8:F3} s  ({ballots / reading:N0} ballots/s; config + every source's reader enumerator)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  COUNTING {counting,8:F3} s  (per-ballot grouping between reads + {run.Rounds} rounds over the groups)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  of which rounds after the last read: {run.RoundsOnly.TotalSeconds:F3} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratio counting/reading = {counting / reading:F4}  (target < 0.1: {(counting / reading < 0.1 ? "MET" : "NOT MET")})"));

        var peakIncrease = hwmAfter is { } h && rssBefore is { } r0 ? h - r0 : (long?)null;
        var managedIncrease = run.ManagedAtEndOfReading - managedBefore;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  memory baseline before reading: VmRSS {Mb(rssBefore)}, managed live heap {Mb(managedBefore)}; peak-RSS mark reset before the run: {(peakReset ? "yes (clear_refs 5)" : "no: VmHWM includes earlier peaks")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  peak working set of the run {Mb(hwmAfter)} (VmHWM; before run {Mb(hwmBefore)}), increase over baseline VmRSS {Mb(peakIncrease)} = {PerBallot(peakIncrease, ballots)} bytes/ballot  (target < 200: {Target(peakIncrease, ballots)})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  (for scale: the absolute peak working set, runtime and JIT included, is {PerBallot(hwmAfter, ballots)} bytes/ballot; the baseline may hold GC segments kept from the warm-up that the run reuses)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  managed live heap when the last ballot was read (tabulator holding all groups, after a full GC): {Mb(run.ManagedAtEndOfReading)}, increase {Mb(managedIncrease)} = {PerBallot(managedIncrease, ballots)} bytes/ballot; GC heap size {Mb(run.HeapSizeAtEndOfReading)}, fragmented {Mb(run.FragmentedAtEndOfReading)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  managed bytes allocated by the whole run: {Mb(run.AllocatedBytes)} = {PerBallot(run.AllocatedBytes, ballots)} bytes/ballot (churn, not residency)"));

        // Cross-check: read everything into a list first, then tabulate the list (no interleaving, no per-read timer).
        FullCollect();
        var listed = MeasureMaterialized(configPath, expected);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Materialized run (List<RankedCvr>, then Tabulate): read {listed.Reading.TotalSeconds:F3} s, count {listed.Counting.TotalSeconds:F3} s, ratio counting/reading {listed.Counting.TotalSeconds / listed.Reading.TotalSeconds:F4}; the list holds {Mb(listed.ListBytes)} = {PerBallot(listed.ListBytes, listed.Ballots)} bytes/ballot managed"));

        // Raw parse baseline: every cell of the same 13 workbooks, value read but not interpreted.
        FullCollect();
        var raw = RawParse(run.Files);
        var rawSeconds = raw.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Raw SAX parse (OpenXmlReader, {run.Files.Length} files): {raw.Rows:N0} rows, {raw.Cells:N0} cells, {raw.SharedStrings:N0} shared strings, {raw.ValueChars:N0} value chars in {rawSeconds:F3} s ({raw.Rows / rawSeconds:N0} rows/s)"));
        var speed = rawSeconds / reading;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  reading/raw throughput = raw_time/reading_time = {speed:F3}  (target >= 0.33: {(speed >= 0.33 ? "MET" : "NOT MET")}); reading is {reading / rawSeconds:F2}x the raw parse time"));
    }

    private static RunFigures Measure(string configPath, bool firstSourceOnly, bool probeMemory)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var total = Stopwatch.StartNew();
        var configStart = Stopwatch.GetTimestamp();
        var config = RctabConfig.Read(configPath);
        if (!config.IsSuccess)
        {
            throw new InvalidOperationException("The config could not be read: " + string.Join("; ", config.Problems));
        }

        var cfg = config.Value;
        var configTicks = Stopwatch.GetTimestamp() - configStart;
        var baseDirectory = Path.GetDirectoryName(configPath)!;
        var sources = firstSourceOnly ? cfg.Sources.Take(1).ToArray() : [.. cfg.Sources];
        var problems = new List<ProblemList>();
        var candidates = new RcvCandidateLookup(cfg.ToContest());
        IEnumerable<RankedCvr> Ballots()
        {
            foreach (var source in sources)
            {
                var list = new ProblemList(source.FilePath);
                problems.Add(list);
                foreach (var b in RcvSourceReader.Read(source, baseDirectory, cfg.Rules.MaxRankingsAllowed, candidates, list))
                {
                    yield return b;
                }
            }
        }

        long managedAtEnd = 0, heapSize = 0, fragmented = 0, probeTicks = 0, endOfReading = 0;
        var timed = new TimedEnumerable(Ballots(), () =>
        {
            endOfReading = Stopwatch.GetTimestamp();
            if (probeMemory)
            {
                managedAtEnd = GC.GetTotalMemory(forceFullCollection: true);
                var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
                heapSize = info.HeapSizeBytes;
                fragmented = info.FragmentedBytes;
                probeTicks = Stopwatch.GetTimestamp() - endOfReading;
            }
        });
        var result = RcvTabulator.Tabulate(cfg.ToContest(), timed);
        var end = Stopwatch.GetTimestamp();
        total.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var readProblems = problems.SelectMany(p => p.ToImmutable()).ToArray();
        if (readProblems.Length > 0 || !result.IsSuccess)
        {
            throw new InvalidOperationException("The case did not read or count cleanly: " +
                string.Join("; ", readProblems.Concat(result.Problems.IsDefault ? [] : result.Problems).Take(5)));
        }

        var totalTicks = total.Elapsed.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond - probeTicks;
        var readingTicks = configTicks + timed.Ticks;
        var pass = result.Passes[0];
        return new RunFigures
        {
            Files = [.. sources.Select(s => Path.GetFullPath(Path.Combine(baseDirectory, s.FilePath)))],
            TotalBallots = (long)pass.TotalBallots,
            Rounds = pass.Rounds.Length,
            Winners = [.. result.Winners],
            Groups = CountDistinct(cfg, sources, baseDirectory, probeMemory),
            Reading = Stopwatch.GetElapsedTime(0, readingTicks),
            Counting = Stopwatch.GetElapsedTime(0, totalTicks - readingTicks),
            RoundsOnly = Stopwatch.GetElapsedTime(0, end - endOfReading - probeTicks),
            ManagedAtEndOfReading = managedAtEnd,
            HeapSizeAtEndOfReading = heapSize,
            FragmentedAtEndOfReading = fragmented,
            AllocatedBytes = allocated,
        };
    }

    /// <summary>The number of distinct ranking sequences, for the report only; computed after the measured run (the
    /// tabulator's own groups are internal) from a cheap key, and only for the full run.</summary>
    private static long CountDistinct(RctabConfig cfg, RcvSource[] sources, string baseDirectory, bool enabled)
    {
        if (!enabled)
        {
            return 0;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var b in RcvSourceReader.Read(source, baseDirectory, cfg.Rules.MaxRankingsAllowed, null, new ProblemList(source.FilePath)))
            {
                keys.Add(string.Join("|", b.Choices.OrderBy(c => c.Rank).ThenBy(c => c.Candidate, StringComparer.Ordinal)
                    .Select(c => c.Rank.ToString(CultureInfo.InvariantCulture) + ":" + c.Candidate)));
            }
        }

        return keys.Count;
    }

    private static (TimeSpan Reading, TimeSpan Counting, long ListBytes, long Ballots) MeasureMaterialized(string configPath, Expected expected)
    {
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var config = RctabConfig.Read(configPath);
        var cfg = config.Value;
        var baseDirectory = Path.GetDirectoryName(configPath)!;
        var problems = new ProblemList(configPath);
        var ballots = new List<RankedCvr>();
        var candidates = new RcvCandidateLookup(cfg.ToContest());
        foreach (var source in cfg.Sources)
        {
            ballots.AddRange(RcvSourceReader.Read(source, baseDirectory, cfg.Rules.MaxRankingsAllowed, candidates, problems));
        }

        var reading = sw.Elapsed;
        var listBytes = GC.GetTotalMemory(forceFullCollection: true) - managedBefore;
        sw.Restart();
        var result = RcvTabulator.Tabulate(cfg.ToContest(), ballots);
        var counting = sw.Elapsed;
        if (problems.HasProblems || !result.IsSuccess || !result.Winners.SequenceEqual(expected.Winners, StringComparer.Ordinal)
            || result.Passes[0].Rounds.Length != expected.Rounds)
        {
            throw new InvalidOperationException("The materialized run does not match the expected report.");
        }

        GC.KeepAlive(ballots);
        return (reading, counting, listBytes, ballots.Count);
    }

    private static (bool Ok, string Message) Verify(RunFigures run, Expected expected)
    {
        var winnersOk = run.Winners.SequenceEqual(expected.Winners, StringComparer.Ordinal);
        var roundsOk = run.Rounds == expected.Rounds;
        var ballotsOk = run.TotalBallots == expected.TotalBallots;
        var ok = winnersOk && roundsOk && ballotsOk;
        return (ok, string.Create(CultureInfo.InvariantCulture,
            $"Check against expected detailed report: winners [{string.Join(", ", run.Winners)}] {(winnersOk ? "==" : "!=")} [{string.Join(", ", expected.Winners)}], rounds {run.Rounds} {(roundsOk ? "==" : "!=")} {expected.Rounds}, ballots {run.TotalBallots:N0} {(ballotsOk ? "==" : "!=")} {expected.TotalBallots:N0}: {(ok ? "OK" : "MISMATCH")}"));
    }

    private static RawFigures RawParse(string[] files)
    {
        long rows = 0, cells = 0, sharedStrings = 0, chars = 0;
        var sw = Stopwatch.StartNew();
        foreach (var file in files)
        {
            using var document = SpreadsheetDocument.Open(file, false);
            var workbook = document.WorkbookPart!;
            if (workbook.SharedStringTablePart is { } sst)
            {
                using var reader = OpenXmlReader.Create(sst);
                while (reader.Read())
                {
                    if (reader.IsStartElement && reader.ElementType == typeof(Text))
                    {
                        sharedStrings++;
                        chars += reader.GetText().Length;
                    }
                }
            }

            var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            using (var reader = OpenXmlReader.Create(part))
            {
                while (reader.Read())
                {
                    if (!reader.IsStartElement)
                    {
                        continue;
                    }

                    var type = reader.ElementType;
                    if (type == typeof(Row))
                    {
                        rows++;
                    }
                    else if (type == typeof(Cell))
                    {
                        cells++;
                    }
                    else if (type == typeof(CellValue) || type == typeof(Text))
                    {
                        // A shared-string index, a number, or an inline string's text: read, not interpreted.
                        chars += reader.GetText().Length;
                    }
                }
            }
        }

        return new RawFigures(sw.Elapsed, rows, cells, sharedStrings, chars);
    }

    private static void FullCollect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Resets the kernel's peak-RSS mark (VmHWM) to the current RSS (Linux 4.0+).</summary>
    private static bool TryResetPeak()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? PeakWorkingSet()
    {
        if (ProcStatusBytes("VmHWM") is { } hwm)
        {
            return hwm;
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    /// <summary>A "kB" line of <c>/proc/self/status</c>, in bytes, or null off Linux.</summary>
    private static long? ProcStatusBytes(string field)
    {
        if (!OperatingSystem.IsLinux())
        {
            return field == "VmRSS" ? Environment.WorkingSet : null;
        }

        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var value = line[(field.Length + 1)..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    private static string Mb(long? bytes) =>
        bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:F1} MiB") : "n/a";

    private static string PerBallot(long? bytes, long ballots) =>
        bytes is { } b && ballots > 0 ? ((double)b / ballots).ToString("F1", CultureInfo.InvariantCulture) : "n/a";

    private static string Target(long? bytes, long ballots) =>
        bytes is { } b && ballots > 0 ? ((double)b / ballots < 200 ? "MET" : "NOT MET") : "n/a";

    private sealed class RunFigures
    {
        public required string[] Files { get; init; }

        public required long TotalBallots { get; init; }

        public required int Rounds { get; init; }

        public required string[] Winners { get; init; }

        public required long Groups { get; init; }

        public required TimeSpan Reading { get; init; }

        public required TimeSpan Counting { get; init; }

        public required TimeSpan RoundsOnly { get; init; }

        public required long ManagedAtEndOfReading { get; init; }

        public required long HeapSizeAtEndOfReading { get; init; }

        public required long FragmentedAtEndOfReading { get; init; }

        public required long AllocatedBytes { get; init; }
    }

    private sealed record RawFigures(TimeSpan Elapsed, long Rows, long Cells, long SharedStrings, long ValueChars);

    /// <summary>Winners (every "elected" in round order), number of rounds and total ballots of RCTab's detailed report.</summary>
    private sealed record Expected(string[] Winners, int Rounds, long TotalBallots)
    {
        public static Expected Read(string path)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var results = json.RootElement.GetProperty("results");
            var winners = new List<string>();
            foreach (var round in results.EnumerateArray())
            {
                foreach (var action in round.GetProperty("tallyResults").EnumerateArray())
                {
                    if (action.TryGetProperty("elected", out var elected) && elected.GetString() is { } name)
                    {
                        winners.Add(name);
                    }
                }
            }

            var total = json.RootElement.GetProperty("summary").GetProperty("totalNumBallots");
            var ballots = total.ValueKind == JsonValueKind.Number
                ? total.GetInt64()
                : long.Parse(total.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture);
            return new Expected([.. winners], results.GetArrayLength(), ballots);
        }
    }

    /// <summary>Wraps the ballots so that the time spent producing them (inside <c>MoveNext</c>) is summed apart from
    /// the consumer's time; calls <c>atEnd</c> once when the last ballot has been read.</summary>
    private sealed class TimedEnumerable(IEnumerable<RankedCvr> inner, Action atEnd) : IEnumerable<RankedCvr>
    {
        public long Ticks { get; private set; }

        public IEnumerator<RankedCvr> GetEnumerator()
        {
            using var e = inner.GetEnumerator();
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                var more = e.MoveNext();
                Ticks += Stopwatch.GetTimestamp() - start;
                if (!more)
                {
                    atEnd();
                    yield break;
                }

                yield return e.Current;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
