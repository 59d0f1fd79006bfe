using System.Collections.Immutable;
using Canvass.Domain;
using Canvass.Domain.Electoral;
using Canvass.Formats.Common;

namespace Canvass.Formats.Electoral;

/// <summary>Reads the electoral votes cast from a CSV with one row per state or electoral unit: <c>state_po</c>,
/// optional <c>unit</c> (<c>at-large</c>, <c>CD-1</c>, …; empty for the whole state), and one
/// <c>electoral_votes_cast_NAME</c> column per candidate (the layout of <c>samples/us2020/us2020-electoral-votes.csv</c>).
/// Other columns are ignored.</summary>
/// <remarks>Only presidential votes are in this layout: each elector's vice-presidential vote is taken to follow the
/// ticket. A column's <c>NAME</c> is turned into a candidate key by the caller's resolver (for example to the election's
/// candidate id <c>cand-NAME</c>).</remarks>
public static class ElectoralVotesCsvReader
{
    private const string Prefix = "electoral_votes_cast_";

    /// <summary>Reads every row; returns every problem with its line and column, or the votes.</summary>
    public static Result<ImmutableArray<CastElectoralVotes>> Read(Stream stream, Func<string, string> candidate, string? file = null)
    {
        var rows = ReadRows(stream, candidate, file);
        return rows.IsSuccess
            ? Result<ImmutableArray<CastElectoralVotes>>.Success([.. rows.Value.Select(r => r.Votes)])
            : Result<ImmutableArray<CastElectoralVotes>>.Failure(rows.Problems);
    }

    /// <summary>Like <see cref="Read"/>, with each record's 1-based line, so later checks can point at the row.</summary>
    public static Result<ImmutableArray<(CastElectoralVotes Votes, long Line)>> ReadRows(Stream stream, Func<string, string> candidate, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(candidate);
        var problems = new ProblemList(file);
        var records = ImmutableArray.CreateBuilder<(CastElectoralVotes, long)>();
        long line = 1;
        try
        {
            using var text = StrictUtf8.CreateReader(stream);
            using var reader = HeaderedCsv.Open(text, problems, out var headerLine);
            if (reader is null)
            {
                return Result<ImmutableArray<(CastElectoralVotes, long)>>.Failure(problems.ToImmutable());
            }

            // Column names as RFC 4180 has them; a name given twice would make its votes ambiguous.
            var header = reader.Current;
            var names = new string[header.ColCount];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = HeaderedCsv.Text(header, i, headerLine, "header", problems)?.Trim() ?? "";
                if (names[i].Length > 0 && !index.TryAdd(names[i], i))
                {
                    problems.Add(ProblemCodes.Schema, $"The column '{names[i]}' appears twice.", headerLine, names[i]);
                }
            }

            if (!index.TryGetValue("state_po", out var stateColumn))
            {
                problems.Add(ProblemCodes.Schema, "The header needs a 'state_po' column.", headerLine, "state_po");
            }

            var columns = index.Where(c => c.Key.StartsWith(Prefix, StringComparison.Ordinal) && c.Key.Length > Prefix.Length).OrderBy(c => c.Value).ToList();
            if (columns.Count == 0)
            {
                problems.Add(ProblemCodes.Schema, $"The header needs at least one '{Prefix}NAME' column.", headerLine);
            }

            if (problems.HasProblems)
            {
                return Result<ImmutableArray<(CastElectoralVotes, long)>>.Failure(problems.ToImmutable());
            }

            var unitColumn = index.GetValueOrDefault("unit", -1);
            while (HeaderedCsv.NextRecord(reader, names.Length, problems, ref line))
            {
                var row = reader.Current;
                var state = HeaderedCsv.Text(row, stateColumn, line, "state_po", problems)?.Trim();
                var unit = unitColumn < 0 ? "" : HeaderedCsv.Text(row, unitColumn, line, "unit", problems)?.Trim();
                var votes = ImmutableArray.CreateBuilder<CandidateElectoralVotes>();
                foreach (var (col, at) in columns)
                {
                    var cell = HeaderedCsv.Text(row, at, line, col, problems)?.Trim();
                    if (string.IsNullOrEmpty(cell))
                    {
                        continue;
                    }

                    if (!int.TryParse(cell, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                    {
                        problems.Add(ProblemCodes.BadCount, $"'{cell}' is not a whole number of electoral votes.", line, col);
                        continue;
                    }

                    votes.Add(new CandidateElectoralVotes(candidate(col[Prefix.Length..]), n));
                }

                if (state is null || unit is null)
                {
                    continue; // a field that is not CSV, already reported
                }

                if (state.Length == 0)
                {
                    problems.Add(ProblemCodes.Schema, "state_po is empty.", line, "state_po");
                    continue;
                }

                records.Add((new CastElectoralVotes(state, unit.Length == 0 ? null : unit, votes.ToImmutable(), [], file is null ? null : Path.GetFileName(file)), line));
            }
        }
        catch (Exception e) when (HeaderedCsv.IsUnreadable(e))
        {
            HeaderedCsv.AddUnreadable(e, stream, line, problems);
        }

        return problems.HasProblems
            ? Result<ImmutableArray<(CastElectoralVotes, long)>>.Failure(problems.ToImmutable())
            : Result<ImmutableArray<(CastElectoralVotes, long)>>.Success(records.ToImmutable());
    }
}
