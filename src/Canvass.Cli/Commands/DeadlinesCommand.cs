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
                    var rules = evaluator.RulesFor(contest);
                    reports.Add(new DeadlinesReport(contest, [.. rules.Select(j => j.Id)], [.. rules.Where(j => j.Logged).Select(j => j.Id)], deadlines, recount));
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
                        output.Line($"{r.Contest}: no deadlines: {NoRulesReason(evaluator.Definition, r.Contest)}");
                        output.Line();
                        continue;
                    }

                    var chain = evaluator.RulesFor(r.Contest);
                    output.Line($"{r.Contest} (rules: {string.Join(" → ", chain.Select(Source))}; {MidnightIn(chain)})");
                    if (r.Deadlines.Count == 0 && r.Recount is null)
                    {
                        output.Line("  none of these rules' deadlines applies to this contest");
                    }

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

    /// <summary>Why no rules govern a contest: rules are found by its district's OCD-ID, so a district without one is
    /// governed by none whatever rules are set, and saying "put its rules in" would send the user in a circle.</summary>
    private static string NoRulesReason(Domain.Elections.ElectionDefinition definition, string contest)
    {
        var district = definition.Contests.First(c => c.Id.Value == contest).ElectionDistrictId;
        var ocd = definition.GpUnits.FirstOrDefault(u => u.Id == district)?.ExternalIdentifiers
            .FirstOrDefault(x => string.Equals(x.Type, "ocd-id", StringComparison.OrdinalIgnoreCase))?.Value;
        return ocd is null
            ? $"its district {district.Value} has no ocd-id external identifier in the election definition, and rules are found by it; give the district one (docs/finality.md, \"Rules as data\")"
            : $"neither the rules shipped with Canvass nor any put into the log cover its jurisdiction ({ocd}); put its rules in with 'canvass rules set --jurisdiction FILE' (docs/finality.md)";
    }

    /// <summary>A jurisdiction as the contest's line names it: its id, and for rules set in the log (which replace any
    /// shipped for it) the file they were set from, so that a reader comparing with <c>rules/</c> knows they differ.</summary>
    private static string Source(Domain.Jurisdictions.JurisdictionRules rules) =>
        rules.Logged ? $"{rules.Id} set in the log from {rules.File[Domain.Jurisdictions.RulesBook.LogFilePrefix.Length..]}" : rules.Id;

    /// <summary>Where a date's day ends: a deadline is met until midnight in its jurisdiction's time zone, and a state's
    /// zone need not be the nation's (Arizona's deadlines end an hour or more after the federal ones).</summary>
    private static string MidnightIn(IReadOnlyList<Domain.Jurisdictions.JurisdictionRules> chain) =>
        chain.Select(j => j.TimeZone).Distinct(StringComparer.Ordinal).Count() == 1
            ? $"each date ends at midnight {chain[0].TimeZone}"
            : "each date ends at midnight: " + string.Join(", ", chain.Select(j => $"{j.Id} {j.TimeZone}"));
}
