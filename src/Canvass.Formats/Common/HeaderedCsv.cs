using System.Text;
using Canvass.Domain;
using nietras.SeparatedValues;

namespace Canvass.Formats.Common;

/// <summary>Opens a comma-separated file whose first row names its columns, and reads it as every Canvass CSV reader
/// does: strict UTF-8, RFC 4180 quoting held strictly, blank lines skipped, every record as wide as the header.</summary>
public static class HeaderedCsv
{
    /// <summary>A blank line (a spreadsheet's trailing one, say): it holds no record and is not an error.</summary>
    public static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row[0].Span.Trim().IsEmpty;

    /// <summary>
    /// A reader over <paramref name="text"/> (rows of any width; fields as written, quotes and all: read them through
    /// <see cref="Text"/>) standing on the header row; null, with the problem added to <paramref name="problems"/>, when
    /// the file is empty or has no header row.
    /// </summary>
    public static SepReader? Open(TextReader text, ProblemList problems) => Open(text, problems, out _);

    /// <inheritdoc cref="Open(TextReader, ProblemList)"/>
    /// <param name="text">The text.</param>
    /// <param name="problems">Where a problem goes.</param>
    /// <param name="headerLine">The header's line: 1, unless blank lines come before it.</param>
    public static SepReader? Open(TextReader text, ProblemList problems, out long headerLine)
    {
        headerLine = 1;
        if (text.Peek() < 0)
        {
            problems.Add(ProblemCodes.EmptyFile, "The file is empty.");
            return null;
        }

        var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = false, DisableColCountCheck = true }).From(text);
        if (!MoveToHeader(reader, problems, out headerLine))
        {
            reader.Dispose();
            return null;
        }

        return reader;
    }

    /// <summary>Moves <paramref name="reader"/> to the next record: past blank lines, and past rows that are not
    /// <paramref name="width"/> fields wide, each a <c>malformed</c> problem at its line. False at the end of the file.</summary>
    /// <param name="reader">The reader, past the header.</param>
    /// <param name="width">The header's number of fields.</param>
    /// <param name="problems">Where a problem goes.</param>
    /// <param name="line">Set to the line of each row met (the record's, when it returns true).</param>
    /// <param name="names">The header's names, to name the column of a quote that breaks a row; null to name none.</param>
    public static bool NextRecord(SepReader reader, int width, ProblemList problems, ref long line, IReadOnlyList<string>? names = null)
    {
        while (reader.MoveNext())
        {
            var row = reader.Current;
            line = row.LineNumberFrom;
            if (IsBlank(row))
            {
                continue;
            }

            if (row.ColCount != width)
            {
                AddWidthProblem(row, width, names, line, problems);
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>Adds the <c>malformed</c> problem of a row that is not <paramref name="width"/> fields wide. When a quote
    /// broke the row (one never closed, or one inside a field that is not quoted: the reader then goes on across commas and
    /// line breaks to the next quote, or to the end of the file), the field holding it is the problem, named at its column
    /// (from <paramref name="names"/>, when given): a person counting the commas on the line would find the row as wide as
    /// the header. Only a row whose quoting holds is said to have the wrong number of fields.</summary>
    /// <param name="row">The row.</param>
    /// <param name="width">The header's number of fields.</param>
    /// <param name="names">The header's names, or null to name no column.</param>
    /// <param name="line">The row's first line.</param>
    /// <param name="problems">Where the problem goes.</param>
    public static void AddWidthProblem(SepReader.Row row, int width, IReadOnlyList<string>? names, long line, ProblemList problems)
    {
        for (var col = 0; col < row.ColCount; col++)
        {
            var raw = row[col].Span;
            if (raw.IndexOf('"') < 0 || Unquote(raw, out var problem) is not null)
            {
                continue;
            }

            var column = names is not null && col < names.Count ? names[col] : null;
            if (raw.IndexOfAny('\r', '\n') >= 0 && raw.Count('"') % 2 == 0)
            {
                // Closed on a later line, by another stray quote: the lines between read as part of this field.
                problem = $"A quote in this field is not closed on its line, so the lines after it, up to line {row.LineNumberToExcl - 1}, read as part of this field: {Start(raw)}…";
            }

            problems.Add(ProblemCodes.Malformed, problem!, line, column);
            return;
        }

        problems.Add(ProblemCodes.Malformed, $"The row has {row.ColCount} fields; the header has {width}.", line);
    }

    /// <summary>The start of a field that runs across lines, for a message: up to its first line break, at most 40
    /// characters.</summary>
    private static ReadOnlySpan<char> Start(ReadOnlySpan<char> raw)
    {
        var end = raw.IndexOfAny('\r', '\n');
        return raw[..Math.Min(end < 0 ? raw.Length : end, 40)];
    }

    /// <summary>True for what reading a file through <see cref="StrictUtf8.CreateReader"/> and Sep throws when the file stops
    /// being readable: bytes that are not UTF-8, quoting that breaks (a quote never closed, a file cut off), or a row longer
    /// than Sep buffers (16 MiB: a quote never closed in a large file). Catch
    /// those and report them with <see cref="AddUnreadable"/>.</summary>
    public static bool IsUnreadable(Exception e) => e is DecoderFallbackException or InvalidDataException or NotSupportedException;

    /// <summary>The problem for Sep's refusal (a <see cref="NotSupportedException"/>) of a row longer than it buffers.</summary>
    public const string TooLongMessage =
        "A row of more than 16 MiB, which no CSV file of ballots or totals has: most likely a quote is never closed on this line, so the rest of the file reads as one field.";

    /// <summary>Adds the problem for an exception <see cref="IsUnreadable"/> accepts: <c>not-utf8</c> at the bad bytes'
    /// own line (the stream is read again from its start), or <c>malformed</c> after <paramref name="line"/>, the last
    /// line read.</summary>
    public static void AddUnreadable(Exception e, Stream stream, long line, ProblemList problems)
    {
        if (e is DecoderFallbackException)
        {
            var (at, message) = StrictUtf8.Problem(stream, line + 1);
            problems.Add(ProblemCodes.NotUtf8, message, at);
            return;
        }

        problems.Add(ProblemCodes.Malformed, MalformedMessage(e), line + 1);
    }

    /// <summary>The <c>malformed</c> problem's message for what Sep throws on quoting that breaks or on a row longer than it
    /// buffers (an <see cref="InvalidDataException"/> or a <see cref="NotSupportedException"/>).</summary>
    public static string MalformedMessage(Exception e) =>
        e is NotSupportedException ? TooLongMessage : "Broken CSV quoting (a quote is never closed, or the file is cut off): " + e.Message;

    /// <summary>A field's text (not trimmed), its quotes taken off as RFC 4180 has them: a field is either free of quotes or
    /// wholly quoted, with each quote inside doubled. Anything else (<c>"3"1</c>, which a lenient reader takes for 31) is a
    /// <c>malformed</c> problem at the field, and null.</summary>
    public static string? Text(SepReader.Row row, int col, long line, string column, ProblemList problems)
    {
        var text = Unquote(row[col].Span, out var problem);
        if (text is null)
        {
            problems.Add(ProblemCodes.Malformed, problem!, line, column);
        }

        return text;
    }

    /// <summary>A field's text as <see cref="Text"/> reads it, or null with <paramref name="problem"/> the message of its
    /// <c>malformed</c> problem. A field with an odd number of quotes is one whose quote is never closed: Sep reads the rest
    /// of the file into it, line breaks and all, so the message quotes only its start.</summary>
    /// <param name="raw">The field as written, quotes and all.</param>
    /// <param name="problem">Why the field is not a CSV field, when it is not.</param>
    public static string? Unquote(ReadOnlySpan<char> raw, out string? problem)
    {
        problem = null;
        if (raw.IndexOf('"') < 0)
        {
            return raw.ToString();
        }

        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
        {
            var inside = raw[1..^1];
            var quotes = 0;
            var ok = true;
            foreach (var c in inside)
            {
                if (c == '"')
                {
                    quotes++;
                }
                else if (quotes % 2 != 0)
                {
                    ok = false;
                    break;
                }
            }

            if (ok && quotes % 2 == 0)
            {
                return inside.ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
            }
        }

        if (raw.Count('"') % 2 != 0)
        {
            problem = $"A quote in this field is never closed, so the rest of the file reads as one field: {Start(raw)}…";
            return null;
        }

        problem = $"{raw} is not a CSV field: a field with a quote in it must be wholly quoted, with each quote inside doubled (\"say \"\"hi\"\"\").";
        return null;
    }

    /// <summary>Moves <paramref name="reader"/> to the header row, past blank lines; false, with the problem added, when
    /// there is none, or when the header holds NUL characters: UTF-16 without a byte-order mark decodes as "UTF-8" with a
    /// NUL after every ASCII letter, and would otherwise be reported as a header of unknown columns.</summary>
    public static bool MoveToHeader(SepReader reader, ProblemList problems) => MoveToHeader(reader, problems, out _);

    /// <inheritdoc cref="MoveToHeader(SepReader, ProblemList)"/>
    /// <param name="reader">The reader.</param>
    /// <param name="problems">Where a problem goes.</param>
    /// <param name="headerLine">The header's line (counted here: the row's own line number is not yet settled there).</param>
    public static bool MoveToHeader(SepReader reader, ProblemList problems, out long headerLine)
    {
        headerLine = 0;
        while (reader.MoveNext())
        {
            headerLine++;
            if (IsBlank(reader.Current))
            {
                continue;
            }

            if (reader.Current.Span.Contains('\0'))
            {
                // At headerLine, counted above: Sep's LineNumberFrom for this row was one line on.
                problems.Add(ProblemCodes.NotUtf8, reader.Current.Span.Count('\0') * 3 >= reader.Current.Span.Length
                    ? "The header holds NUL characters: the file looks like UTF-16 (\"Unicode text\"); save it as UTF-8."
                    : "The header holds a NUL character, which no text file has: remove it, and save the file as UTF-8.", headerLine);
                return false;
            }

            return true;
        }

        problems.Add(ProblemCodes.EmptyFile, "The file has no header row.");
        return false;
    }
}
