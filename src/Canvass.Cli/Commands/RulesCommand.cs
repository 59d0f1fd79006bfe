using System.CommandLine;
using System.Text;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Jurisdictions;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using Canvass.Storage;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass rules set --contest ID --rctab-config FILE</c> keeps a ranked-choice contest's tabulation rules in
/// the store, as an event in its log; <c>canvass rules set --jurisdiction FILE</c> does the same for a jurisdiction's
/// rules for the path to finality (one file in the format of <c>rules/*.json</c>).</summary>
/// <remarks>Both are one command with two forms, checked by a validator (one form or the other, never both), rather than
/// two commands: both set rules that the log then holds, the latest set winning, and an operator looks for them in one
/// place.</remarks>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Rules kept in the log: a ranked-choice contest's tabulation rules, or a jurisdiction's rules for finality.");
        command.Subcommands.Add(CreateSet());
        return command;
    }

    private static Command CreateSet()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var logKey = LogOptions.LogKey();
        var contest = new Option<string?>("--contest", "-c") { Description = "The ranked-choice contest (its id); with --rctab-config." };
        var config = new Option<FileInfo?>("--rctab-config") { Description = "An RCTab contest configuration; its \"rules\" are kept. With --contest." };
        var jurisdiction = new Option<FileInfo?>("--jurisdiction")
        {
            Description = "A jurisdiction's rules file, in the format of rules/*.json: deadlines, certifying bodies and officials' keys, recount rules. It replaces the embedded rules with the same ocdId, or adds a jurisdiction.",
        };
        var command = new Command("set", "Set a ranked-choice contest's rules from an RCTab configuration, or a jurisdiction's rules from a rules file (the latest rules set are used; the log keeps every change).")
        {
            store, logKey, json, contest, config, jurisdiction,
        };
        command.Validators.Add(result =>
        {
            var ranked = result.GetResult(contest) is not null || result.GetResult(config) is not null;
            if (result.GetResult(jurisdiction) is not null)
            {
                if (ranked)
                {
                    result.AddError("--jurisdiction sets a jurisdiction's rules; it does not go with --contest or --rctab-config.");
                }
            }
            else if (result.GetResult(contest) is null || result.GetResult(config) is null)
            {
                result.AddError("Give --contest and --rctab-config (a ranked-choice contest's rules), or --jurisdiction FILE (a jurisdiction's rules).");
            }
        });
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            if (parse.GetValue(jurisdiction) is { } rulesFile)
            {
                return SetJurisdictionAsync(output, rulesFile, parse.GetValue(store), parse.GetValue(logKey), ct);
            }

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

    private static Task<int> SetJurisdictionAsync(Output output, FileInfo file, string? storeOption, string? logKeyOption, CancellationToken ct)
    {
        if (InputFile.Check(file.FullName) is { } unreadable)
        {
            return Task.FromResult(output.Problem(unreadable));
        }

        string text;
        try
        {
            // The project's strict reader: a UTF-16 byte-order mark is not followed into another encoding.
            using var reader = StrictUtf8.CreateReader(File.OpenRead(file.FullName), leaveOpen: false);
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            return Task.FromResult(output.Problem(ProblemCodes.NotUtf8, "The rules file is not UTF-8 text; nothing was stored.", file.FullName));
        }

        var read = RulesBook.ParseForLog(file.FullName, text);
        if (!read.IsSuccess)
        {
            return Task.FromResult(output.Problems("The rules are not valid; nothing was stored.", read.Problems));
        }

        var set = read.Value;
        return StoreCommand.RunWritingAsync(output, storeOption, logKeyOption, requireElection: true, async session =>
        {
            var before = session.State.LoggedRules.GetValueOrDefault(set.OcdId);
            var embedded = RulesBook.Default.Jurisdictions.FirstOrDefault(j => string.Equals(j.OcdId, set.OcdId, StringComparison.Ordinal));
            var unchanged = before is not null && string.Equals(before.Sha256, set.Sha256, StringComparison.Ordinal);
            if (!unchanged)
            {
                await session.Store.AppendAsync(Streams.Election, session.State.Version, [set], cancellationToken: ct);
                await session.RefreshAsync(ct);
            }

            var replaces = before is not null ? $"the rules logged before (sha256 {before.Sha256})"
                : embedded is not null ? $"the embedded rules ({embedded.File})"
                : null;
            var rules = RulesBook.Parse([(file.Name, set.Rules)]).Value.Jurisdictions[0];
            if (output.Json)
            {
                output.WriteJson(new JurisdictionRulesSetReport(unchanged ? "unchanged" : "set", set.OcdId, rules.Id, rules.Name, set.Source, set.Sha256,
                    unchanged ? null : before is not null ? "logged" : embedded is not null ? "embedded" : null), CliJsonContext.Default.JurisdictionRulesSetReport);
            }
            else if (unchanged)
            {
                output.Line($"unchanged: the rules for {rules.Name} ({set.OcdId}) from {set.Source} are already in effect (sha256 {set.Sha256}); nothing stored");
            }
            else
            {
                output.Line($"rules for {rules.Name} ({set.OcdId}) set from {set.Source} (sha256 {set.Sha256})");
                output.Line(replaces is null
                    ? "  a jurisdiction the embedded rules do not have: its contests and those of its subdivisions follow these rules from now on"
                    : $"  they replace {replaces} in every answer from now on, for the facts already recorded too");
            }

            return ExitCodes.Ok;
        }, ct);
    }
}

/// <summary>What <c>canvass rules set --contest C --rctab-config FILE --json</c> prints.</summary>
internal sealed record RulesSetReport(string Contest, string Source, string Rules);

/// <summary>What <c>canvass rules set --jurisdiction FILE --json</c> prints.</summary>
/// <param name="Status"><c>set</c>, or <c>unchanged</c> when the same rules were the latest logged for the OCD-ID.</param>
/// <param name="OcdId">The jurisdiction's OCD-ID.</param>
/// <param name="Jurisdiction">Its short id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Source">The rules file's name.</param>
/// <param name="Sha256">SHA-256 of the canonical rules text kept in the log.</param>
/// <param name="Replaces"><c>embedded</c> (the rules shipped for the OCD-ID), <c>logged</c> (rules set before), or null
/// (a jurisdiction the embedded rules do not have, or nothing stored).</param>
internal sealed record JurisdictionRulesSetReport(string Status, string OcdId, string Jurisdiction, string Name, string Source, string Sha256, string? Replaces);
