using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Cli.Demo;

/// <summary>Builds the 2020 six-state demo election end to end through the same importers a user runs.</summary>
internal sealed class DemoRunner(Output output, string workDirectory, IReadOnlySet<string>? cvrStates)
{
    /// <summary>States whose ballots are generated as CVRs by default: the two with a vote-method breakdown.</summary>
    public static readonly string[] CvrStatesByDefault = ["AZ", "GA"];

    /// <summary>All six states.</summary>
    public static readonly string[] AllStates = ["AZ", "GA", "MI", "NV", "PA", "WI"];

    public string WorkDirectory { get; } = workDirectory;

    /// <summary>Writes the demo's election definition (a NIST SP 1500-100 file, byte-identical on every run) and
    /// returns its path, for <c>canvass init</c>.</summary>
    public string WriteElection()
    {
        Directory.CreateDirectory(WorkDirectory);
        var path = Path.Combine(WorkDirectory, "election.json");
        WriteElection(path, Us2020National.Extend(Us2020Election.Build(MedslData.Load()), NationalData.LoadStates(), NationalData.LoadDistricts()));
        return path;
    }

    /// <summary>Generates and imports the ballots and totals into a store whose election is already defined
    /// (<paramref name="store"/>: that store as the user named it, for the commands the demo suggests).</summary>
    public async Task<DemoResult> RunAsync(ElectionSession session, string store, CancellationToken cancellationToken)
    {
        var rows = MedslData.Load();
        var outcomes = new List<ImportOutcome>();
        var steps = new List<(string, Func<Action<long, long>, Task>)>();
        foreach (var state in rows.Select(r => r.StatePo).Distinct().Order(StringComparer.Ordinal))
        {
            var stateRows = rows.Where(r => r.StatePo == state).ToList();
            var name = session.Definition!.GpUnits.Single(u => u.Id.Value == Us2020Election.StateUnit(state)).Name;
            if (cvrStates is null || cvrStates.Contains(state))
            {
                var counties = stateRows.Select(r => r.Fips).Distinct().Order().ToList();
                ManifestFileWriter.Write(Path.Combine(WorkDirectory, "manifests", state.ToLowerInvariant() + "-manifest.csv"), state, stateRows);
                steps.Add(($"{name}: {counties.Count} county CVR files",
                    progress => ImportCvrStateAsync(session, state, stateRows, counties, outcomes, progress, cancellationToken)));
            }
            else
            {
                steps.Add(($"{name}: county totals",
                    async progress =>
                    {
                        var file = Path.Combine(WorkDirectory, "results", state.ToLowerInvariant() + "-county-totals.csv");
                        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                        ResultsFileWriter.Write(file, state, session.Definition!, stateRows);
                        outcomes.Add(await ResultsImporter.ImportAsync(session, file, cancellationToken));
                        progress(1, 1);
                    }));
            }
        }

        steps.Add(("Every other state and DC: statewide totals",
            progress => Us2020National.ImportAsync(session, WorkDirectory, rows.Select(r => r.StatePo).ToHashSet(), outcomes, progress, cancellationToken)));
        await Progress.RunStepsAsync(output, steps);
        if (outcomes.Any(o => o.Rejected))
        {
            return new DemoResult(outcomes, null, rows);
        }

        var tabulation = await Progress.RunAsync(output, "Tabulating", p => TabulationRunner.RunAsync(session, p, cancellationToken));
        await TimelineReplay.RunAsync(output, session, tabulation, store, cancellationToken);
        return new DemoResult(outcomes, tabulation, rows);
    }

    private static void WriteElection(string path, ElectionDefinition election)
    {
        using var stream = new MemoryStream();
        ElectionReportWriter.WriteJson(stream, election, null, new ElectionReportOptions(
            // A fixed date keeps the file byte-identical across runs, so re-running the demo changes nothing.
            new DateTimeOffset(2020, 11, 3, 0, 0, 0, TimeSpan.Zero),
            ElectionReportStatus.PreElection));
        var bytes = stream.ToArray();
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            File.WriteAllBytes(path, bytes);
        }
    }

    private async Task ImportCvrStateAsync(
        ElectionSession session,
        string state,
        List<MedslRow> stateRows,
        List<int> counties,
        List<ImportOutcome> outcomes,
        Action<long, long> progress,
        CancellationToken cancellationToken)
    {
        var directory = Path.Combine(WorkDirectory, "cvr", state.ToLowerInvariant());
        Directory.CreateDirectory(directory);
        var files = counties.Select(f => Path.Combine(directory, $"{state.ToLowerInvariant()}-{f.ToString("D5", CultureInfo.InvariantCulture)}.csv")).ToList();
        var total = stateRows.Sum(r => r.Votes);

        // Generate the next county's file on the other core while this one is imported.
        var generated = new Task[counties.Count];
        Task Generate(int i) => generated[i] ??= Task.Run(() =>
        {
            if (!File.Exists(files[i]))
            {
                var tmp = files[i] + ".tmp";
                CvrFileWriter.Write(tmp, state, counties[i], stateRows.Where(r => r.Fips == counties[i]).ToList());
                File.Move(tmp, files[i], overwrite: true);
            }
        }, cancellationToken);

        long done = 0;
        for (var i = 0; i < counties.Count; i++)
        {
            await Generate(i);
            if (i + 1 < counties.Count)
            {
                _ = Generate(i + 1);
            }

            var before = done;
            var outcome = await CvrImporter.ImportAsync(session, files[i], (read, length) =>
                progress(before + (length == 0 ? 0 : read * CountyVotes(stateRows, counties[i]) / length), total), cancellationToken);
            outcomes.Add(outcome);
            if (outcome.Rejected)
            {
                return;
            }

            done += CountyVotes(stateRows, counties[i]);
            progress(done, total);
        }
    }

    private static long CountyVotes(List<MedslRow> rows, int fips)
    {
        long sum = 0;
        foreach (var r in rows)
        {
            if (r.Fips == fips)
            {
                sum += r.Votes;
            }
        }

        return sum;
    }
}

/// <summary>What the demo did.</summary>
internal sealed record DemoResult(IReadOnlyList<ImportOutcome> Imports, ElectionTabulation? Tabulation, IReadOnlyList<MedslRow> Rows);
