using System.Collections.Immutable;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Results;
using Canvass.Domain;
using Canvass.Formats.Common;
using nietras.SeparatedValues;

namespace Canvass.Cli.Audit;

/// <summary>The batch-comparison parts of the audit commands: the reported batch tallies from the committed CVRs, the
/// audit boards' tally sheets, and the batch retrieval lists.</summary>
internal static class BatchAudit
{
    public static readonly string[] RetrievalColumns = ["Jurisdiction", "Container", "Tabulator", "Batch Name", "Ticket Numbers", "Already Audited"];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Each audited contest's tally in every manifest batch of its counties, counted from the batch's committed
    /// CVRs (the k-th CVR of county C with batch B is the manifest's ballot k of B; an overvoted contest counts no vote).
    /// Problems when two batches of a jurisdiction share a name (Arlo's batch key is (jurisdiction, batch name)).</summary>
    public static async Task<ImmutableArray<ReportedBatchTally>> ReportAsync(
        ElectionSession session, AuditState state, IReadOnlyList<AuditedContest> contests, List<Problem> problems, CancellationToken ct)
    {
        var counties = contests.SelectMany(c => c.Counties).ToHashSet(StringComparer.Ordinal);
        foreach (var dup in state.BatchesOf(counties.Order(StringComparer.Ordinal)).GroupBy(b => (b.Jurisdiction, b.Batch)).Where(g => g.Count() > 1))
        {
            problems.Add(new Problem(ProblemCodes.DuplicateId,
                $"The manifest names batch '{dup.Key.Batch}' of {dup.Key.Jurisdiction} {dup.Count().ToString(C)} times (under different tabulators); a batch-comparison audit keys batches by jurisdiction and batch name, so batch names must be unique in a jurisdiction.",
                Path: "--type"));
        }

        if (problems.Count > 0)
        {
            return [];
        }

        var counter = new BatchVoteCounter(contests, session.Index);
        await foreach (var ballot in session.Store.ReadBallotsAsync(ct))
        {
            if (counter.Counts(ballot.County, ballot.BatchId))
            {
                counter.Add(ballot.County, ballot.BatchId, BallotEncoding.DecodeMarks(ballot.Marks, session.Index));
            }
        }

        return counter.Report(state);
    }

    /// <summary>The batches a batch-comparison round's tally sheets may name: the round's drawn batches, each with the
    /// audited contests it contains and its manifest ballots.</summary>
    public static TallySheetFrame SheetFrame(AuditState state, AuditRound round)
    {
        var audit = state.Audit!;
        var ballots = state.ReportedBatches.GroupBy(r => (r.County, r.Batch)).ToDictionary(g => g.Key, g => g.First().Ballots);
        return new TallySheetFrame(
            audit.Contests,
            [.. round.Batches.Select(b => new TallyBatch(b.County, b.Jurisdiction, b.Tabulator, b.Batch, ballots.GetValueOrDefault((b.County, b.Batch)),
                [.. BatchAuditMath.ContestsOf(state, b).Select(id => audit.Contests.First(c => c.Contest == id))]))],
            $"round {round.Number.ToString(C)}'s sample",
            KeyedByTabulator: false,
            AsFound: false);
    }

    /// <summary>The batches a full hand tally's tally sheets may name (ballot polling or comparison, entered per batch):
    /// every batch of the frame, each with the hand-counted contests of its county and its manifest ballots; with
    /// <paramref name="county"/>, only that county's (what one board's sheet may name), so that a check of each sheet
    /// does not build the whole frame of a state's twenty thousand batches again.</summary>
    public static TallySheetFrame SheetFrame(AuditState state, AuditRound round, HandTallyFrameFixed frame, string? county = null)
    {
        var counted = FullHandTally.HandCounted(state.Audit!, round);
        var contest = state.Audit!.Contests.First(c => c.Contest == frame.Contest);
        return new TallySheetFrame(
            counted,
            [.. state.BatchesOf(contest.Counties.Where(c => county is null || c == county)).Select(b => new TallyBatch(b.County, b.Jurisdiction, b.Tabulator, b.Batch, b.Ballots,
                [.. counted.Where(c => c.Counties.Contains(b.County))]))],
            $"the full hand tally's frame (round {round.Number.ToString(C)})",
            KeyedByTabulator: true,
            AsFound: true);
    }

    /// <summary>Reads a tally sheet (columns <c>Jurisdiction</c>, <c>Batch Name</c>, optional <c>Tabulator</c> and
    /// <c>Ballots</c>, and one column per selection id of the sheet's contests) and checks every row against the batches
    /// it may name: a batch outside them, another county's batch (with <paramref name="countyId"/>), a batch entered
    /// twice, or a count that is not a whole number is refused. Votes the batch's manifest ballots cannot hold are refused
    /// too (batch comparison), or, in a full hand tally (<see cref="TallySheetFrame.AsFound"/>), kept as entered and added
    /// to <paramref name="accounting"/>, as is every <c>Ballots</c> that differs from the manifest's.</summary>
    public static ImmutableArray<AuditedBatchTally> ReadTallies(
        string path, string? countyId, TallySheetFrame frame, ElectionDefinition definition, ProblemList problems, List<BallotAccountingDiscrepancy> accounting)
    {
        var selections = frame.Contests.SelectMany(c => c.Choices.Select(s => (Contest: c, s.Selection))).ToList();
        var batches = frame.Batches.ToLookup(b => (b.County, b.Batch));
        var result = ImmutableArray.CreateBuilder<AuditedBatchTally>();
        var seen = new HashSet<(string, string?, string)>();
        using var file = File.OpenRead(path);
        long line = 1;
        try
        {
            // Read as every Canvass CSV is: strict UTF-8 and RFC 4180 quoting, blank lines skipped, rows as wide as the header.
            using var text = StrictUtf8.CreateReader(file);
            using var reader = HeaderedCsv.Open(text, problems, out var headerLine);
            if (reader is null)
            {
                return [];
            }

            var names = new string[reader.Current.ColCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = HeaderedCsv.Text(reader.Current, i, headerLine, "header", problems)?.Trim() ?? "";
            }

            int Col(string name) => Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            string[] fixedColumns = ["Jurisdiction", "Batch Name", "Tabulator", "Ballots"];
            foreach (var name in new[] { "Jurisdiction", "Batch Name" }.Where(n => Col(n) < 0))
            {
                problems.Add(ProblemCodes.Schema, $"The required column '{name}' is missing.", headerLine, name);
            }

            foreach (var (contest, selection) in selections.Where(s => Array.IndexOf(names, s.Selection) < 0))
            {
                problems.Add(ProblemCodes.Schema, $"The column '{selection}' (a selection of audited contest {contest.Contest}) is missing.", headerLine, selection);
            }

            for (var i = 0; i < names.Length; i++)
            {
                var name = names[i];
                if (!fixedColumns.Contains(name, StringComparer.OrdinalIgnoreCase) && selections.All(s => s.Selection != name))
                {
                    problems.Add(ProblemCodes.Schema, $"Unexpected column '{name}'. Allowed: {string.Join(", ", fixedColumns.Concat(selections.Select(s => s.Selection)))}.", headerLine, name);
                }
                else if ((fixedColumns.Contains(name, StringComparer.OrdinalIgnoreCase) ? Col(name) : Array.IndexOf(names, name)) != i)
                {
                    problems.Add(ProblemCodes.Schema, $"The column '{name}' appears twice.", headerLine, name);
                }
            }

            if (problems.HasProblems)
            {
                return [];
            }

            while (HeaderedCsv.NextRecord(reader, names.Length, problems, ref line))
            {
                var row = reader.Current;
                var cells = new string[row.ColCount];
                var readable = true;
                for (var i = 0; i < cells.Length; i++)
                {
                    var cell = HeaderedCsv.Text(row, i, line, names[i], problems);
                    readable &= cell is not null;
                    cells[i] = cell?.Trim() ?? "";
                }

                if (!readable)
                {
                    continue; // a field that is not CSV, already reported
                }

                string Get(string name) => Col(name) is var c and >= 0 ? cells[c] : "";
                if (Row(Get("Jurisdiction"), Get("Batch Name"), Get("Tabulator"), line) is not { } batch)
                {
                    continue;
                }

                long? ballots = null;
                if (Get("Ballots") is { Length: > 0 } ballotText)
                {
                    if (CountText.TryParse(ballotText, out var n) is not { } why)
                    {
                        ballots = n;
                    }
                    else
                    {
                        problems.Add(ProblemCodes.BadCount, $"'{ballotText}' {why} of ballots.", line, "Ballots");
                    }
                }

                if (BallotAccounting.Ballots(batch.County, batch.Tabulator, batch.Batch, batch.Ballots, ballots) is { } counted)
                {
                    accounting.Add(counted);
                }

                foreach (var contest in batch.Contests)
                {
                    if (Counted(contest, cells, names, batch, ballots, line) is { } votes)
                    {
                        result.Add(new AuditedBatchTally(batch.County, batch.Batch, contest.Contest, ballots, votes) { Tabulator = frame.KeyedByTabulator ? batch.Tabulator : null });
                    }
                }
            }
        }
        catch (Exception e) when (HeaderedCsv.IsUnreadable(e))
        {
            HeaderedCsv.AddUnreadable(e, file, line, problems);
        }

        return result.ToImmutable();

        // The batch a row names, or null with the problem added.
        TallyBatch? Row(string jurisdiction, string batchName, string tabulator, long line)
        {
            var rowCounty = InterpretationReader.ResolveCounty(definition, jurisdiction);
            if (rowCounty is null)
            {
                problems.Add(ProblemCodes.UnknownReference, $"'{jurisdiction}' is not a county of the election.", line, "Jurisdiction");
                return null;
            }

            if (countyId is not null && rowCounty != countyId)
            {
                problems.Add(ProblemCodes.UnknownReference,
                    $"Batch {batchName} is {rowCounty}'s, not {countyId}'s; a county's audit board cannot enter another county's batch.", line, "Jurisdiction");
                return null;
            }

            var matches = batches[(rowCounty, batchName)].Where(b => tabulator.Length == 0 || b.Tabulator == tabulator).ToList();
            if (matches.Count == 0)
            {
                problems.Add(ProblemCodes.UnknownReference, $"Batch {batchName} of {jurisdiction} is not in {frame.Scope}.", line, "Batch Name");
                return null;
            }

            if (matches.Count > 1)
            {
                problems.Add(ProblemCodes.UnknownReference,
                    $"Batch {batchName} of {jurisdiction} is under {matches.Count.ToString(C)} tabulators ({string.Join(", ", matches.Select(m => m.Tabulator))}); name its tabulator in a Tabulator column.", line, "Tabulator");
                return null;
            }

            if (!seen.Add((rowCounty, matches[0].Tabulator, batchName)))
            {
                problems.Add(ProblemCodes.DuplicateId, $"Batch {batchName} of {jurisdiction} is entered more than once.", line, "Batch Name");
                return null;
            }

            return matches[0];
        }

        // The contest's votes on the row, or null with the problems added: each a count, none above the ballots the row
        // itself counts and no more in all than those ballots times the votes allowed (a sheet that does not add up), and
        // (batch comparison) the same against the batch's manifest ballots. A full hand tally keeps votes the manifest
        // cannot hold as a ballot-accounting discrepancy.
        ImmutableArray<ReportedChoice>? Counted(AuditedContest contest, string[] cells, string[] names, TallyBatch batch, long? ballots, long line)
        {
            var counted = new List<ReportedChoice>();
            foreach (var choice in contest.Choices)
            {
                var cell = cells[Array.IndexOf(names, choice.Selection)];
                if (CountText.TryParse(cell, out var v) is { } why)
                {
                    problems.Add(ProblemCodes.BadCount, $"'{cell}' {why} of votes for {choice.Selection} (contest {contest.Contest}).", line, choice.Selection);
                    continue;
                }

                counted.Add(new ReportedChoice(choice.Selection, v));
            }

            if (counted.Count != contest.Choices.Length)
            {
                return null;
            }

            var impossible = ballots is { } n ? TallySheetArithmetic.Beyond(contest, n, counted) : [];
            foreach (var e in impossible)
            {
                problems.Add(ProblemCodes.BadCount, TallySheetArithmetic.Describe(e, batch.Batch, contest.VotesAllowed), line, e.Selection ?? "Ballots");
            }

            var beyond = BallotAccounting.Votes(contest, batch.County, batch.Tabulator, batch.Batch, batch.Ballots, counted).ToList();
            if (frame.AsFound)
            {
                if (!impossible.IsEmpty)
                {
                    return null;
                }

                accounting.AddRange(beyond);
                return [.. counted];
            }

            foreach (var d in beyond)
            {
                problems.Add(ProblemCodes.BadCount, BeyondManifest(d, batch.Batch, contest.VotesAllowed), line, d.Selection ?? contest.Choices[0].Selection);
            }

            return impossible.IsEmpty && beyond.Count == 0 ? [.. counted] : null;
        }
    }

    /// <summary>One sentence on batch-comparison votes a batch's manifest ballots cannot hold, for people.</summary>
    /// <param name="d">What does not fit.</param>
    /// <param name="batch">The batch as people know it: its name, or its name and jurisdiction.</param>
    /// <param name="votesAllowed">The contest's votes allowed per ballot.</param>
    public static string BeyondManifest(BallotAccountingDiscrepancy d, string batch, int votesAllowed) =>
        d.Kind == BallotAccountingKinds.SelectionVotes
            ? $"{d.Shown.ToString(C)} votes for {d.Selection} (contest {d.Contest}) in batch {batch}, which holds {d.ManifestBallots.ToString(C)} ballots in the manifest; a ballot marks a selection at most once."
            : $"The votes of contest {d.Contest} in batch {batch} add up to {d.Shown.ToString(C)}, more than its {Quantity.Of(d.ManifestBallots, "ballot")} in the manifest can hold ({Quantity.Of(votesAllowed, "vote")} each).";

    /// <summary>One CSV per county of the round's batches: jurisdiction, container, tabulator, batch and ticket numbers.</summary>
    public static List<Commands.RetrievalListFile> WriteRetrievalLists(AuditState state, int number, string directory)
    {
        var round = state.Rounds[number - 1];
        var earlier = state.Rounds.Take(number - 1).SelectMany(r => r.Batches).Select(b => (b.County, b.Batch)).ToHashSet();
        var files = new List<Commands.RetrievalListFile>();
        foreach (var county in round.Batches.GroupBy(b => b.County).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, $"retrieval-list-round-{number.ToString(C)}-{county.Key}.csv");
            using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path))
            {
                foreach (var b in county.OrderBy(b => b.Container, StringComparer.Ordinal).ThenBy(b => b.Tabulator, StringComparer.Ordinal).ThenBy(b => b.Batch, StringComparer.Ordinal))
                {
                    using var row = writer.NewRow();
                    row[RetrievalColumns[0]].Set(b.Jurisdiction);
                    row[RetrievalColumns[1]].Set(b.Container ?? "");
                    row[RetrievalColumns[2]].Set(b.Tabulator ?? "");
                    row[RetrievalColumns[3]].Set(b.Batch);
                    row[RetrievalColumns[4]].Set(string.Join("; ", b.Draws.Select(d => $"{d.Contest}: {d.Ticket}")));
                    row[RetrievalColumns[5]].Set(earlier.Contains((b.County, b.Batch)) ? "Yes" : "No");
                }
            }

            files.Add(new Commands.RetrievalListFile(county.Key, county.Count(), path));
        }

        return files;
    }

    /// <summary>The columns of a full hand tally's retrieval list: every batch of the frame, with its manifest ballots.</summary>
    public static readonly string[] FrameRetrievalColumns = ["Jurisdiction", "Container", "Tabulator", "Batch Name", "Number of Ballots"];

    /// <summary>One CSV per county of a per-batch full hand tally's frame: every batch the boards tally, in manifest order.</summary>
    public static List<Commands.RetrievalListFile> WriteFrameRetrievalLists(AuditState state, int number, HandTallyFrameFixed frame, string directory)
    {
        var contest = state.Audit!.Contests.First(c => c.Contest == frame.Contest);
        var files = new List<Commands.RetrievalListFile>();
        foreach (var county in state.BatchesOf(contest.Counties).GroupBy(b => b.County).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, $"retrieval-list-round-{number.ToString(C)}-{county.Key}.csv");
            using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path))
            {
                foreach (var b in county)
                {
                    using var row = writer.NewRow();
                    row[FrameRetrievalColumns[0]].Set(b.Jurisdiction);
                    row[FrameRetrievalColumns[1]].Set(b.Container ?? "");
                    row[FrameRetrievalColumns[2]].Set(b.Tabulator ?? "");
                    row[FrameRetrievalColumns[3]].Set(b.Batch);
                    row[FrameRetrievalColumns[4]].Set(b.Ballots.ToString(C));
                }
            }

            files.Add(new Commands.RetrievalListFile(county.Key, county.Count(), path));
        }

        return files;
    }

    /// <summary>The report's FULL HAND TALLY BATCH RESULTS section (Arlo's name): per full hand tally round entered per
    /// batch, every batch of its frame with its manifest ballots and each contest's tally, or no tally sheet.</summary>
    public static (string Title, string[] Header, List<string[]> Rows)? FrameReportSection(AuditState state)
    {
        var rows = new List<string[]>();
        foreach (var round in state.Rounds.Where(r => r.HandTallyFrame is not null))
        {
            var counted = FullHandTally.HandCounted(state.Audit!, round);
            var contest = state.Audit!.Contests.First(c => c.Contest == round.HandTallyFrame!.Contest);
            foreach (var b in state.BatchesOf(contest.Counties))
            {
                var tallies = counted.Where(c => c.Counties.Contains(b.County))
                    .Select(c => round.BatchTallies.GetValueOrDefault(FullHandTally.Key(b, c.Contest))).OfType<AuditedBatchTally>().ToList();
                rows.Add(
                [
                    round.Number.ToString(C), b.Jurisdiction, b.Container ?? "", b.Tabulator ?? "", b.Batch, b.Ballots.ToString(C),
                    tallies.Count == 0 ? "No" : "Yes",
                    tallies.FirstOrDefault(t => t.Ballots is not null)?.Ballots?.ToString(C) ?? "",
                    string.Join("; ", tallies.Select(t => $"{t.Contest}: {Votes(t.Votes)}")),
                ]);
            }
        }

        return rows.Count == 0 ? null
            : ("FULL HAND TALLY BATCH RESULTS", ["Round", "Jurisdiction", "Container", "Tabulator", "Batch Name", "Manifest Ballots", "Tallied?", "Ballots Counted", "Hand Tally"], rows);
    }

    /// <summary>The report's BALLOT ACCOUNTING DISCREPANCIES section, beside FULL HAND TALLY BATCH RESULTS: per full hand
    /// tally round, every batch whose paper did not fit its manifest ballots when the round closed, what the board entered
    /// and what the manifest allows, and the officials' explanation, if one is recorded yet.</summary>
    public static (string Title, string[] Header, List<string[]> Rows)? AccountingReportSection(AuditState state)
    {
        var rows = new List<string[]>();
        foreach (var round in state.Rounds.Where(r => r.Closed?.AccountingDiscrepancies is { Length: > 0 }))
        {
            foreach (var d in round.Closed!.AccountingDiscrepancies!)
            {
                var batch = state.BatchesOf([d.County]).FirstOrDefault(b => b.Tabulator == d.Tabulator && b.Batch == d.Batch);
                var explanation = round.Explanations.FirstOrDefault(x => BallotAccounting.Explains(x, d));
                rows.Add(
                [
                    round.Number.ToString(C), batch?.Jurisdiction ?? d.County, batch?.Container ?? "", d.Tabulator ?? "", d.Batch, d.ManifestBallots.ToString(C),
                    d.Kind, d.Contest ?? "", d.Selection ?? "", d.Shown.ToString(C), d.Allowed.ToString(C),
                    explanation is null ? "No" : "Yes", explanation?.Explanation ?? "",
                ]);
            }
        }

        return rows.Count == 0 ? null
            : ("BALLOT ACCOUNTING DISCREPANCIES", ["Round", "Jurisdiction", "Container", "Tabulator", "Batch Name", "Manifest Ballots", "Discrepancy", "Contest", "Selection", "Entered", "Manifest Allows", "Explained?", "Explanation"], rows);
    }

    /// <summary>The report's SAMPLED BATCHES section: per round and batch, its manifest ballots, tickets, reported and
    /// audited tallies, and the ballots the board's sheet counted (its <c>Ballots</c> column, when it had one) — a count that
    /// differs from the manifest is recorded with a warning, and an observer reading the report should see it too.</summary>
    public static (string Title, string[] Header, List<string[]> Rows) ReportSection(AuditState state)
    {
        var audited = state.AuditedBatches;
        var rows = new List<string[]>();
        foreach (var round in state.Rounds)
        {
            foreach (var b in round.Batches)
            {
                var inBatch = state.ReportedBatches.Where(r => r.County == b.County && r.Batch == b.Batch).ToList();
                var reported = inBatch.Where(r => !r.Votes.IsEmpty).ToList();
                var sheets = reported.Select(r => audited.GetValueOrDefault(new BatchTallyKey(b.County, b.Batch, r.Contest))).OfType<AuditedBatchTally>().ToList();
                rows.Add(
                [
                    round.Number.ToString(C), b.Jurisdiction, b.Container ?? "", b.Tabulator ?? "", b.Batch,
                    inBatch.Count == 0 ? "" : inBatch[0].Ballots.ToString(C),
                    string.Join("; ", b.Draws.Select(d => $"{d.Contest}: {d.Ticket}")),
                    string.Join("; ", reported.Select(r => $"{r.Contest}: {Votes(r.Votes)}")),
                    string.Join("; ", sheets.Select(t => $"{t.Contest}: {Votes(t.Votes)}")),
                    string.Join("; ", sheets.Select(t => t.Ballots).OfType<long>().Distinct().Select(n => n.ToString(C))),
                ]);
            }
        }

        return ("SAMPLED BATCHES", ["Round", "Jurisdiction", "Container", "Tabulator", "Batch Name", "Manifest Ballots", "Ticket Numbers", "Reported Tally", "Audited Tally", "Audited Ballots"], rows);
    }

    private static string Votes(ImmutableArray<ReportedChoice> votes) => string.Join(", ", votes.Select(v => $"{v.Selection} {v.Votes.ToString(C)}"));
}

/// <summary>What a tally sheet's rows are checked against.</summary>
/// <param name="Contests">The contests whose selections are the sheet's columns.</param>
/// <param name="Batches">The batches a row may name.</param>
/// <param name="Scope">What those batches are, for a refusal ("round 2's sample").</param>
/// <param name="KeyedByTabulator">Whether a tally is kept with its batch's tabulator (a ballot audit's full hand tally,
/// whose batch names may repeat under two tabulators of a county).</param>
/// <param name="AsFound">Whether votes the batch's manifest ballots cannot hold are recorded as entered, as a
/// ballot-accounting discrepancy (a full hand tally: the paper is the count), instead of refused (batch comparison:
/// MACRO's error bound for a batch rests on its manifest ballots).</param>
internal sealed record TallySheetFrame(IReadOnlyList<AuditedContest> Contests, IReadOnlyList<TallyBatch> Batches, string Scope, bool KeyedByTabulator, bool AsFound);

/// <summary>A batch a tally sheet may name.</summary>
/// <param name="County">The county id.</param>
/// <param name="Jurisdiction">The jurisdiction as the manifest names it.</param>
/// <param name="Tabulator">The tabulator, if the manifest names one.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Ballots">The ballots the manifest gives the batch: no selection can have more votes.</param>
/// <param name="Contests">The contests the batch holds: the row's tallies.</param>
internal sealed record TallyBatch(string County, string Jurisdiction, string? Tabulator, string Batch, int Ballots, IReadOnlyList<AuditedContest> Contests);
