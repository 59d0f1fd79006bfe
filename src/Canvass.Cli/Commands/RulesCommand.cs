using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Rcv;
using Canvass.Storage;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass rules set --store PATH --contest ID --rctab-config FILE</c>: keeps a ranked-choice contest's
/// tabulation rules in the store, as an event in its log.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Tabulation rules of ranked-choice contests.");
        command.Subcommands.Add(CreateSet());
        return command;
    }

    private static Command CreateSet()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var logKey = LogOptions.LogKey();
        var contest = new Option<string>("--contest", "-c") { Description = "The ranked-choice contest (its id).", Required = true };
        var config = new Option<FileInfo>("--rctab-config") { Description = "An RCTab contest configuration; its \"rules\" are kept.", Required = true };
        var command = new Command("set", "Set a ranked-choice contest's rules from an RCTab configuration (the latest rules set are used; the log keeps every change).")
        {
            store, logKey, json, contest, config,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var file = parse.GetValue(config)!;
            var rules = StoredRules.FromConfigFile(file.FullName);
            if (!rules.IsSuccess)
            {
                return Task.FromResult(output.Problems("The rules are not valid; nothing was stored.", rules.Problems));
            }

            return StoreCommand.RunWritingAsync(output, parse.GetValue(store), parse.GetValue(logKey), requireElection: true, async session =>
            {
                var contestId = parse.GetValue(contest)!;
                if (!session.Index.TryGetContest(new ContestId(contestId), out int position))
                {
                    return output.Problem(ProblemCodes.UnknownReference,
                        $"No contest '{contestId}'. Contests: {string.Join(", ", session.Definition!.Contests.Select(c => c.Id.Value))}.");
                }

                var target = session.Definition!.Contests[position];
                if (target.VoteVariation != VoteVariation.Rcv)
                {
                    return output.Problem(ProblemCodes.BadValue,
                        $"Contest '{contestId}' is counted by {target.VoteVariation}, not ranked choice (rcv); it has no RCTab rules.");
                }

                var seats = rules.Value.Rules.NumberOfWinners;
                if (seats != target.NumberElected && !(seats == 0 && rules.Value.Rules.WinnerMode == RcvWinnerMode.BottomsUpUsingPercentageThreshold))
                {
                    return output.Problem(ProblemCodes.Inconsistent,
                        $"The rules elect {seats}; contest '{contestId}' elects {target.NumberElected}.", file.FullName);
                }

                var set = new ContestRulesSet(contestId, rules.Value.Json, file.Name);
                await session.Store.AppendAsync(Streams.Election, session.State.Version, [set], cancellationToken: ct);
                await session.RefreshAsync(ct);
                if (output.Json)
                {
                    output.WriteJson(new RulesSetReport(contestId, file.Name, set.RctabRules), CliJsonContext.Default.RulesSetReport);
                }
                else
                {
                    output.Line($"rules for {contestId} set from {file.Name}");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}

/// <summary>What <c>canvass rules set --json</c> prints.</summary>
internal sealed record RulesSetReport(string Contest, string Source, string Rules);
