using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Tabulation;

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
                var index = -1;
                if (contestId is not null && !session.Index.TryGetContest(new Domain.Elections.ContestId(contestId), out index))
                {
                    return output.Problem(ProblemCodes.UnknownReference,
                        $"No contest '{contestId}'. Contests: {string.Join(", ", session.Definition!.Contests.Select(c => c.Id.Value))}.");
                }

                var tabulation = await Progress.RunAsync(output, "Tabulating", p => TabulationRunner.RunAsync(session, p, ct));
                var report = TabulationReport.From(session.Definition!, tabulation, contestId, parse.GetValue(by));
                if (contestId is null || output.Json)
                {
                    Print(output, report);
                }
                else
                {
                    // Not "N cast vote records tabulated", N being every ballot in the store: the ones this contest is on.
                    var carrying = tabulation.Contests[index].Units.Where(u => u.Source == CountSource.CastVoteRecords).Sum(u => u.BallotsCast ?? 0);
                    Print(output, report,
                        $"{carrying.ToString("N0", CultureInfo.InvariantCulture)} of the store's {Quantity.Of(tabulation.BallotsCounted, "cast vote record")} {(carrying == 1 ? "carries" : "carry")} {contestId}");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary>"ballots 18, overvotes 1, undervotes 1 where counted; Ridge County reported votes only": "where counted" when
    /// a count is known for some units only, and the counties that reported none of them.</summary>
    private static string KnownCountsLine(ContestReport contest, KnownCounts known)
    {
        var votesOnly = known.VotesOnly.Count switch
        {
            0 => null,
            1 => known.VotesOnly[0].Name + " reported",
            2 or 3 => string.Join(", ", known.VotesOnly.Take(known.VotesOnly.Count - 1).Select(u => u.Name)) + " and " + known.VotesOnly[^1].Name + " reported",
            _ => Quantity.Of(known.VotesOnly.Count, "county", "counties") + " reported",
        };
        if (known.BallotsCast is null && known.Overvotes is null && known.Undervotes is null)
        {
            return $"ballots, overvotes and undervotes not known: {votesOnly} votes only";
        }

        var partly = (contest.BallotsCast is null && known.BallotsCast is not null)
            || (contest.Overvotes is null && known.Overvotes is not null)
            || (contest.Undervotes is null && known.Undervotes is not null);
        return Counts(known.BallotsCast, known.Overvotes, known.Undervotes)
            + (partly ? " where counted" : "") + (votesOnly is null ? "" : $"; {votesOnly} votes only");
    }

    /// <summary>"ballots 18, overvotes 1, undervotes 1", leaving out what is not known; empty when nothing is.</summary>
    private static string Counts(long? ballots, long? overvotes, long? undervotes)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(", ", new (string Name, long? Count)[] { ("ballots", ballots), ("overvotes", overvotes), ("undervotes", undervotes) }
            .Where(p => p.Count is not null)
            .Select(p => p.Name + " " + p.Count!.Value.ToString("N0", c)));
    }

    /// <summary>Prints <paramref name="report"/>, in text under <paramref name="headline"/> (by default how many cast vote
    /// records were tabulated).</summary>
    internal static void Print(Output output, TabulationReport report, string? headline = null)
    {
        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.TabulationReport);
            return;
        }

        var c = CultureInfo.InvariantCulture;
        output.Line(headline ?? $"{Quantity.Of(report.BallotsCounted, "cast vote record")} tabulated");
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

            var counts = Counts(contest.BallotsCast, contest.Overvotes, contest.Undervotes);
            if (contest.KnownCounts is { } known)
            {
                output.Line("  " + KnownCountsLine(contest, known));
            }
            else if (counts.Length > 0)
            {
                output.Line("  " + counts);
            }

            foreach (var ignored in contest.IgnoredRollUps ?? [])
            {
                output.Line("  roll-up left out of the count: " + ignored);
            }

            if (contest.IgnoredRollUps is { Count: > 0 })
            {
                output.Line("  no winner while a reported total is left out: the count does not add up");
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
