using System.Globalization;
using Canvass.Benchmarks;

// dotnet run -c Release --project bench/Canvass.Benchmarks -- <import|import-split|tabulate|ledger|rcv|append|sampler|results-xml|results-xml-read|results-xml-refused-read|results-json-read|all> [count] [work-directory] [shared-directory|variant] [--runs N]
// results-xml-read and results-json-read read the report results-xml wrote (same count and directory) once, alone in
// the process, so that the peak working set printed is the read's own; results-xml-refused-read does the same with a
// copy NIST's XSD refuses (variant late: one misspelled element near the end; many: thousands of errors).
// --runs N measures the import N times (a raw parse, then an import into a new store, in turn) and prints the median ratio.
var runs = 1;
var runsAt = Array.IndexOf(args, "--runs");
if (runsAt >= 0)
{
    if (args.Length <= runsAt + 1 || !int.TryParse(args[runsAt + 1], NumberStyles.None, CultureInfo.InvariantCulture, out runs) || runs < 1)
    {
        Console.Error.WriteLine("--runs needs a whole number of runs, at least 1.");
        return 2;
    }

    args = [.. args[..runsAt], .. args[(runsAt + 2)..]];
}

var what = args.Length > 0 ? args[0] : "all";
if (runs > 1 && what is not ("import" or "all"))
{
    Console.Error.WriteLine($"--runs applies to the import benchmark only, not to {what}.");
    return 2;
}

var ballots = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
var directory = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "canvass-bench");
Directory.CreateDirectory(directory);
Console.WriteLine($"Canvass benchmarks ({what}, {ballots:N0} ballots) on {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (what is "import" or "all")
{
    Console.WriteLine();
    Console.WriteLine("== CVR import into SQLite vs raw Sep parse ==");
    await ImportBenchmark.RunAsync(Console.Out, ballots, directory, runs);
}

if (what is "import-split")
{
    Console.WriteLine();
    Console.WriteLine("== CVR import, stage by stage on one thread ==");
    await ImportSplitBenchmark.RunAsync(Console.Out, ballots, directory);
}

if (what is "tabulate" or "all")
{
    Console.WriteLine();
    Console.WriteLine("== Plurality tabulation in memory vs one sequential pass ==");
    TabulationBenchmark.Run(Console.Out, checked((int)ballots));
}

if (what is "ledger" or "all")
{
    Console.WriteLine();
    Console.WriteLine("== Transparency log: in-memory append vs raw SHA-256, inclusion proofs ==");
    LedgerBenchmark.Run(Console.Out, checked((int)ballots));
}

if (what is "rcv" or "all")
{
    Console.WriteLine();
    Console.WriteLine("== Ranked-choice: RCTab's 1,041,313-ballot Minneapolis scale case, whole process ==");
    var shared = args.Length > 3 ? args[3] : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../shared"));
    RcvBenchmark.Run(Console.Out, Path.Combine(shared, "conformance", "rctab", "cases"));
}

if (what is "append" or "all")
{
    Console.WriteLine();
    Console.WriteLine("== Durable appends into SQLite with signed checkpoints ==");
    await DurableAppendBenchmark.RunAsync(Console.Out, 10_000, directory);
}

if (what is "results-xml")
{
    // Not part of "all": the count is precincts here (default 2,000, a report of about 60 MB), not ballots.
    Console.WriteLine();
    Console.WriteLine("== NIST XML results report: ElectionReportReader vs a plain XmlReader pass ==");
    ResultsXmlBenchmark.Run(Console.Out, args.Length > 1 ? checked((int)ballots) : 2_000, directory);
}

if (what is "results-xml-read" or "results-json-read")
{
    ResultsXmlBenchmark.ReadOnce(Console.Out, args.Length > 1 ? checked((int)ballots) : 2_000, directory, json: what == "results-json-read");
}

if (what is "results-xml-refused-read")
{
    ResultsXmlBenchmark.ReadRefusedOnce(Console.Out, args.Length > 1 ? checked((int)ballots) : 2_000, directory, args.Length > 3 ? args[3] : "late");
}

if (what is "sampler" or "all")
{
    Console.WriteLine();
    Console.WriteLine("== RLA sampler: 10,000 draws with replacement from a 10,000,000-ballot manifest vs raw SHA-256 ==");
    SamplerBenchmark.Run(Console.Out);
}

return 0;
