using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Electoral;
using Canvass.Domain.Electoral;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass electoral [--store S] [--contest C] [--rules FILE] [--cast FILE] [--json]</c>: the Electoral College
/// roll-up of a presidential contest.</summary>
internal static class ElectoralCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var contest = new Option<string?>("--contest", "-c") { Description = "The Electoral College contest (default: the election's only one)." };
        var rules = new Option<FileInfo?>("--rules")
        {
            Description = "An Electoral College rules file (default: the built-in rules for the election's day, from rules/electoral/).",
        };
        var cast = new Option<FileInfo?>("--cast")
        {
            Description = "A CSV of the electoral votes cast (state_po, unit, electoral_votes_cast_NAME…), rolled up next to the pledged electors.",
        };
        var command = new Command("electoral",
            "Allocate each state's electors from its tabulated popular vote (winner-take-all, district method, ranked choice), roll them up to the majority of 538, and say who is elected or that a contingent election is required.")
        {
            store, contest, rules, cast, json,
        };
        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            return StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: true, mustExist: true, async session =>
            {
                var run = await Progress.RunAsync(output, "Tabulating",
                    p => ElectoralRollUp.RunAsync(session, parse.GetValue(contest), parse.GetValue(rules)?.FullName, p, ct));
                if (!run.IsSuccess)
                {
                    return output.Problems("The Electoral College cannot be rolled up.", run.Problems);
                }

                var (rulesUsed, contestId, allocation) = run.Value;
                ElectoralCastRollUp? castRollUp = null;
                if (parse.GetValue(cast) is { } castFile)
                {
                    var votes = ElectoralRollUp.ReadCast(castFile.FullName, session.Definition!, contestId);
                    var rolled = votes.IsSuccess ? ElectoralRollUp.RollUpCast(rulesUsed, castFile.FullName, votes.Value, allocation) : default;
                    if (!votes.IsSuccess || !rolled.IsSuccess)
                    {
                        return output.Problems("The electoral votes cast cannot be read.", votes.IsSuccess ? rolled.Problems : votes.Problems);
                    }

                    castRollUp = rolled.Value;
                }

                var castSource = parse.GetValue(cast)?.Name;
                if (castRollUp is null)
                {
                    // Without --cast, the electoral votes recorded as facts (canvass record elector-votes) are rolled up.
                    var recorded = await ElectoralRollUp.RecordedCastAsync(session.Store, rulesUsed, contestId, allocation, ct);
                    if (!recorded.IsSuccess)
                    {
                        return output.Problems("The recorded electoral votes cannot be rolled up.", recorded.Problems);
                    }

                    if (recorded.Value is { } rolled)
                    {
                        castRollUp = rolled;
                        castSource = "recorded elector-votes facts";
                    }
                }

                var report = ElectoralReport.From(session.Definition!, contestId, allocation, castRollUp, castSource);
                if (output.Json)
                {
                    output.WriteJson(report, CliJsonContext.Default.ElectoralReport);
                }
                else
                {
                    Print(output, report);
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    internal static void Print(Output output, ElectoralReport report)
    {
        var c = CultureInfo.InvariantCulture;
        output.Line($"Electoral College: {report.Contest} — {report.Rules}");
        output.Line($"{report.TotalElectors} electors; {report.Majority} to win");
        output.Line();
        output.Line($"  {"State",-28} {"Method",-30} {"EV",3}  Electors pledged");
        foreach (var s in report.States)
        {
            var method = s.Method == "winner-take-all" ? "winner-take-all" : "district";
            if (s.Counting == "ranked-choice")
            {
                method += ", ranked choice";
            }

            var electors = string.Join(", ", s.Electors.Select(e => $"{Short(e.Name)} {e.Votes}"));
            if (s.Unallocated > 0)
            {
                electors += (electors.Length > 0 ? ", " : "") + $"{s.Unallocated} undecided";
            }

            output.Line($"  {s.Name + " (" + s.State + ")",-28} {method,-30} {s.ElectoralVotes,3}  {electors}{(s.Split ? "  (split)" : "")}");
            if (s.Units.Count > 1)
            {
                foreach (var u in s.Units)
                {
                    output.Line($"    {u.Unit,-26} {"",-30} {u.ElectoralVotes,3}  {(u.WinnerName is { } w ? Short(w) : u.Status)}");
                }
            }

            foreach (var u in s.Units.Where(u => u.Problem is not null))
            {
                output.Line($"    {s.State} {u.Unit}: {u.Problem}.");
            }

            if (s.Deviations is { Count: > 0 } deviations)
            {
                var stateCast = s.Cast ?? [];
                string NameOf(string candidate) => Short(stateCast.Concat(s.Electors).FirstOrDefault(e => e.Candidate == candidate)?.Name ?? candidate);
                output.Line($"    cast: {string.Join(", ", stateCast.Select(e => $"{Short(e.Name)} {e.Votes}"))}"
                    + $"  (differs from pledged: {string.Join("; ", deviations.Select(d => $"{d.Office} {NameOf(d.Candidate)} pledged {d.Pledged}, cast {d.Cast}"))})");
            }
        }

        output.Line();
        output.Line($"Pledged electors: {Totals(report.Pledged)}{(report.Unallocated > 0 ? $"; {report.Unallocated.ToString(c)} undecided" : "")}");
        output.Line("Outcome: " + Describe(report.Outcome, report.Pledged, report.TotalElectors));
        if (report.Cast is { } cast)
        {
            output.Line();
            output.Line($"Electoral votes cast ({cast.Source}): {Totals(cast.President)}{(cast.NotCast > 0 ? $"; {cast.NotCast.ToString(c)} not cast" : "")}");
            output.Line(CastSummary(cast, report.States));
            output.Line("President: " + Describe(cast.PresidentOutcome, cast.President, report.TotalElectors));
            output.Line("Vice President: " + Describe(cast.VicePresidentOutcome, cast.VicePresident, report.TotalElectors, vicePresident: true));
        }
    }

    /// <summary>How the votes cast compare with the pledges: faithless votes, absent electors and states with no record are
    /// each counted, so that a shortfall is never summed up as "every elector voted as pledged".</summary>
    internal static string CastSummary(ElectoralCastReport cast, IReadOnlyList<ElectoralStateReport> states)
    {
        var c = CultureInfo.InvariantCulture;
        var absent = cast.NotCast - states.Where(s => cast.NotVoted.Contains(s.State)).Sum(s => s.ElectoralVotes);
        var parts = new List<string>();
        if (cast.Faithless > 0)
        {
            parts.Add($"{Quantity.Of(cast.Faithless, "presidential electoral vote")} cast otherwise than pledged (faithless electors), recorded as cast");
        }

        if (absent > 0)
        {
            parts.Add($"{Quantity.Of(absent, "elector")} of the states that voted cast no presidential vote");
        }

        if (cast.NotVoted.Count > 0)
        {
            parts.Add($"no votes recorded for {string.Join(", ", cast.NotVoted)} ({(cast.NotCast - absent).ToString(c)} electors)");
        }

        if (parts.Count == 0)
        {
            return cast.Deviations.Count == 0
                ? "Every elector voted as pledged."
                : "No elector pledged to a candidate voted otherwise; the electors pledged to nobody voted as listed.";
        }

        return string.Concat(parts[0][..1].ToUpperInvariant(), parts[0][1..], parts.Count > 1 ? "; " + string.Join("; ", parts.Skip(1)) : "", ".");
    }

    /// <summary>One line: elected, contingent election (with the finalists), or undetermined. For the Vice President,
    /// a ticket elected is named by its running mate ("Kamala D. Harris", not the ticket "Joseph R. Biden Jr. / Kamala D.
    /// Harris").</summary>
    internal static string Describe(ElectoralOutcomeReport outcome, IReadOnlyList<ElectoralVotesReport> totals, int electors, bool vicePresident = false)
    {
        var c = CultureInfo.InvariantCulture;
        var winner = vicePresident && outcome.WinnerName is { } ticket && ticket.Contains(" / ", StringComparison.Ordinal) ? ticket.Split(" / ")[1].Trim() : outcome.WinnerName;
        return outcome.Kind switch
        {
            "elected" => $"{winner} elected with {totals.First(t => t.Candidate == outcome.Winner).Votes.ToString(c)} of {electors.ToString(c)} electoral votes ({outcome.Majority.ToString(c)} needed).",
            "contingent-election-required" =>
                $"nobody has {outcome.Majority.ToString(c)}: contingent election required (12th Amendment)"
                + (outcome.HouseCandidates is { } house ? $"; the House chooses the President among {string.Join(", ", house.Select(h => Short(Name(totals, h))))}, one vote per state, {outcome.StatesNeeded?.ToString(c)} states needed" : "")
                + (outcome.SenateCandidates is { } senate ? $"; the Senate chooses the Vice President among {string.Join(", ", senate.Select(h => RunningMate(Name(totals, h))))}" : "")
                + ".",
            _ => $"undetermined: nobody has {outcome.Majority.ToString(c)} yet and electoral votes are outstanding.",
        };
    }

    private static string Totals(IReadOnlyList<ElectoralVotesReport> totals) =>
        totals.Count == 0 ? "none yet" : string.Join(", ", totals.Select(t => $"{Short(t.Name)} {t.Votes.ToString(CultureInfo.InvariantCulture)}"));

    private static string Name(IReadOnlyList<ElectoralVotesReport> totals, string candidate) =>
        totals.FirstOrDefault(t => t.Candidate == candidate)?.Name ?? candidate;

    /// <summary>"Joseph R. Biden Jr. / Kamala D. Harris" → "Harris": the running mate's last name, for the Vice
    /// President's finalists (a name without a running mate is shortened as it is).</summary>
    private static string RunningMate(string name) => Short(name.Contains(" / ", StringComparison.Ordinal) ? name.Split(" / ")[1] : name);

    /// <summary>"Joseph R. Biden Jr. / Kamala D. Harris" → "Biden": the last word of the presidential name, without a
    /// suffix.</summary>
    internal static string Short(string name)
    {
        var president = name.Split(" / ")[0].Trim();
        var words = president.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var last = words.Length > 1 && words[^1].TrimEnd('.') is "Jr" or "Sr" or "II" or "III" ? words[^2] : words.LastOrDefault() ?? name;
        return last;
    }
}
