using Canvass.Domain;
using nietras.SeparatedValues;

namespace Canvass.Formats.Common;

/// <summary>Opens a comma-separated file whose first row names its columns.</summary>
internal static class HeaderedCsv
{
    /// <summary>A blank line (a spreadsheet's trailing one, say): it holds no record and is not an error.</summary>
    public static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row[0].Span.Trim().IsEmpty;

    /// <summary>
    /// A reader over <paramref name="text"/> (quotes unescaped, rows of any width) standing on the header row; null, with
    /// the problem added to <paramref name="problems"/>, when the file is empty or has no header row.
    /// </summary>
    public static SepReader? Open(TextReader text, ProblemList problems)
    {
        if (text.Peek() < 0)
        {
            problems.Add(ProblemCodes.EmptyFile, "The file is empty.");
            return null;
        }

        var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        if (!reader.MoveNext())
        {
            problems.Add(ProblemCodes.EmptyFile, "The file has no header row.");
            reader.Dispose();
            return null;
        }

        return reader;
    }
}
