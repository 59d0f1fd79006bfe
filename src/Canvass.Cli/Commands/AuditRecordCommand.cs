using System.CommandLine;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Formats.Common;
using Canvass.Storage;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit record --county C (--file CSV | --batch B --position N [--vote CONTEST=SEL]…)</c>.</summary>
internal static class AuditRecordCommand
{
    public static Command Create()
    {
        var county = new Option<string?>("--county") { Description = "The county whose audit board entered these ballots (id or name). Without it, every row names its county in a Jurisdiction column." };
        var file = new Option<FileInfo?>("--file") { Description = "A CSV of interpretations: Batch Name, Ballot Number, Contest, Interpretation, Choices, Overvote; in a batch-comparison audit or a full hand tally, a tally sheet: Jurisdiction, Batch Name, [Tabulator], [Ballots], one column per selection id (see docs/auditing.md). A row whose votes its own Ballots cannot hold is refused; a full hand tally records ballots or votes a batch's manifest cannot hold as found, with a warning; batch comparison refuses such votes." };
        var batch = new Option<string?>("--batch") { Description = "One ballot from the command line: its batch." };
        var tabulator = new Option<string?>("--tabulator") { Description = "The ballot's tabulator, when the manifest names one." };
        var position = new Option<string?>("--position") { Description = "The ballot's number in its batch." };
        var notFound = new Option<bool>("--not-found") { Description = "The paper could not be found." };
        var vote = new Option<string[]>("--vote") { Description = "CONTEST=SELECTION[|SELECTION]: the marked choices.", AllowMultipleArgumentsPerToken = true };
        var overvote = new Option<string[]>("--overvote") { Description = "CONTEST=SELECTION|SELECTION…: more choices marked than allowed.", AllowMultipleArgumentsPerToken = true };
        var blank = new Option<string[]>("--blank") { Description = "CONTEST left blank.", AllowMultipleArgumentsPerToken = true };
        var cantAgree = new Option<string[]>("--cant-agree") { Description = "CONTEST the board could not agree on.", AllowMultipleArgumentsPerToken = true };
        var notOnBallot = new Option<string[]>("--not-on-ballot") { Description = "CONTEST not on this ballot.", AllowMultipleArgumentsPerToken = true };
        return AuditCommand.Verb("record", "Record what the paper of sampled ballots shows, as the county's audit board read it.", writes: true,
            [county, file, batch, tabulator, position, notFound, vote, overvote, blank, cantAgree, notOnBallot],
            async (parse, output, session, state, ct) =>
            {
                if (AuditStore.RequireAudit(state) is { } none)
                {
                    return output.Problem(none);
                }

                if (state.OpenRound is not { } round)
                {
                    return output.Problem(AuditStore.NoOpenRound(state));
                }

                var countyText = parse.GetValue(county);
                var countyId = countyText is null ? null : InterpretationReader.ResolveCounty(session.Definition!, countyText);
                if (countyText is not null && countyId is null)
                {
                    return output.Problems("Nothing was recorded.", [new Problem(ProblemCodes.UnknownReference, $"'{countyText}' is not a county of the election.", Path: "--county")]);
                }

                var path = parse.GetValue(file)?.FullName;
                var problems = new ProblemList(path);
                if (state.Audit!.AuditType == AuditTypes.BatchComparison)
                {
                    return await RecordBatchesAsync(output, session, state, round, countyId, path, problems, BatchAudit.SheetFrame(state, round), ct);
                }

                if (round.HandTallyFrame is { } frame)
                {
                    // A full hand tally is entered as Arlo enters one: a tally sheet per batch.
                    return await RecordBatchesAsync(output, session, state, round, countyId, path, problems, BatchAudit.SheetFrame(state, round, frame), ct);
                }

                List<InterpretationEntry> entries;
                if (path is not null)
                {
                    if (!File.Exists(path))
                    {
                        return output.Problem(ProblemCodes.Unreadable, "No such file.", path);
                    }

                    entries = InterpretationReader.ReadCsv(path, problems);
                }
                else
                {
                    entries = FromArgs(parse.GetValue(batch), parse.GetValue(tabulator), parse.GetValue(position), parse.GetValue(notFound),
                        [.. (parse.GetValue(vote) ?? []).Select(v => (v, Interpretations.Vote, false)),
                         .. (parse.GetValue(overvote) ?? []).Select(v => (v, Interpretations.Vote, true)),
                         .. (parse.GetValue(blank) ?? []).Select(v => (v, Interpretations.Blank, false)),
                         .. (parse.GetValue(cantAgree) ?? []).Select(v => (v, Interpretations.CantAgree, false)),
                         .. (parse.GetValue(notOnBallot) ?? []).Select(v => (v, Interpretations.NotOnBallot, false))],
                        problems);
                }

                var ballots = problems.HasProblems ? [] : InterpretationReader.Validate(entries, countyId, state, round, session.Definition!, problems);
                if (!problems.HasProblems && ballots.IsEmpty)
                {
                    problems.Add(ProblemCodes.EmptyFile, "No interpretations were given.");
                }

                if (problems.HasProblems)
                {
                    return output.Problems("The interpretations are not valid; nothing was recorded.", problems.ToImmutable());
                }

                var source = path is null ? "command line" : Path.GetFileName(path);
                var events = ballots.GroupBy(b => b.County).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new BallotsInterpreted(state.Audit!.AuditId, round.Number, g.Key, source, [.. g]))
                    .ToList();
                await session.Store.AppendAsync(Streams.Election, session.State.Version, events, null, ct);
                var afterState = events.Aggregate(state, Canvass.Audit.Workflow.AuditState.Apply);
                var after = afterState.OpenRound!;
                var entered = ballots.Select(b => (b.County, b.Tabulator, b.Batch)).ToHashSet();
                var accounting = BallotAccounting.Of(afterState, after).Where(d => entered.Contains((d.County, d.Tabulator, d.Batch))).ToList();
                var counties = events.Select(e => e.County).ToHashSet(StringComparer.Ordinal);
                var report = new AuditRecordReport(round.Number, counties.Count <= 3 ? string.Join(", ", counties.Order(StringComparer.Ordinal)) : $"{counties.Count} counties", ballots.Length,
                    after.Missing.Count(b => counties.Contains(b.County)), after.Missing.Count())
                {
                    AccountingDiscrepancies = accounting.Count == 0 ? null : accounting,
                };
                if (output.Json)
                {
                    output.WriteJson(report, CliJsonContext.Default.AuditRecordReport);
                }
                else
                {
                    var c = CultureInfo.InvariantCulture;
                    output.Line($"Recorded {Quantity.Of(report.Recorded, "ballot")} for {report.County} in round {report.Round.ToString(c)}; {report.RemainingInCounty.ToString("N0", c)} left in {Those(counties.Count)}, {report.RemainingInRound.ToString("N0", c)} in the round.");
                    WarnAccounting(output, afterState, accounting, AsFoundWarning);
                }

                return ExitCodes.Ok;
            });
    }

    private static async Task<int> RecordBatchesAsync(
        Output output, ElectionSession session, Canvass.Audit.Workflow.AuditState state, Canvass.Audit.Workflow.AuditRound round, string? countyId, string? path,
        ProblemList problems, TallySheetFrame frame, CancellationToken ct)
    {
        if (path is null)
        {
            return output.Problem(ProblemCodes.Schema,
                $"{(round.HandTallyFrame is null ? "A batch-comparison audit" : "A full hand tally")} records batch tallies from a tally sheet: give --file (Jurisdiction, Batch Name, [Tabulator], [Ballots], one column per selection).", "--file");
        }

        if (!File.Exists(path))
        {
            return output.Problem(ProblemCodes.Unreadable, "No such file.", path);
        }

        var accounting = new List<BallotAccountingDiscrepancy>();
        var tallies = BatchAudit.ReadTallies(path, countyId, frame, session.Definition!, problems, accounting);
        if (!problems.HasProblems && tallies.IsEmpty)
        {
            problems.Add(ProblemCodes.EmptyFile, "No batch tallies were given.");
        }

        if (problems.HasProblems)
        {
            return output.Problems("The batch tallies are not valid; nothing was recorded.", problems.ToImmutable());
        }

        var events = tallies.GroupBy(t => t.County).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BatchTalliesRecorded(state.Audit!.AuditId, round.Number, g.Key, Path.GetFileName(path), [.. g]))
            .ToList();
        await session.Store.AppendAsync(Streams.Election, session.State.Version, events, null, ct);
        var after = events.Aggregate(state, Canvass.Audit.Workflow.AuditState.Apply);
        var missing = after.OpenRound!.HandTallyFrame is null
            ? Canvass.Audit.Workflow.BatchAuditMath.Missing(after, after.OpenRound!).Select(b => b.County).ToList()
            : Canvass.Audit.Workflow.FullHandTally.MissingBatches(after, after.OpenRound!).Select(b => b.County).ToList();
        var counties = events.Select(e => e.County).ToHashSet(StringComparer.Ordinal);
        var report = new AuditRecordReport(round.Number, counties.Count <= 3 ? string.Join(", ", counties.Order(StringComparer.Ordinal)) : $"{counties.Count} counties", tallies.Select(t => (t.County, t.Tabulator, t.Batch)).Distinct().Count(),
            missing.Count(counties.Contains), missing.Count)
        {
            AccountingDiscrepancies = accounting.Count == 0 ? null : accounting,
        };
        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.AuditRecordReport);
        }
        else
        {
            var c = CultureInfo.InvariantCulture;
            output.Line($"Recorded {Quantity.Of(report.Recorded, "batch tally", "batch tallies")} for {report.County} in round {report.Round.ToString(c)}; {Quantity.Of(report.RemainingInCounty, "batch", "batches")} left in {Those(counties.Count)}, {report.RemainingInRound.ToString("N0", c)} in the round.");
            WarnAccounting(output, after, accounting, frame.AsFound ? AsFoundWarning
                : "Recorded as entered: MACRO measures the votes, which stay within the manifest's ballots, so the risk does not change; check the batch's ballots against its manifest.");
        }

        return ExitCodes.Ok;
    }

    private const string AsFoundWarning =
        "Recorded as entered: the hand count counts the paper as found. 'canvass audit close-round' will list it, and the audit cannot pass until the officials explain it ('canvass audit explain').";

    /// <summary>Warns of each ballot-accounting discrepancy the entry holds, naming the batch and by how much it differs.</summary>
    private static void WarnAccounting(Output output, Canvass.Audit.Workflow.AuditState state, IReadOnlyList<BallotAccountingDiscrepancy> accounting, string consequence)
    {
        foreach (var d in accounting)
        {
            output.Warning(BallotAccounting.Describe(state, d));
        }

        if (accounting.Count > 0)
        {
            output.Warning(consequence);
        }
    }

    /// <summary>Where the remaining count is: the one county recorded, or the several a file with a Jurisdiction column
    /// covered.</summary>
    private static string Those(int counties) => counties == 1 ? "the county" : "those counties";

    private static List<InterpretationEntry> FromArgs(
        string? batch, string? tabulator, string? position, bool notFound, List<(string Text, string Kind, bool Overvote)> contests, ProblemList problems)
    {
        if (batch is null || position is null)
        {
            problems.Add(ProblemCodes.Schema, "Give --file, or --batch and --position for one ballot.", path: "--batch");
            return [];
        }

        var entries = new List<InterpretationEntry>();
        if (notFound)
        {
            entries.Add(new InterpretationEntry(null, null, tabulator, batch, position, "", InterpretationReader.NotFound, "", ""));
        }

        foreach (var (text, kind, over) in contests)
        {
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            var contest = eq < 0 ? text : text[..eq];
            var choices = eq < 0 ? "" : text[(eq + 1)..];
            entries.Add(new InterpretationEntry(null, null, tabulator, batch, position, contest, kind, choices, over ? "yes" : ""));
        }

        if (entries.Count == 0)
        {
            problems.Add(ProblemCodes.Schema, "Say what the paper shows: --vote, --blank, --cant-agree, --not-on-ballot, --overvote or --not-found.", path: "--vote");
        }

        return entries;
    }
}

/// <summary>The <c>--json</c> of <c>canvass audit record</c>.</summary>
internal sealed record AuditRecordReport(int Round, string County, int Recorded, int RemainingInCounty, int RemainingInRound)
{
    /// <summary>The entered batches whose paper does not fit their manifest ballots, recorded as entered (null when none).</summary>
    public IReadOnlyList<BallotAccountingDiscrepancy>? AccountingDiscrepancies { get; init; }
}
