using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass tabulate --store PATH [--contest ID] [--by county|precinct|vote-method] [--json]</c>.</summary>
internal static class TabulateCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var contest = new Option<string?>("--contest", "-c") { Description = "Only this contest (its id)." };
        var by = new Option<string?>("--by") { Description = "Break the counts down by county, precinct or vote-method." };
        by.AcceptOnlyFromAmong("county", "precinct", "vote-method");
        var command = new Command("tabulate", "Count every contest from the committed ballots and reported results.") { store, contest, by, json };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            return StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: true, mustExist: true, async session =>
            {
                var contestId = parse.GetValue(contest);
                if (contestId is not null && !session.Index.TryGetContest(new Domain.Elections.ContestId(contestId), out int _))
                {
                    return output.Problem(ProblemCodes.UnknownReference,
                        $"No contest '{contestId}'. Contests: {string.Join(", ", session.Definition!.Contests.Select(c => c.Id.Value))}.");
                }

                var tabulation = await Progress.RunAsync(output, "Tabulating", p => TabulationRunner.RunAsync(session, p, ct));
                var report = TabulationReport.From(session.Definition!, tabulation, contestId, parse.GetValue(by));
                Print(output, report);

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary>"ballots 18, overvotes 1, undervotes 1 where counted; Ridge County reported votes only".</summary>
    internal static string KnownCountsLine(KnownCounts known)
    {
        var c = CultureInfo.InvariantCulture;
        var votesOnly = known.VotesOnly.Count switch
        {
            1 => known.VotesOnly[0].Name + " reported",
            2 or 3 => string.Join(", ", known.VotesOnly.Take(known.VotesOnly.Count - 1).Select(u => u.Name)) + " and " + known.VotesOnly[^1].Name + " reported",
            _ => Quantity.Of(known.VotesOnly.Count, "county", "counties") + " reported",
        };
        if (known.BallotsCast is not { } ballots)
        {
            return $"ballots, overvotes and undervotes not known: {votesOnly} votes only";
        }

        var counts = new List<string> { "ballots " + ballots.ToString("N0", c) };
        if (known.Overvotes is { } ov)
        {
            counts.Add("overvotes " + ov.ToString("N0", c));
        }

        if (known.Undervotes is { } uv)
        {
            counts.Add("undervotes " + uv.ToString("N0", c));
        }

        return $"{string.Join(", ", counts)} where counted; {votesOnly} votes only";
    }

    internal static void Print(Output output, TabulationReport report)
    {
        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.TabulationReport);
            return;
        }

        var c = CultureInfo.InvariantCulture;
        output.Line($"{report.BallotsCounted.ToString("N0", c)} cast vote records tabulated");
        foreach (var contest in report.Contests)
        {
            output.Line();
            output.Line($"{contest.Name} [{contest.Id}]");
            if (contest.DecidedBy is not null)
            {
                // No ballot carries this contest: its rows would read as zero votes for every ticket.
                output.Line("  decided by electoral votes, not ballots: see 'canvass electoral'");
                continue;
            }

            var width = Math.Max(12, contest.Selections.Max(s => s.Name.Length));
            foreach (var s in contest.Selections.OrderByDescending(s => s.Votes))
            {
                var mark = contest.Winners.Contains(s.Id) ? "  ✓" : "";
                output.Line($"  {s.Name.PadRight(width)} {s.Votes.ToString("N0", c),13} {s.Percent.ToString("0.00", c),7}%{mark}");
            }

            var extras = new List<string>();
            if (contest.BallotsCast is { } bc)
            {
                extras.Add("ballots " + bc.ToString("N0", c));
            }

            if (contest.Overvotes is { } ov)
            {
                extras.Add("overvotes " + ov.ToString("N0", c));
            }

            if (contest.Undervotes is { } uv)
            {
                extras.Add("undervotes " + uv.ToString("N0", c));
            }

            if (extras.Count > 0)
            {
                output.Line("  " + string.Join(", ", extras));
            }
            else if (contest.KnownCounts is { } known)
            {
                output.Line("  " + KnownCountsLine(known));
            }

            if (contest.TieForLastPlace)
            {
                output.Line("  tie for the last winning place: to be resolved as the law provides");
            }

            if (contest.Passed is { } passed)
            {
                output.Line(passed ? "  passed" : "  failed");
            }

            if (contest.Rounds is { } rounds)
            {
                var names = contest.Selections.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
                string NameOf(string id) => names.GetValueOrDefault(id, id);
                foreach (var round in rounds)
                {
                    var tallies = string.Join(", ", round.Tallies.Select(t => $"{NameOf(t.Key)} {t.Value.ToString("0.####", c)}"));
                    var line = $"  round {round.Number.ToString(c)} (threshold {round.Threshold.ToString("0.####", c)}): {tallies}";
                    if (round.Elected.Count > 0)
                    {
                        line += "; elected " + string.Join(", ", round.Elected.Select(NameOf));
                    }

                    if (round.Eliminated.Count > 0)
                    {
                        line += "; eliminated " + string.Join(", ", round.Eliminated.Select(NameOf));
                    }

                    output.Line(line + $"; inactive {round.InactiveBallots.ToString("0.####", c)}");
                }
            }

            foreach (var p in contest.RoundProblems ?? [])
            {
                output.Line("  rounds stopped: " + p.Message);
            }

            foreach (var row in contest.Breakdown ?? [])
            {
                var cells = string.Join("  ", contest.Selections.Select((s, k) => $"{s.Name}: {row.Votes[k].ToString("N0", c)}"));
                output.Line($"    {row.Name}: {cells}");
            }
        }
    }
}
