using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Canvass.Audit.Workflow;
using Canvass.Cli.Imports;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
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

        var positions = contests.ToDictionary(c => c.Contest, c => session.Index.TryGetContest(new ContestId(c.Contest), out int p) ? p : -1, StringComparer.Ordinal);
        var votes = new Dictionary<(string County, string Batch, string Contest), long[]>();
        await foreach (var ballot in session.Store.ReadBallotsAsync(ct))
        {
            if (ballot.BatchId is null || !counties.Contains(ballot.County))
            {
                continue;
            }

            var marks = BallotEncoding.DecodeMarks(ballot.Marks, session.Index);
            foreach (var contest in contests.Where(c => c.Counties.Contains(ballot.County)))
            {
                var m = marks.FirstOrDefault(x => x.Contest == positions[contest.Contest]);
                if (m.Marks.IsDefault)
                {
                    continue;
                }

                var key = (ballot.County, ballot.BatchId, contest.Contest);
                if (!votes.TryGetValue(key, out var tally))
                {
                    votes[key] = tally = new long[contest.Choices.Length];
                }

                if (m.Marks.Length <= contest.VotesAllowed)
                {
                    foreach (var mark in m.Marks.Select(x => x.Selection).Distinct())
                    {
                        tally[mark]++;
                    }
                }
            }
        }

        var result = ImmutableArray.CreateBuilder<ReportedBatchTally>();
        foreach (var contest in contests)
        {
            foreach (var b in state.BatchesOf(contest.Counties))
            {
                var tally = votes.GetValueOrDefault((b.County, b.Batch, contest.Contest));
                result.Add(new ReportedBatchTally(contest.Contest, b.County, b.Jurisdiction, b.Container, b.Tabulator, b.Batch, b.Ballots,
                    tally is null ? [] : [.. contest.Choices.Select((c, i) => new ReportedChoice(c.Selection, tally[i]))]));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Reads a tally sheet (columns <c>Jurisdiction</c>, <c>Batch Name</c>, optional <c>Tabulator</c> and
    /// <c>Ballots</c>, and one column per selection id of the audited contests) and checks every row against the open
    /// round's sample: a batch not drawn, or (with <paramref name="countyId"/>) another county's batch, is refused.</summary>
    public static ImmutableArray<AuditedBatchTally> ReadTallies(
        string path, string? countyId, AuditState state, AuditRound round, ElectionDefinition definition, ProblemList problems)
    {
        var audit = state.Audit!;
        var selections = audit.Contests.SelectMany(c => c.Choices.Select(s => (Contest: c, s.Selection))).ToList();
        var result = ImmutableArray.CreateBuilder<AuditedBatchTally>();
        var seen = new HashSet<(string, string)>();
        using var file = File.OpenRead(path);
        try
        {
            using var text = StrictUtf8.CreateReader(file);
            using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
            if (!reader.MoveNext())
            {
                problems.Add(ProblemCodes.EmptyFile, "The file is empty.");
                return [];
            }

            var names = new string[reader.Current.ColCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = reader.Current[i].ToString().Trim();
            }

            int Col(string name) => Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            string[] fixedColumns = ["Jurisdiction", "Batch Name", "Tabulator", "Ballots"];
            foreach (var name in new[] { "Jurisdiction", "Batch Name" }.Where(n => Col(n) < 0))
            {
                problems.Add(ProblemCodes.Schema, $"The required column '{name}' is missing.", 1, name);
            }

            foreach (var (contest, selection) in selections.Where(s => Array.IndexOf(names, s.Selection) < 0))
            {
                problems.Add(ProblemCodes.Schema, $"The column '{selection}' (a selection of audited contest {contest.Contest}) is missing.", 1, selection);
            }

            foreach (var name in names.Where(n => !fixedColumns.Contains(n, StringComparer.OrdinalIgnoreCase) && selections.All(s => s.Selection != n)))
            {
                problems.Add(ProblemCodes.Schema, $"Unexpected column '{name}'. Allowed: {string.Join(", ", fixedColumns.Concat(selections.Select(s => s.Selection)))}.", 1, name);
            }

            if (problems.HasProblems)
            {
                return [];
            }

            while (reader.MoveNext())
            {
                var row = reader.Current;
                var line = row.LineNumberFrom;
                if (row.ColCount != names.Length)
                {
                    problems.Add(ProblemCodes.Malformed, $"The row has {row.ColCount.ToString(C)} fields; the header has {names.Length.ToString(C)}.", line);
                    continue;
                }

                var cells = new string[row.ColCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = row[i].ToString().Trim();
                }

                string Get(string name) => Col(name) is var c and >= 0 ? cells[c] : "";
                var jurisdiction = Get("Jurisdiction");
                var batchName = Get("Batch Name");
                var tabulator = Get("Tabulator");
                var rowCounty = InterpretationReader.ResolveCounty(definition, jurisdiction);
                if (rowCounty is null)
                {
                    problems.Add(ProblemCodes.UnknownReference, $"'{jurisdiction}' is not a county of the election.", line, "Jurisdiction");
                    continue;
                }

                if (countyId is not null && rowCounty != countyId)
                {
                    problems.Add(ProblemCodes.UnknownReference,
                        $"Batch {batchName} is {rowCounty}'s, not {countyId}'s; a county's audit board cannot enter another county's batch.", line, "Jurisdiction");
                    continue;
                }

                var batch = round.Batches.FirstOrDefault(b => b.County == rowCounty && b.Batch == batchName && (tabulator.Length == 0 || b.Tabulator == tabulator));
                if (batch is null)
                {
                    problems.Add(ProblemCodes.UnknownReference, $"Batch {batchName} of {jurisdiction} is not in round {round.Number.ToString(C)}'s sample.", line, "Batch Name");
                    continue;
                }

                if (!seen.Add((rowCounty, batchName)))
                {
                    problems.Add(ProblemCodes.DuplicateId, $"Batch {batchName} of {jurisdiction} is entered more than once.", line, "Batch Name");
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

                foreach (var contest in BatchAuditMath.ContestsOf(state, batch).Select(id => audit.Contests.First(c => c.Contest == id)))
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

                    if (counted.Count == contest.Choices.Length)
                    {
                        result.Add(new AuditedBatchTally(rowCounty, batchName, contest.Contest, ballots, [.. counted]));
                    }
                }
            }
        }
        catch (DecoderFallbackException)
        {
            var (at, message) = StrictUtf8.Problem(file, 1);
            problems.Add(ProblemCodes.NotUtf8, message, at);
        }
        catch (InvalidDataException e)
        {
            problems.Add(ProblemCodes.Malformed, e.Message);
        }

        return result.ToImmutable();
    }

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

    /// <summary>The report's SAMPLED BATCHES section: per round and batch, its tickets, reported and audited tallies.</summary>
    public static (string Title, string[] Header, List<string[]> Rows) ReportSection(AuditState state)
    {
        var audited = state.AuditedBatches;
        var rows = new List<string[]>();
        foreach (var round in state.Rounds)
        {
            foreach (var b in round.Batches)
            {
                var reported = state.ReportedBatches.Where(r => r.County == b.County && r.Batch == b.Batch && !r.Votes.IsEmpty).ToList();
                rows.Add(
                [
                    round.Number.ToString(C), b.Jurisdiction, b.Container ?? "", b.Tabulator ?? "", b.Batch,
                    string.Join("; ", b.Draws.Select(d => $"{d.Contest}: {d.Ticket}")),
                    string.Join("; ", reported.Select(r => $"{r.Contest}: {Votes(r.Votes)}")),
                    string.Join("; ", reported.Select(r => audited.TryGetValue(new BatchTallyKey(b.County, b.Batch, r.Contest), out var t) ? $"{r.Contest}: {Votes(t.Votes)}" : "")
                        .Where(s => s.Length > 0)),
                ]);
            }
        }

        return ("SAMPLED BATCHES", ["Round", "Jurisdiction", "Container", "Tabulator", "Batch Name", "Ticket Numbers", "Reported Tally", "Audited Tally"], rows);
    }

    private static string Votes(ImmutableArray<ReportedChoice> votes) => string.Join(", ", votes.Select(v => $"{v.Selection} {v.Votes.ToString(C)}"));
}
