using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Schema;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Domain.Tabulation;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Benchmarks;

/// <summary>Reading a NIST SP 1500-100 XML results report (what <c>canvass import results</c> reads), against one plain
/// <see cref="XmlReader"/> pass over the same file, and against the same pass validating it with NIST's XSD.</summary>
/// <remarks>
/// The report is precinct-level: 20 counties of <c>precincts / 20</c> precincts each, 10 contests of 5 selections, counts
/// by three vote methods for every precinct, contest and selection, written by Canvass's own exporter. The baseline reads
/// every node and the text of every element and attribute, and checks nothing. The tree is the same file loaded into an
/// <see cref="System.Xml.Linq.XDocument"/> with line information, unvalidated. The validating pass is the same reader
/// with NIST's XSD (the schema the import holds every XML report to, with IDs and references checked); the full read is
/// <see cref="ElectionReportReader.ReadXml(Stream, string)"/>: validation, its own lighter tree (not an XDocument, whose
/// figure is for comparison), the election model and the counts. Each is run three times, after a warm-up; the median is reported. Ratio = baseline time / measured time.
/// The same report is also written as JSON and read with <see cref="ElectionReportReader.ReadJson(Stream, string)"/>.
/// The peak working set of the whole run includes writing the report; <see cref="ReadOnce"/> (<c>results-xml-read</c>)
/// reads it once in a fresh process, so that its peak is the read's own.
/// </remarks>
public static class ResultsXmlBenchmark
{
    private const int Repetitions = 3;

    private static readonly CountItemType[] Methods = [CountItemType.ElectionDay, CountItemType.Early, CountItemType.AbsenteeMail];

    /// <summary>Runs the benchmark and writes the figures to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output, int precincts, string directory)
    {
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"results-{precincts}.xml"));
        var jsonPath = Path.ChangeExtension(path, ".json");
        var (definition, counts) = Write(path, jsonPath, precincts);
        var size = new FileInfo(path).Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"report: {definition.GpUnits.Length:N0} units, {counts:N0} precinct vote counts, {size / 1e6:F0} MB ({path})"));

        var schemas = new XmlSchemaSet { XmlResolver = null };
        var xsd = Path.Combine(AppContext.BaseDirectory, "NIST_V2_election_results_reporting.xsd");
        using (var reader = XmlReader.Create(xsd, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }))
        {
            schemas.Add(null, reader);
        }

        schemas.Compile();

        // Warm-up (and a check that the report reads back whole).
        var read = ElectionReportReader.ReadXml(File.OpenRead(path), Path.GetFileName(path));
        if (!read.IsSuccess || read.Value.Placed.Results.Counts.Length < counts)
        {
            throw new InvalidOperationException("The generated report did not read back: " + string.Join("; ", read.Problems.Take(3)));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read back: {read.Value.Placed.Results.Counts.Length:N0} vote counts (the precincts', and the export's county and state roll-ups)"));

        Pass(path, null);
        Pass(path, schemas);

        var raw = Median(() => Pass(path, null));
        var validated = Median(() => Pass(path, schemas));
        var dom = Median(() =>
        {
            using var r = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
            GC.KeepAlive(System.Xml.Linq.XDocument.Load(r, System.Xml.Linq.LoadOptions.SetLineInfo));
        });
        var full = Median(() =>
        {
            using var stream = File.OpenRead(path);
            var result = ElectionReportReader.ReadXml(stream, Path.GetFileName(path));
            GC.KeepAlive(result);
        });
        var json = Median(() =>
        {
            using var stream = File.OpenRead(jsonPath);
            var result = ElectionReportReader.ReadJson(stream, Path.GetFileName(jsonPath));
            GC.KeepAlive(result);
        });
        var (xmlAllocated, xmlRetained) = Allocations(() => ElectionReportReader.ReadXml(File.OpenRead(path), Path.GetFileName(path)));
        var (jsonAllocated, jsonRetained) = Allocations(() => ElectionReportReader.ReadJson(File.OpenRead(jsonPath), Path.GetFileName(jsonPath)));
        using var process = Process.GetCurrentProcess();
        process.Refresh();

        string Line(string what, double seconds) => string.Create(CultureInfo.InvariantCulture,
            $"{what,-34}{seconds,6:F2} s  {size / 1e6 / seconds,6:F0} MB/s  ratio {raw / seconds:F3}");
        output.WriteLine(Line("plain XmlReader pass (baseline):", raw));
        output.WriteLine(Line("the same, validating (NIST XSD):", validated));
        output.WriteLine(Line("an XDocument with line info:", dom));
        output.WriteLine(Line("ElectionReportReader.ReadXml:", full));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"of the full read: validation {(validated - raw) / full:P0}, the rest (its own tree and the mapping to the model) {(full - validated) / full:P0}; peak working set {process.PeakWorkingSet64 / 1e6:F0} MB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated by one XML read: {xmlAllocated / 1e6:F0} MB; the result keeps {xmlRetained / 1e6:F0} MB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the same report as JSON ({new FileInfo(jsonPath).Length / 1e6:F0} MB): ReadJson {json:F2} s; allocated by one read: {jsonAllocated / 1e6:F0} MB; the result keeps {jsonRetained / 1e6:F0} MB"));
    }

    /// <summary>Reads the report <see cref="Run"/> wrote for <paramref name="precincts"/> once, as the only work of this
    /// process, and writes the time, the bytes allocated, the bytes the result keeps and the process's peak working set.</summary>
    /// <param name="output">Where the figures go.</param>
    /// <param name="precincts">The precincts of the report, as given to <see cref="Run"/>.</param>
    /// <param name="directory">The directory given to <see cref="Run"/>.</param>
    /// <param name="json">Whether to read the JSON report instead of the XML one.</param>
    public static void ReadOnce(TextWriter output, int precincts, string directory, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        var path = ReportPath(precincts, directory, json ? "json" : "xml");
        var result = ReadAlone(output, path);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException("The report did not read: " + string.Join("; ", result.Problems.Take(3)));
        }
    }

    /// <summary>Reads, once and as the only work of this process, a copy of the XML report <see cref="Run"/> wrote that
    /// NIST's XSD refuses, and writes the same figures as <see cref="ReadOnce"/> and the problems' count, first and last.
    /// The copy is written next to the report the first time it is asked for, a line at a time.</summary>
    /// <param name="output">Where the figures go.</param>
    /// <param name="precincts">The precincts of the report, as given to <see cref="Run"/>.</param>
    /// <param name="directory">The directory given to <see cref="Run"/>.</param>
    /// <param name="variant"><c>late</c>: one misspelled element near the end (<c>IssuerAbreviation</c>, after every
    /// count and unit); <c>many</c>: every hundredth count is not a number and every thousandth count names a unit that
    /// is not defined (thousands of errors, the first one early).</param>
    public static void ReadRefusedOnce(TextWriter output, int precincts, string directory, string variant)
    {
        ArgumentNullException.ThrowIfNull(output);
        var source = ReportPath(precincts, directory, "xml");
        var path = Path.ChangeExtension(source, "." + variant + ".xml");
        if (!File.Exists(path))
        {
            Func<string, string> mend = variant switch
            {
                "late" => static line => line.Replace("IssuerAbbreviation>", "IssuerAbreviation>", StringComparison.Ordinal),
                "many" => MendMany(),
                _ => throw new ArgumentException("The variant is late or many, not " + variant + ".", nameof(variant)),
            };
            WriteVariant(source, path, mend);
        }

        var result = ReadAlone(output, path);
        if (result.IsSuccess)
        {
            throw new InvalidOperationException("The report was read, but NIST's XSD refuses it: " + path);
        }

        // The digest of every problem listed, to compare the problems of two builds.
        var listed = result.Problems.Where(static p => p.Line is not null).ToList();
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", result.Problems))))[..16];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Problems.Length:N0} problems listed (SHA-256 {digest}); first: line {listed[0].Line}, {listed[0].Path}; last: line {listed[^1].Line}, {listed[^1].Path}"));
    }

    private static string ReportPath(int precincts, string directory, string extension)
    {
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"results-{precincts}.{extension}"));
        return File.Exists(path) ? path : throw new FileNotFoundException("Run the results-xml benchmark with the same precincts and directory first.", path);
    }

    private static Result<ElectionReportDocument> ReadAlone(TextWriter output, string path)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var result = ElectionReportReader.Read(path);
        var seconds = sw.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ElectionReportReader.Read({Path.GetFileName(path)}, {new FileInfo(path).Length / 1e6:F0} MB): {seconds:F2} s (first read, JIT included); allocated {allocated / 1e6:F0} MB; heap after, result alive {retained / 1e6:F0} MB; peak working set {process.PeakWorkingSet64 / 1e6:F0} MB"));
        return result;
    }

    /// <summary>The <c>many</c> variant's mending: the count of every hundredth <c>VoteCounts</c> is not a number, and the
    /// unit of every thousandth is not defined.</summary>
    private static Func<string, string> MendMany()
    {
        long counts = 0;
        long units = 0;
        return line =>
        {
            var trimmed = line.AsSpan().TrimStart();
            if (trimmed.StartsWith("<Count>", StringComparison.Ordinal) && ++counts % 100 == 0)
            {
                return line.Replace("<Count>", "<Count>x", StringComparison.Ordinal);
            }

            return trimmed.StartsWith("<GpUnitId>", StringComparison.Ordinal) && ++units % 1_000 == 0
                ? line.Replace("</GpUnitId>", "-x</GpUnitId>", StringComparison.Ordinal)
                : line;
        };
    }

    private static void WriteVariant(string source, string path, Func<string, string> mend)
    {
        var partial = path + ".partial";
        using (var reader = new StreamReader(source))
        using (var writer = new StreamWriter(partial))
        {
            writer.NewLine = "\n";
            while (reader.ReadLine() is { } line)
            {
                writer.WriteLine(mend(line));
            }
        }

        File.Move(partial, path, overwrite: true);
    }

    /// <summary>The bytes <paramref name="read"/> allocates, and the bytes still reachable while its result is kept.</summary>
    private static (long Allocated, long Retained) Allocations(Func<object> read)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = read();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heap;
        GC.KeepAlive(result);
        return (allocated, retained);
    }

    /// <summary>Writes the report, as XML to <paramref name="path"/> and as JSON to <paramref name="jsonPath"/>; returns the
    /// election and how many vote counts it holds.</summary>
    private static (ElectionDefinition Definition, int Counts) Write(string path, string jsonPath, int precincts)
    {
        var perCounty = Math.Max(1, precincts / SyntheticElection.Counties);
        var synthetic = SyntheticElection.Build();
        var counties = new List<GpUnit>();
        var precinctUnits = new List<GpUnit>();
        for (var c = 1; c <= SyntheticElection.Counties; c++)
        {
            var ids = Enumerable.Range(1, perCounty).Select(p => new GpUnitId(string.Create(CultureInfo.InvariantCulture, $"ru-c{c:D2}-p{p:D4}"))).ToList();
            counties.Add(new GpUnit(new GpUnitId(string.Create(CultureInfo.InvariantCulture, $"ru-c{c:D2}")), $"County {c}", "county", [.. ids], []));
            precinctUnits.AddRange(ids.Select(id => new GpUnit(id, "Precinct " + id.Value, "precinct", [], [])));
        }

        var state = synthetic.GpUnits[0] with { ComposingUnits = [.. counties.Select(c => c.Id)] };
        var definition = synthetic with { GpUnits = [state, .. counties, .. precinctUnits] };
        var reported = ImmutableArray.CreateBuilder<ReportedCount>();
        ulong random = 88172645463325252UL;
        foreach (var precinct in precinctUnits)
        {
            foreach (var contest in definition.Contests)
            {
                foreach (var selection in contest.Selections)
                {
                    foreach (var method in Methods)
                    {
                        random ^= random << 13;
                        random ^= random >> 7;
                        random ^= random << 17;
                        reported.Add(new ReportedCount(contest.Id, selection.Id, precinct.Id, method, (long)(random % 400)));
                    }
                }
            }
        }

        var index = new ElectionIndex(definition);
        var tabulation = Tabulator.Tabulate(index, new CvrTally(index), [new ReportedResults(reported.ToImmutable(), [])]);
        var options = new ElectionReportOptions(new DateTimeOffset(2026, 11, 4, 6, 0, 0, TimeSpan.Zero), ElectionReportStatus.UnofficialComplete);
        using (var stream = File.Create(path))
        {
            ElectionReportWriter.WriteXml(stream, definition, tabulation, options);
        }

        using (var stream = File.Create(jsonPath))
        {
            ElectionReportWriter.WriteJson(stream, definition, tabulation, options);
        }

        return (definition, reported.Count);
    }

    /// <summary>One pass over the file touching every node's text; validating when <paramref name="schemas"/> is given.</summary>
    private static void Pass(string path, XmlSchemaSet? schemas)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        if (schemas is not null)
        {
            settings.ValidationType = ValidationType.Schema;
            settings.Schemas = schemas;
            settings.ValidationFlags = XmlSchemaValidationFlags.ProcessIdentityConstraints;
            settings.ValidationEventHandler += (_, e) => throw new InvalidOperationException("The generated report is not valid: " + e.Message);
        }

        using var reader = XmlReader.Create(path, settings);
        long characters = 0;
        while (reader.Read())
        {
            characters += reader.Value.Length;
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    characters += reader.Value.Length;
                }
                while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }
        }

        GC.KeepAlive(characters);
    }

    private static double Median(Action action)
    {
        var times = new double[Repetitions];
        for (var r = 0; r < Repetitions; r++)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            action();
            times[r] = sw.Elapsed.TotalSeconds;
        }

        return Stats.Median(times);
    }
}
