using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Finality;
using Canvass.Domain.Finality;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass deadlines [--contest C]… [--at TIME] [--json]</c>: every deadline of each contest computed from its
/// jurisdictions' rules, and whether its certified margin triggers (or allows) a recount.</summary>
internal static class DeadlinesCommand
{
    public static Command Create()
    {
        var query = new FinalityQuery("The moment (certifications recorded by then anchor the windows); default now.",
            (_, contests) => $"The deadlines of {contests} cannot be computed.");
        var command = new Command("deadlines", "Deadlines and recount rules of each contest, computed from rules/*.json (with citations) and the facts recorded.");
        foreach (var option in query.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => query.RunAsync(parse, _ => { }, (output, evaluator, contests, when) =>
            {
                var triggered = FinalityPolicy.Parse("recount_triggered").Value;
                var reports = new List<DeadlinesReport>();
                foreach (var contest in contests)
                {
                    var deadlines = evaluator.Deadlines(contest, when)
                        .Select(d => new DeadlineReport(d.Name, d.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Ends, d.Jurisdiction, d.Citation, d.Verify))
                        .ToList();
                    var recount = evaluator.Recount(contest, when) is { } r
                        ? new RecountReport(r.Rule.Automatic, JsonNames.Of(r.Rule.Metric), r.Rule.Threshold, r.Leader, r.RunnerUp, r.Margin, r.Total, decimal.Round(r.Measured, 4),
                            r.Qualifies, evaluator.Evaluate(triggered, contest, when).Final, r.Rule.Citation, r.Describe())
                        : null;
                    reports.Add(new DeadlinesReport(contest, [.. evaluator.RulesFor(contest).Select(j => j.Id)], deadlines, recount));
                }

                if (output.Json)
                {
                    output.WriteJson(reports, CliJsonContext.Default.ListDeadlinesReport);
                    return ExitCodes.Ok;
                }

                foreach (var r in reports)
                {
                    if (r.Jurisdictions.Count == 0)
                    {
                        output.Line($"{r.Contest}: no deadlines: neither the rules shipped with Canvass nor any put into the log cover its jurisdiction; put its rules in with 'canvass rules set --jurisdiction FILE' (docs/finality.md)");
                        output.Line();
                        continue;
                    }

                    output.Line($"{r.Contest} (rules: {string.Join(" → ", r.Jurisdictions)})");
                    foreach (var d in r.Deadlines)
                    {
                        output.Line($"  {d.Name,-30} {d.Date ?? "(not yet known)",-15} {d.Jurisdiction,-3} {d.Citation}{(d.Verify ? " [verify]" : "")}");
                    }

                    if (r.Recount is { } rc)
                    {
                        output.Line($"  recount: {(rc.Automatic ? "automatic" : "on request")}; {rc.Summary}{(rc.Triggered ? " — TRIGGERED" : "")}");
                    }

                    output.Line();
                }

                return ExitCodes.Ok;
            }, ct));
        return command;
    }
}
