using System.Collections.Immutable;
using Canvass.Domain;
using Canvass.Domain.Electoral;
using Canvass.Formats.Common;
using nietras.SeparatedValues;

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
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true }).From(stream);
            var header = reader.Header;
            if (!header.ColNames.Contains("state_po"))
            {
                return Result<ImmutableArray<(CastElectoralVotes, long)>>.Failure(new Problem(ProblemCodes.Schema, "The header needs a 'state_po' column.", file, 1, "state_po"));
            }

            var columns = header.ColNames.Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.Length > Prefix.Length).ToList();
            if (columns.Count == 0)
            {
                return Result<ImmutableArray<(CastElectoralVotes, long)>>.Failure(new Problem(ProblemCodes.Schema, $"The header needs at least one '{Prefix}NAME' column.", file, 1));
            }

            var hasUnit = header.ColNames.Contains("unit");
            foreach (var row in reader)
            {
                var line = row.LineNumberFrom;
                var state = row["state_po"].ToString().Trim();
                var unit = hasUnit ? row["unit"].ToString().Trim() : "";
                var votes = ImmutableArray.CreateBuilder<CandidateElectoralVotes>();
                foreach (var col in columns)
                {
                    var text = row[col].ToString().Trim();
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                    {
                        problems.Add(ProblemCodes.BadCount, $"'{text}' is not a whole number of electoral votes.", line, col);
                        continue;
                    }

                    votes.Add(new CandidateElectoralVotes(candidate(col[Prefix.Length..]), n));
                }

                if (state.Length == 0)
                {
                    problems.Add(ProblemCodes.Schema, "state_po is empty.", line, "state_po");
                    continue;
                }

                records.Add((new CastElectoralVotes(state, unit.Length == 0 ? null : unit, votes.ToImmutable(), [], file is null ? null : Path.GetFileName(file)), line));
            }
        }
        catch (FormatException e)
        {
            problems.Add(ProblemCodes.Malformed, e.Message);
        }

        return problems.HasProblems
            ? Result<ImmutableArray<(CastElectoralVotes, long)>>.Failure(problems.ToImmutable())
            : Result<ImmutableArray<(CastElectoralVotes, long)>>.Success(records.ToImmutable());
    }
}
