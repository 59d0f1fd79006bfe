using System.Globalization;
using Canvass.Domain;
using Canvass.Formats.Common;
using nietras.SeparatedValues;

namespace Canvass.Formats.Rcv;

/// <summary>One row of a CSV CVR source.</summary>
/// <param name="Number">The row's number, 1 for the first, as <c>firstVoteRowIndex</c> counts rows.</param>
/// <param name="Line">The line the row starts on.</param>
/// <param name="Cells">The row's fields, quotes taken off and trimmed; null when one of them is not a CSV field (its
/// problem is listed).</param>
internal readonly record struct RcvCsvRow(long Number, long Line, string[]? Cells);

/// <summary>Reads the rows of the CSV CVR sources (ES&amp;S exports saved as CSV, RCTab's generic CSV) with Sep, each field
/// unquoted as every Canvass CSV reader does (<see cref="HeaderedCsv.Unquote"/>, RFC 4180 held strictly). So a quote
/// that is never closed, which makes Sep read the rest of the file into one field, is a <c>malformed</c> problem at the
/// line and column where that field starts, not a cell naming a candidate with line breaks in its name; so is a row
/// longer than Sep buffers, the same mistake in a large file.</summary>
internal static class RcvCsv
{
    private static SepReaderOptions Options(SepReaderOptions o) => o with { HasHeader = false, Unescape = false, DisableColCountCheck = true };

    /// <summary>Every row of the file; <paramref name="separator"/> null detects it from the first row.</summary>
    public static IEnumerable<RcvCsvRow> Rows(string path, char? separator, ProblemList problems, CancellationToken ct)
    {
        SepReader reader;
        try
        {
            reader = (separator is { } s ? Sep.New(s).Reader(Options) : Sep.Reader(Options)).FromFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new Problem(ProblemCodes.Unreadable, e.Message, path));
            yield break;
        }

        using (reader)
        {
            long number = 0;
            long next = 1;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                string? broken = null;
                var more = false;
                try
                {
                    more = reader.MoveNext();
                }
                catch (Exception e) when (e is InvalidDataException or NotSupportedException)
                {
                    broken = HeaderedCsv.MalformedMessage(e);
                }

                if (broken is not null)
                {
                    problems.Add(new Problem(ProblemCodes.Malformed, broken, path, next));
                    yield break;
                }

                if (!more)
                {
                    yield break;
                }

                var row = reader.Current;
                number++;
                // Sep numbers the first row as if it started on the line after it.
                var line = number == 1 ? 1 : row.LineNumberFrom;
                next = row.LineNumberToExcl;
                var cells = new string[row.ColCount];
                var ok = true;
                for (var c = 0; c < cells.Length; c++)
                {
                    if (HeaderedCsv.Unquote(row[c].Span, out var problem) is { } text)
                    {
                        cells[c] = text.Trim();
                    }
                    else
                    {
                        problems.Add(new Problem(ProblemCodes.Malformed, problem!, path, line, "column " + (c + 1).ToString(CultureInfo.InvariantCulture)));
                        ok = false;
                    }
                }

                yield return new RcvCsvRow(number, line, ok ? cells : null);
            }
        }
    }
}
