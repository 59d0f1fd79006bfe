using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Audits;
using nietras.SeparatedValues;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass demo paper --out DIR</c>: stands in for the demo's audit boards. The demo has no paper, so this
/// writes the interpretations CSV (with a Jurisdiction column) the boards would enter if every sampled ballot's paper showed exactly what
/// its CVR says; for a full hand tally entered per batch, the tally sheet of every batch as its CVRs count it, and for a
/// batch-comparison round, the tally sheet of every drawn batch as its reported tally gives it. For
/// demonstrations and tests only: a real audit's entries come from reading the paper.</summary>
internal static class DemoPaperCommand
{
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "The directory to write paper-round-N.csv to (one row per sampled ballot and contest, with its county), or tally-sheet-round-N.csv (one row per batch) for a batch-comparison round or a full hand tally.", Required = true };
        return AuditCommand.Verb("paper", "Demo only: write audit-board entries for the open round in which the paper agrees with every CVR.", writes: false, [outDir],
            async (parse, output, session, state, ct) =>
            {
                if (state.OpenRound is not { } round)
                {
                    return output.Problem(ProblemCodes.Inconsistent, "No audit round is open: run 'canvass audit sample' first.");
                }

                var directory = parse.GetValue(outDir)!;
                if (OutputPath.Folder(directory.FullName, "--out") is { } bad)
                {
                    return output.Problem(bad);
                }

                directory.Create();
                if (round.HandTallyFrame is { } frame)
                {
                    return await WriteTallySheetAsync(output, session, state, round, frame, directory.FullName, ct);
                }

                if (state.Audit!.AuditType == AuditTypes.BatchComparison)
                {
                    return WriteBatchSheet(output, state, round, directory.FullName);
                }

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

    /// <summary>A full hand tally entered per batch: one tally sheet (with a Jurisdiction column) whose every batch shows the
    /// votes its committed CVRs give. Batches of counties without CVRs are left out: only their paper can be counted.</summary>
    private static async Task<int> WriteTallySheetAsync(
        Output output, ElectionSession session, Canvass.Audit.Workflow.AuditState state, Canvass.Audit.Workflow.AuditRound round,
        Domain.Events.HandTallyFrameFixed frame, string directory, CancellationToken ct)
    {
        var contests = Canvass.Audit.Workflow.FullHandTally.HandCounted(state.Audit!, round);
        var problems = new List<Problem>();
        var tallies = await BatchAudit.ReportAsync(session, state, contests, problems, ct);
        if (problems.Count > 0)
        {
            return output.Problems("The demo cannot write a tally sheet for this frame.", problems);
        }

        var cvrCounties = state.CvrCounties;
        var byBatch = tallies.Where(t => cvrCounties.Contains(t.County)).GroupBy(t => (t.County, t.Jurisdiction, t.Tabulator, t.Batch)).ToList();
        return WriteSheet(output, directory, round, contests, byBatch, $"{frame.Contest}'s full hand tally");
    }

    /// <summary>A batch-comparison round: one tally sheet (with a Jurisdiction column) whose every drawn batch shows the
    /// tally its CVRs gave when the audit was created (the reported batch tallies the round compares with).</summary>
    private static int WriteBatchSheet(Output output, Canvass.Audit.Workflow.AuditState state, Canvass.Audit.Workflow.AuditRound round, string directory)
    {
        var drawn = round.Batches.Select(b => (b.County, b.Batch)).ToHashSet();
        var byBatch = state.ReportedBatches.Where(t => drawn.Contains((t.County, t.Batch))).GroupBy(t => (t.County, t.Jurisdiction, t.Tabulator, t.Batch)).ToList();
        return WriteSheet(output, directory, round, state.Audit!.Contests, byBatch, $"round {round.Number.ToString(CultureInfo.InvariantCulture)}'s sample");
    }

    /// <summary>Writes <c>tally-sheet-round-N.csv</c> and says so; <paramref name="what"/> names the batches it holds.</summary>
    private static int WriteSheet(
        Output output, string directory, Canvass.Audit.Workflow.AuditRound round, IReadOnlyList<AuditedContest> contests,
        List<IGrouping<(string County, string Jurisdiction, string? Tabulator, string Batch), ReportedBatchTally>> byBatch, string what)
    {
        var path = Path.Combine(directory, $"tally-sheet-round-{round.Number.ToString(CultureInfo.InvariantCulture)}.csv");
        WriteSheet(path, contests, byBatch);
        List<RetrievalListFile> files = [new("all", byBatch.Count, path)];
        if (output.Json)
        {
            output.WriteJson(files, CliJsonContext.Default.ListRetrievalListFile);
        }
        else
        {
            output.Line($"all: {Quantity.Of(byBatch.Count, "batch", "batches")} of {what} → {path}");
        }

        return ExitCodes.Ok;
    }

    private static void WriteSheet(string path, IReadOnlyList<AuditedContest> contests, IEnumerable<IGrouping<(string County, string Jurisdiction, string? Tabulator, string Batch), ReportedBatchTally>> byBatch)
    {
        using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path))
        {
            foreach (var batch in byBatch)
            {
                using var row = writer.NewRow();
                row["Jurisdiction"].Set(batch.Key.County);
                row["Tabulator"].Set(batch.Key.Tabulator ?? "");
                row["Batch Name"].Set(batch.Key.Batch);
                foreach (var contest in contests)
                {
                    var votes = batch.FirstOrDefault(t => t.Contest == contest.Contest)?.Votes ?? [];
                    foreach (var choice in contest.Choices)
                    {
                        row[choice.Selection].Set((votes.FirstOrDefault(v => v.Selection == choice.Selection)?.Votes ?? 0).ToString(CultureInfo.InvariantCulture));
                    }
                }
            }
        }
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
