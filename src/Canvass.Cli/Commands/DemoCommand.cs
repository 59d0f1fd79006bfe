using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Demo;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass demo [--store PATH] [--full]</c>: the 2020 presidential contest in six states, end to end.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var fullOption = new Option<bool>("--full") { Description = "Generate CVRs for all six states (about 25 million ballots), not only Arizona and Georgia." };
        var states = new Option<string?>("--cvr-states")
        {
            Description = "Comma-separated states whose ballots are generated as CVRs (default AZ,GA; 'none' for totals only); the rest are imported as county totals.",
        };
        var logKey = LogOptions.LogKey();
        var work = new Option<DirectoryInfo?>("--work") { Description = "Where to write the generated files (default: canvass-demo/ beside the store)." };
        var command = new Command("demo", "Build the 2020 presidential contest in AZ, GA, MI, NV, PA and WI from the MEDSL county returns: define, generate CVRs, import, tabulate.")
        {
            store, fullOption, states, work, logKey, json,
        };
        command.Subcommands.Add(DemoPaperCommand.Create());
        command.SetAction(async (parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var location = StoreLocation.Resolve(parse.GetValue(store));
            var workDirectory = parse.GetValue(work)?.FullName
                ?? Path.Combine(StoreLocation.IsPostgres(location) ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(location))!, "canvass-demo");
            var cvrStates = parse.GetValue(fullOption) ? DemoRunner.AllStates
                : parse.GetValue(states) is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).Where(s => s != "NONE").ToArray()
                : DemoRunner.CvrStatesByDefault;
            var unknown = cvrStates.Except(DemoRunner.AllStates).ToList();
            if (unknown.Count > 0)
            {
                return output.Problem(Domain.ProblemCodes.BadValue, $"Unknown {(unknown.Count == 1 ? "state" : "states")} {string.Join(", ", unknown)}: the demo has {string.Join(", ", DemoRunner.AllStates)}.");
            }

            if ((StoreLocation.Check(location) ?? OutputPath.Folder(workDirectory, "--work")) is { } bad)
            {
                return output.Problem(bad);
            }

            output.Line($"Canvass demo: 2020 presidential election, six states (MEDSL county returns)");
            output.Line($"  store: {StoreLocation.Describe(location)}");
            output.Line($"  files: {workDirectory}");
            output.Line();
            var runner = new DemoRunner(output, workDirectory, cvrStates.ToHashSet(StringComparer.Ordinal));
            var init = await InitCommand.RunAsync(output, location, runner.WriteElection(), null, parse.GetValue(logKey), ct, demo: true);
            if (init != ExitCodes.Ok)
            {
                return init;
            }

            output.Line();
            return await StoreCommand.RunWritingAsync(output, location, parse.GetValue(logKey), requireElection: true, async session =>
            {
                var result = await runner.RunAsync(session, location, ct);
                if (result.Tabulation is null)
                {
                    return ImportReporting.Report(output, result.Imports);
                }

                var report = TabulationReport.From(session.Definition!, result.Tabulation, null, null);
                var allMatch = true;
                if (output.Json)
                {
                    output.WriteJson(report, CliJsonContext.Default.TabulationReport);
                }

                var c = CultureInfo.InvariantCulture;
                foreach (var contest in report.Contests)
                {
                    var state = contest.Id.Split('-')[1].ToUpperInvariant();
                    var stateRows = result.Rows.Where(r => r.StatePo == state).ToList();
                    if (stateRows.Count == 0)
                    {
                        continue; // the national part: ElectoralDemoReport below
                    }

                    var imported = result.Imports.Where(o => o.Kind == "cvr" && o.File.Contains($"{Path.DirectorySeparatorChar}{state.ToLowerInvariant()}-", StringComparison.Ordinal)).ToList();
                    var how = imported.Count > 0
                        ? $"{imported.Sum(o => o.Records).ToString("N0", c)} CVRs in {imported.Count} county files"
                        : "county totals";
                    output.Line($"{contest.Name} — from {how}");
                    foreach (var s in contest.Selections.OrderByDescending(s => s.Votes))
                    {
                        var published = stateRows.Where(r => Us2020Election.SelectionId(state, r.Candidate) == s.Id).Sum(r => r.Votes);
                        var ok = published == s.Votes;
                        allMatch &= ok;
                        var winner = contest.Winners.Contains(s.Id) ? "winner" : "";
                        output.Line($"  {s.Name,-42} {s.Votes.ToString("N0", c),11} {s.Percent.ToString("0.00", c),6}%  {(ok ? "= published" : "≠ published " + published.ToString("N0", c)),-22} {winner}");
                    }

                    output.Line();
                }

                allMatch &= output.Json || ElectoralDemoReport.Print(output, session.Definition!, result.Tabulation, runner.WorkDirectory, location);
                var unchanged = result.Imports.Count(o => o.Status == "unchanged");
                if (unchanged > 0)
                {
                    output.Line($"{unchanged} of {result.Imports.Count} files were imported before and changed nothing.");
                }

                output.Line(allMatch
                    ? "Every statewide total equals the published MEDSL figure."
                    : "Some totals differ from the published figures: see above.");
                output.Line($"Try: canvass tabulate --store {StoreLocation.Argument(location)} --contest cc-ga-president --by vote-method");
                return allMatch ? ExitCodes.Ok : ExitCodes.Failed;
            }, ct);
        });
        return command;
    }
}
