using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Cli.Finality;
using Canvass.Domain;
using Canvass.Domain.Finality;
using Canvass.Domain.Rules;
using Canvass.Storage.Finality;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass finality [--contest C]… [--policy P]… [--at TIME] [--flips] [--json]</c>: whether each contest is
/// final under each policy at a moment (default now), since when, and why, by replaying the log.</summary>
internal static class FinalityCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var contests = new Option<string[]>("--contest", "-c") { Description = "A contest, repeated (default: every contest)." };
        var policies = new Option<string[]>("--policy", "-p")
        {
            Description = $"A built-in policy ({string.Join(", ", BuiltInPolicies.Names)}) or an expression such as \"called(AP) and not recount_pending\", repeated (default: every built-in).",
        };
        var at = new Option<string?>("--at") { Description = "The moment to answer for (2020-12-14T12:00:00-05:00, or a date: the end of that day, UTC); default now." };
        var flips = new Option<bool>("--flips") { Description = "Also list every moment the answer changed." };
        var command = new Command("finality", "Is each contest final under each policy? Replays the recorded facts (calls, concessions, certifications, recounts, challenges, electors) with the jurisdictions' rules.")
        {
            store, json, contests, policies, at, flips,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var problems = new List<Problem>();
            var when = FactInput.Time(parse.GetValue(at), "--at", true, problems) ?? TimeProvider.System.GetUtcNow();
            var parsed = new List<FinalityPolicy>();
            foreach (var p in parse.GetValue(policies) is { Length: > 0 } given ? given : [.. BuiltInPolicies.Names])
            {
                var policy = FinalityPolicy.Parse(p);
                if (policy.IsSuccess)
                {
                    parsed.Add(policy.Value);
                }
                else
                {
                    problems.AddRange(policy.Problems.Select(x => x with { Message = $"{x.Message} (policy \"{p}\")" }));
                }
            }

            if (problems.Count > 0)
            {
                return Task.FromResult(output.Problems("The question cannot be answered.", problems));
            }

            return StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: true, mustExist: true, async session =>
            {
                var evaluator = (await FinalityReader.LoadAsync(session.Store, RulesBook.Default, ct)).Value;
                var selected = FinalityReader.Select(evaluator.Definition, parse.GetValue(contests));
                if (!selected.IsSuccess)
                {
                    return output.Problems("The question cannot be answered.", selected.Problems);
                }

                var withFlips = parse.GetValue(flips);
                var reports = new List<FinalityReport>();
                foreach (var contest in selected.Value)
                {
                    foreach (var policy in parsed)
                    {
                        var a = evaluator.Evaluate(policy, contest, when);
                        var history = withFlips
                            ? evaluator.Flips(policy, contest, when).Select(f => new FlipReport(f.Final, f.At, f.Position, f.Reasons)).ToList()
                            : null;
                        reports.Add(new FinalityReport(a.Contest, a.Policy, a.Expression, a.At, a.Final, a.Since, a.Reasons, a.Positions, history));
                    }
                }

                if (output.Json)
                {
                    output.WriteJson(reports, CliJsonContext.Default.ListFinalityReport);
                    return ExitCodes.Ok;
                }

                output.Line($"Finality at {FinalityText.When(when)}");
                foreach (var group in reports.GroupBy(r => r.Contest))
                {
                    output.Line();
                    output.Line(group.Key);
                    foreach (var r in group)
                    {
                        var since = r.Since is { } s ? " since " + FinalityText.When(s) : "";
                        output.Line($"  {r.Policy,-16} {(r.Final ? "FINAL" : "not final")}{since}");
                        foreach (var reason in r.Reasons)
                        {
                            output.Line("      " + reason);
                        }

                        if (r.Positions.Count > 0)
                        {
                            output.Line("      log positions: " + string.Join(", ", r.Positions));
                        }

                        foreach (var f in r.Flips ?? [])
                        {
                            output.Line($"      {FinalityText.When(f.At)}  → {(f.Final ? "final" : "not final")} (log position {f.Position})");
                        }
                    }
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
