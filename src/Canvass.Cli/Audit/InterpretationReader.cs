using System.Collections.Immutable;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Elections;
using Canvass.Formats.Common;

namespace Canvass.Cli.Audit;

/// <summary>Reads and validates what an audit board entered: a CSV with one row per ballot and contest, or the same
/// fields from the command line.</summary>
/// <remarks>Columns (case-insensitive): <c>Batch Name</c>, <c>Ballot Number</c>, <c>Contest</c>, <c>Interpretation</c>
/// (vote, blank, cant-agree, not-on-ballot, or not-found for the whole ballot) are required; <c>Jurisdiction</c>,
/// <c>Tabulator</c>, <c>Choices</c> (selection ids or names separated by <c>|</c>) and <c>Overvote</c> (yes/no) are
/// optional.</remarks>
internal static class InterpretationReader
{
    public const string NotFound = "not-found";

    private static readonly string[] Required = ["Batch Name", "Ballot Number", "Contest", "Interpretation"];
    private static readonly string[] Optional = ["Jurisdiction", "Tabulator", "Choices", "Overvote"];

    /// <summary>Reads a board's entry file: a header naming <see cref="Required"/> and any of <see cref="Optional"/>
    /// columns (case-insensitive, once each), then one entry per row, as every Canvass CSV is read
    /// (<see cref="HeaderedCsv"/>: strict UTF-8 and RFC 4180 quoting, blank lines skipped, each row as wide as the
    /// header). Cells are trimmed. Every problem goes to <paramref name="problems"/> with its line.</summary>
    public static List<InterpretationEntry> ReadCsv(string path, ProblemList problems)
    {
        var entries = new List<InterpretationEntry>();
        long line = 1;
        using var file = File.OpenRead(path);
        try
        {
            using var text = StrictUtf8.CreateReader(file);
            using var reader = HeaderedCsv.Open(text, problems, out var headerLine);
            if (reader is null)
            {
                return entries;
            }

            var header = reader.Current;
            var names = new string[header.ColCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = HeaderedCsv.Text(header, i, headerLine, "header", problems)?.Trim() ?? "";
            }

            int Col(string name) => Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            foreach (var name in Required.Where(n => Col(n) < 0))
            {
                problems.Add(ProblemCodes.Schema, $"The required column '{name}' is missing.", headerLine, name);
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (!Required.Concat(Optional).Contains(names[i], StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add(ProblemCodes.Schema, $"Unexpected column '{names[i]}'. Allowed: {string.Join(", ", Required.Concat(Optional))}.", headerLine, names[i]);
                }
                else if (Col(names[i]) != i)
                {
                    problems.Add(ProblemCodes.Schema, $"The column '{names[i]}' appears twice.", headerLine, names[i]);
                }
            }

            if (problems.HasProblems)
            {
                return entries;
            }

            while (HeaderedCsv.NextRecord(reader, names.Length, problems, ref line))
            {
                var row = reader.Current;
                var cells = new string?[row.ColCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = HeaderedCsv.Text(row, i, line, names[i], problems)?.Trim();
                }

                if (cells.Any(c => c is null))
                {
                    continue; // a field that is not CSV, already reported
                }

                string Get(string name) => Col(name) is var c and >= 0 ? cells[c]! : "";
                entries.Add(new InterpretationEntry(line, NullIfEmpty(Get("Jurisdiction")), NullIfEmpty(Get("Tabulator")), Get("Batch Name"),
                    Get("Ballot Number"), Get("Contest"), Get("Interpretation"), Get("Choices"), Get("Overvote")));
            }
        }
        catch (Exception e) when (HeaderedCsv.IsUnreadable(e))
        {
            HeaderedCsv.AddUnreadable(e, file, line, problems);
        }

        return entries;
    }

    /// <summary>Checks every entry against the open round and the audit; returns the interpretations per ballot.</summary>
    public static ImmutableArray<BallotInterpretation> Validate(
        IReadOnlyList<InterpretationEntry> entries, string? county, AuditState state, AuditRound round, ElectionDefinition definition, ProblemList problems)
    {
        var c = CultureInfo.InvariantCulture;
        var audit = state.Audit!;
        var byBallot = new Dictionary<BallotKey, (bool NotFound, List<ContestInterpretation> Contests)>();
        var seen = new Dictionary<(BallotKey, string), long?>();

        // A ballot that was not found has no reading, so a ballot entered both ways is a mistake to correct, not two
        // facts: measurement would keep one and drop the other without a word.
        var notFoundAt = new Dictionary<BallotKey, long?>();
        var readAt = new Dictionary<BallotKey, (string Contest, long? Line)>();
        foreach (var e in entries)
        {
            var before = problems.Count;
            var rowCounty = county;
            if (e.Jurisdiction is null && county is null)
            {
                problems.Add(ProblemCodes.Schema, "The jurisdiction is missing: give it in a Jurisdiction column, or name the board's county with --county.", e.Line, "Jurisdiction");
                continue;
            }

            if (e.Jurisdiction is { } j)
            {
                var resolved = ResolveCounty(definition, j);
                if (resolved is null)
                {
                    problems.Add(ProblemCodes.UnknownReference, $"'{j}' is not a county of the election.", e.Line, "Jurisdiction");
                    continue;
                }

                if (county is null)
                {
                    rowCounty = resolved;
                }
                else if (resolved != county)
                {
                    problems.Add(ProblemCodes.Inconsistent, $"This ballot is in {resolved}; {county}'s audit board cannot enter another county's ballot.", e.Line, "Jurisdiction");
                    continue;
                }
            }

            if (!int.TryParse(e.Position, NumberStyles.None, c, out var position) || position < 1)
            {
                problems.Add(ProblemCodes.BadCount, $"'{e.Position}' is not a ballot number (1, 2, …).", e.Line, "Ballot Number");
                continue;
            }

            var key = new BallotKey(rowCounty!, e.Tabulator, e.Batch, position);
            if (FullHandTally.BeyondManifest(state, round, key) is { } beyond)
            {
                // A full hand tally records the paper as found, a ballot past the manifest's count of its batch too.
                if (string.Equals(e.Interpretation, NotFound, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(ProblemCodes.BadValue,
                        $"Ballot {key} is past the {beyond.Ballots.ToString(c)} ballots the manifest gives batch {e.Batch}: only a ballot that was found can be entered there.", e.Line, "Interpretation");
                    continue;
                }
            }
            else if (!round.Ballots.ContainsKey(key))
            {
                var elsewhere = round.Ballots.Keys.FirstOrDefault(k => k.Tabulator == e.Tabulator && k.Batch == e.Batch && k.Position == position);
                problems.Add(ProblemCodes.UnknownReference,
                    elsewhere.County is not null
                        ? $"Ballot {e.Batch} #{position.ToString(c)} of round {round.Number.ToString(c)}'s sample is in {elsewhere.County}, not {rowCounty}; a county's audit board cannot enter another county's ballot."
                        : $"Ballot {key} is not in round {round.Number.ToString(c)}'s sample.",
                    e.Line, "Ballot Number");
                continue;
            }

            if (!byBallot.TryGetValue(key, out var ballot))
            {
                byBallot[key] = ballot = (false, []);
            }

            if (string.Equals(e.Interpretation, NotFound, StringComparison.OrdinalIgnoreCase))
            {
                if (readAt.TryGetValue(key, out var read))
                {
                    problems.Add(ProblemCodes.Inconsistent, $"Ballot {key} is entered as not found and with a reading of {read.Contest}{Other(read.Line)}: a ballot that was not found has no reading; enter one or the other.", e.Line, "Interpretation");
                }

                notFoundAt.TryAdd(key, e.Line);
                byBallot[key] = (true, ballot.Contests);
                continue;
            }

            var contest = audit.Contests.FirstOrDefault(a => a.Contest == e.Contest);
            if (contest is null || !contest.Counties.Contains(rowCounty!))
            {
                problems.Add(ProblemCodes.UnknownReference,
                    $"'{e.Contest}' is not an audited contest of {rowCounty} ({string.Join(", ", audit.Contests.Where(a => a.Counties.Contains(rowCounty!)).Select(a => a.Contest))}).",
                    e.Line, "Contest");
                continue;
            }

            if (notFoundAt.TryGetValue(key, out var missing))
            {
                problems.Add(ProblemCodes.Inconsistent, $"Ballot {key} is entered with a reading of {contest.Contest} and as not found{Other(missing)}: a ballot that was not found has no reading; enter one or the other.", e.Line, "Interpretation");
            }

            readAt.TryAdd(key, (contest.Contest, e.Line));
            var kind = Interpretations.All.FirstOrDefault(i => string.Equals(i, e.Interpretation, StringComparison.OrdinalIgnoreCase));
            if (kind is null)
            {
                problems.Add(ProblemCodes.BadValue, $"'{e.Interpretation}' is not one of {string.Join(", ", Interpretations.All)}, {NotFound}.", e.Line, "Interpretation");
            }

            var choices = ImmutableArray.CreateBuilder<string>();
            var definitionContest = definition.Contests.First(d => d.Id.Value == contest.Contest);
            var ranked = definitionContest.VoteVariation == VoteVariation.Rcv;
            if (ranked)
            {
                choices.AddRange(RankedChoiceAudit.ParseRanking(e.Choices, definitionContest, problems, e.Line));
            }

            foreach (var name in ranked ? [] : e.Choices.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var selection = definitionContest.Selections.FirstOrDefault(s =>
                    string.Equals(s.Id.Value, name, StringComparison.Ordinal) || string.Equals(s.Text, name, StringComparison.OrdinalIgnoreCase));
                if (selection is null)
                {
                    problems.Add(ProblemCodes.UnknownReference,
                        $"'{name}' is not a selection of {contest.Contest}: give one of {string.Join(", ", definitionContest.Selections.Select(s => $"{s.Id.Value} ({s.Text})"))}, by id or name.",
                        e.Line, "Choices");
                }
                else
                {
                    choices.Add(selection.Id.Value);
                }
            }

            if (kind == Interpretations.Vote && choices.Count == 0 && problems.Count == before)
            {
                problems.Add(ProblemCodes.BadValue, "A vote names at least one choice; use 'blank' for a contest left empty.", e.Line, "Choices");
            }

            if (kind is not null && kind != Interpretations.Vote && choices.Count > 0)
            {
                problems.Add(ProblemCodes.BadValue, $"'{kind}' takes no choices.", e.Line, "Choices");
            }

            bool overvote = false;
            if (e.Overvote.Length > 0 && !TryYesNo(e.Overvote, out overvote))
            {
                problems.Add(ProblemCodes.BadValue, $"'{e.Overvote}' is not yes or no.", e.Line, "Overvote");
            }

            // An overvote marks more choices than the contest allows (in a ranked contest, more than one at a rank); one
            // entered with fewer is a slip of the board's that would count a valid vote as none. So the marks alone say
            // whether the contest is overvoted, and the flag, where given, must agree.
            var marksTooMany = ranked ? choices.Any(x => x.Contains('|', StringComparison.Ordinal)) : choices.Count > contest.VotesAllowed;
            if (overvote && !marksTooMany && problems.Count == before)
            {
                problems.Add(ProblemCodes.BadValue,
                    ranked
                        ? $"Ballot {key}'s {contest.Contest} is entered as an overvote, but no rank of its ranking holds more than one choice."
                        : $"Ballot {key}'s {contest.Contest} is entered as an overvote of {Quantity.Of(choices.Count, "choice")}, but an overvote marks more than the {contest.VotesAllowed.ToString(c)} allowed: enter it as a vote, or name every choice marked.",
                    e.Line, "Overvote");
            }

            if (seen.TryGetValue((key, contest.Contest), out var first))
            {
                problems.Add(ProblemCodes.DuplicateId, $"Ballot {key} has contest {contest.Contest} entered twice{(first is { } l ? $" (first on line {l.ToString(c)})" : " on the command line")}.", e.Line, "Contest");
            }

            seen[(key, contest.Contest)] = e.Line;
            if (problems.Count == before)
            {
                ballot.Contests.Add(new ContestInterpretation(contest.Contest, kind!, choices.ToImmutable(), marksTooMany));
            }
        }

        return [.. byBallot.Select(b => new BallotInterpretation(b.Key.County, b.Key.Tabulator, b.Key.Batch, b.Key.Position, b.Value.NotFound, [.. b.Value.Contests]))];
    }

    public static string? ResolveCounty(ElectionDefinition definition, string text)
    {
        var unit = definition.GpUnits.FirstOrDefault(u => string.Equals(u.Id.Value, text, StringComparison.OrdinalIgnoreCase))
            ?? definition.GpUnits.FirstOrDefault(u => string.Equals(u.Name, text, StringComparison.OrdinalIgnoreCase));
        return unit?.Id.Value;
    }

    private static bool TryYesNo(string text, out bool value)
    {
        value = text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("no", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Where the other of two conflicting entries is: its line in a file; on the command line, nothing to add.</summary>
    private static string Other(long? line) => line is { } l ? $" (the other on line {l.ToString(CultureInfo.InvariantCulture)})" : "";
}
