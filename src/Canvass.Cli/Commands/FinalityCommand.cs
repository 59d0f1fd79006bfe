using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Cli.Finality;
using Canvass.Domain;
using Canvass.Domain.Finality;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass finality [--contest C]… [--policy P]… [--at TIME] [--flips] [--json]</c>: whether each contest is
/// final under each policy at a moment (default now), since when, and why, by replaying the log.</summary>
internal static class FinalityCommand
{
    public static Command Create()
    {
        var policies = new Option<string[]>("--policy", "-p")
        {
            Description = $"A built-in policy ({string.Join(", ", BuiltInPolicies.Names)}) or an expression such as \"called(AP) and not recount_pending\", repeated (default: every built-in).",
        };
        var query = new FinalityQuery("The moment to answer for (2020-12-14T12:00:00-05:00, or a date: the end of that day, UTC); default now.",
            (parse, contests) => $"The finality of {contests} under {Policies(parse.GetValue(policies))} cannot be answered.");
        var flips = new Option<bool>("--flips") { Description = "Also list every moment the answer changed." };
        var command = new Command("finality", "Is each contest final under each policy? Replays the recorded facts (calls, concessions, certifications, recounts, challenges, electors) with the jurisdictions' rules.")
        {
            policies, flips,
        };
        foreach (var option in query.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) =>
        {
            var parsed = new List<FinalityPolicy>();
            void Check(List<Problem> problems)
            {
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
            }

            return query.RunAsync(parse, Check, (output, evaluator, contests, when) =>
            {
                var withFlips = parse.GetValue(flips);
                var reports = new List<FinalityReport>();
                foreach (var contest in contests)
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
                FinalityText.Print(output, reports);
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary>"policy \"certified\"", "policies \"a\", \"b\"", or "every built-in policy" when none is given.</summary>
    private static string Policies(string[]? given) => given switch
    {
        null or [] => "every built-in policy",
        [var one] => $"policy \"{one}\"",
        _ => "policies " + string.Join(", ", given.Distinct(StringComparer.Ordinal).Select(p => $"\"{p}\"")),
    };
}
