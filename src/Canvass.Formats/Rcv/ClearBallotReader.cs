using System.Globalization;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rcv;

/// <summary>Clear Ballot ClearVote RCV CSV: 10 fixed columns (RowNumber … Remade), then one column per (candidate,
/// rank) headed <c>Choice_&lt;id&gt;_&lt;n&gt;:&lt;contest&gt;:&lt;rank&gt;:&lt;vote rule&gt;:&lt;candidate&gt;:&lt;party&gt;</c>,
/// holding 1 when marked. As in RCTab, lines are split on commas outside double quotes and the quotes are kept;
/// columns beyond maxRankingsAllowed are dropped. Streams line by line. A quote never closed on its line is a
/// <c>malformed</c> problem at the line and the column where its field starts: in the header it ends the read (every row
/// would be reported too wide), in a row it refuses that row.</summary>
internal static class ClearBallotReader
{
    private const int FixedColumns = 10;
    private const int BallotIdColumn = 3;
    private const int PrecinctColumn = 4;

    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems,
        CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null)
        {
            problems.Add(new Problem(ProblemCodes.EmptyFile, "The Clear Ballot CSV is empty.", path));
            yield break;
        }

        var names = Split(header);
        if (Unclosed(names, path, 1) is { } badHeader)
        {
            problems.Add(badHeader);
            yield break;
        }

        var columns = new List<(int Column, int Rank, string Candidate)>();
        var contestSeen = false;
        for (var i = FixedColumns; i < names.Count; i++)
        {
            var parts = names[i].Split(':');
            if (parts.Length < 6 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var rank) || rank < 1)
            {
                problems.Add(new Problem(ProblemCodes.Schema,
                    $"Column {i + 1} header '{names[i]}' is not Choice_<id>_<n>:<contest>:<rank>:<vote rule>:<candidate>:<party>.", path, 1,
                    "column " + (i + 1).ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            if (!string.Equals(parts[1], source.ContestId, StringComparison.Ordinal))
            {
                continue;
            }

            contestSeen = true;
            if (maxRankings is { } max && rank > max)
            {
                continue;
            }

            columns.Add((i, rank, parts[4]));
        }

        if (!contestSeen)
        {
            problems.Add(new Problem(ProblemCodes.UnknownReference, $"No column of the Clear Ballot CSV is for contest '{source.ContestId}'.", path, 1));
            yield break;
        }

        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            ct.ThrowIfCancellationRequested();
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var cells = Split(text);
            if (Unclosed(cells, path, line) is { } badRow)
            {
                problems.Add(badRow);
                continue;
            }

            if (cells.Count != names.Count)
            {
                problems.Add(new Problem(ProblemCodes.Malformed, $"The row has {cells.Count} fields; the header has {names.Count}.", path, line));
                continue;
            }

            var id = Unquote(cells[BallotIdColumn]);
            var choices = new ChoiceBuilder(source, candidates);
            var ok = true;
            foreach (var (column, rank, candidate) in columns)
            {
                if (string.Equals(cells[column].Trim(), "1", StringComparison.Ordinal) && !choices.Add(rank, candidate))
                {
                    problems.Add(ChoiceBuilder.Unrecognized(id, candidate, path, line, "column " + (column + 1).ToString(CultureInfo.InvariantCulture)));
                    ok = false;
                }
            }

            if (ok)
            {
                yield return new RankedCvr(id, source.ContestId, Unquote(cells[PrecinctColumn]), null, choices.Build());
            }
        }
    }

    /// <summary>Splits on commas outside double quotes, keeping the quotes, as RCTab does.</summary>
    internal static List<string> Split(string line)
    {
        var fields = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ',' && !quoted)
            {
                fields.Add(line[start..i]);
                start = i + 1;
            }
        }

        fields.Add(line[start..]);
        return fields;
    }

    /// <summary>The <c>malformed</c> problem for a line whose last field opens a quote it never closes (so <see cref="Split"/>
    /// read the rest of the line into it), at the column where that field starts; null when every quote is closed.</summary>
    private static Problem? Unclosed(List<string> fields, string path, long line)
    {
        var last = fields[^1];
        if (last.AsSpan().Count('"') % 2 == 0)
        {
            return null;
        }

        return new Problem(ProblemCodes.Malformed,
            $"A quote in this field is never closed, so the rest of the line reads as one field: {last[..Math.Min(last.Length, 40)]}…", path, line,
            "column " + fields.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static string Unquote(string field) =>
        field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;
}
