using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Audits;
using nietras.SeparatedValues;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass demo paper --out DIR</c>: stands in for the demo's audit boards. The demo has no paper, so this
/// writes the interpretations CSV (with a Jurisdiction column) the boards would enter if every sampled ballot's paper showed exactly what
/// its CVR says. For demonstrations and tests only: a real audit's entries come from reading the paper.</summary>
internal static class DemoPaperCommand
{
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "The directory to write paper-round-N.csv to (one row per sampled ballot and contest, with its county).", Required = true };
        return AuditCommand.Verb("paper", "Demo only: write audit-board entries for the open round in which the paper agrees with every CVR.", writes: false, [outDir],
            async (parse, output, session, state, ct) =>
            {
                if (state.OpenRound is not { } round)
                {
                    return output.Problem(ProblemCodes.Inconsistent, "No audit round is open: run 'canvass audit sample' first.");
                }

                var directory = parse.GetValue(outDir)!;
                directory.Create();
                var marks = await AuditMeasurement.CvrMarksAsync(session, [round], ct);
                var path = Path.Combine(directory.FullName, $"paper-round-{round.Number.ToString(CultureInfo.InvariantCulture)}.csv");
                Write(path, round.Sample.Ballots, state, marks, session.Index);
                List<RetrievalListFile> files = [new("all", round.Sample.Ballots.Length, path)];

                if (output.Json)
                {
                    output.WriteJson(files, CliJsonContext.Default.ListRetrievalListFile);
                }
                else
                {
                    foreach (var f in files)
                    {
                        output.Line($"{f.County}: {f.Ballots.ToString("N0", CultureInfo.InvariantCulture)} ballots → {f.Path}");
                    }
                }

                return ExitCodes.Ok;
            });
    }

    private static void Write(
        string path, IEnumerable<SampledBallot> county, Canvass.Audit.Workflow.AuditState state,
        IReadOnlyDictionary<string, System.Collections.Immutable.ImmutableArray<Domain.Ballots.ContestMarks>> marks, Domain.Elections.ElectionIndex index)
    {
        var definition = index.Definition;
        using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path))
        {
            foreach (var b in county)
            {
                foreach (var contest in state.Audit!.Contests.Where(c => c.Counties.Contains(b.County)))
                {
                    index.TryGetContest(new Domain.Elections.ContestId(contest.Contest), out int position);
                    var cvr = b.BallotId is { } id && marks.TryGetValue(id, out var m) ? m.FirstOrDefault(x => x.Contest == position) : default;
                    var choices = cvr.Marks.IsDefault ? [] : cvr.Marks.Select(x => definition.Contests[position].Selections[x.Selection].Id.Value).ToList();
                    using var row = writer.NewRow();
                    row["Jurisdiction"].Set(b.County);
                    row["Tabulator"].Set(b.Tabulator ?? "");
                    row["Batch Name"].Set(b.Batch);
                    row["Ballot Number"].Set(b.Position.ToString(CultureInfo.InvariantCulture));
                    row["Contest"].Set(contest.Contest);
                    row["Interpretation"].Set(b.BallotId is null ? InterpretationReader.NotFound
                        : cvr.Marks.IsDefault ? Interpretations.NotOnBallot
                        : choices.Count == 0 ? Interpretations.Blank
                        : Interpretations.Vote);
                    var ranking = RankedChoiceAudit.IsRanked(state, contest.Contest) && !cvr.Marks.IsDefault ? RankedChoiceAudit.Text(cvr, definition.Contests[position]) : null;
                    row["Choices"].Set(ranking ?? string.Join("|", choices));
                    row["Overvote"].Set((ranking is null ? choices.Count > contest.VotesAllowed : ranking.Contains('|', StringComparison.Ordinal)) ? "yes" : "no");
                }
            }
        }
    }
}
