using System.Globalization;
using System.Text;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Canvass.Formats.Rcv;

/// <summary>ES&amp;S ranked CVR workbooks (.xlsx, or the same sheet saved as .csv): the first worksheet, one ballot per row from <c>firstVoteRowIndex</c>,
/// rank r in column <c>firstVoteColumnIndex + r - 1</c>. Rows are streamed (SAX), so memory stays flat.</summary>
internal static class EssXlsxReader
{
    public const string MissingPrecinct = "missing_precinct_id";
    public const string MissingBatch = "missing_batch_id";

    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems,
        CancellationToken ct)
    {
        if (source.FirstVoteColumnIndex is not { } firstColumn || source.FirstVoteRowIndex is not { } firstRow)
        {
            problems.Add(new Problem(ProblemCodes.Schema, "An ES&S source needs firstVoteColumnIndex and firstVoteRowIndex.", path));
            yield break;
        }

        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var cvr in ReadCsv(source, path, firstColumn, firstRow, maxRankings, candidates, problems, ct))
            {
                yield return cvr;
            }

            yield break;
        }

        var document = Open(path, problems);
        if (document is null)
        {
            yield break;
        }

        using (document)
        {
            var worksheet = FirstWorksheet(document, path, problems);
            if (worksheet is null)
            {
                yield break;
            }

            var strings = SharedStrings(document);
            var fileName = Path.GetFileName(source.FilePath);
            var ballotNumber = 0;
            long rowNumber = 0;
            using var reader = OpenXmlReader.Create(worksheet);
            var more = reader.Read();
            while (more)
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    more = reader.Read();
                    continue;
                }

                ct.ThrowIfCancellationRequested();
                var row = (Row)reader.LoadCurrentElement()!;
                more = !reader.EOF;
                rowNumber = row.RowIndex?.Value is { } r ? r : rowNumber + 1;
                if (rowNumber < firstRow)
                {
                    continue;
                }

                var cells = new SortedDictionary<int, string>();
                var column = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : column + 1;
                    var text = CellText(cell, strings)?.Trim();
                    if (!string.IsNullOrEmpty(text))
                    {
                        cells[column] = text;
                    }
                }

                ballotNumber++;
                var cvr = Ballot(source, path, fileName, ballotNumber, rowNumber, cells, firstColumn, maxRankings, candidates, problems);
                if (cvr is not null)
                {
                    yield return cvr;
                }
            }
        }
    }

    /// <summary>ES&amp;S CVR exports saved as CSV: the same layout as the workbook (1-based rows and columns), read as
    /// <see cref="RcvCsv"/> reads every CSV CVR.</summary>
    private static IEnumerable<RankedCvr> ReadCsv(RcvSource source, string path, int firstColumn, int firstRow, int? maxRankings,
        RcvCandidateLookup? candidates, ProblemList problems, CancellationToken ct)
    {
        var fileName = Path.GetFileName(source.FilePath);
        var ballotNumber = 0;
        foreach (var row in RcvCsv.Rows(path, null, problems, ct))
        {
            if (row.Number < firstRow)
            {
                continue;
            }

            ballotNumber++;
            if (row.Cells is not { } fields)
            {
                continue;
            }

            var cells = new SortedDictionary<int, string>();
            for (var c = 0; c < fields.Length; c++)
            {
                if (fields[c].Length > 0)
                {
                    cells[c + 1] = fields[c];
                }
            }

            var cvr = Ballot(source, path, fileName, ballotNumber, row.Number, cells, firstColumn, maxRankings, candidates, problems);
            if (cvr is not null)
            {
                yield return cvr;
            }
        }
    }

    private static RankedCvr? Ballot(RcvSource source, string path, string fileName, int ballotNumber, long rowNumber,
        SortedDictionary<int, string> cells, int firstColumn, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems)
    {
        string? id = fileName + "-" + ballotNumber.ToString(CultureInfo.InvariantCulture);
        if (source.IdColumnIndex is { } idColumn)
        {
            if (!cells.TryGetValue(idColumn, out id))
            {
                problems.Add(new Problem(ProblemCodes.Schema, $"The ballot on row {rowNumber} has no ID in column {idColumn}.", path, rowNumber,
                    "column " + idColumn.ToString(CultureInfo.InvariantCulture)));
                return null;
            }
        }

        string? precinct = null;
        if (source.PrecinctColumnIndex is { } precinctColumn)
        {
            precinct = cells.TryGetValue(precinctColumn, out var p) ? p : MissingPrecinct;
        }

        string? batch = null;
        if (source.BatchColumnIndex is { } batchColumn)
        {
            batch = cells.TryGetValue(batchColumn, out var b) ? b : MissingBatch;
        }

        // The last rank column read: maxRankingsAllowed columns, or every column to the row's last value when "max".
        var lastRankColumn = maxRankings is { } max ? firstColumn + max - 1 : (cells.Count == 0 ? firstColumn - 1 : cells.Keys.Max());
        var lastValued = firstColumn - 1;
        foreach (var c in cells.Keys)
        {
            if (c >= firstColumn && c <= lastRankColumn)
            {
                lastValued = c;
            }
        }

        var blankUntil = maxRankings is not null ? lastRankColumn : lastValued;
        var choices = new ChoiceBuilder(source, candidates);
        var ok = true;
        void Add(int rank, string candidate, int column)
        {
            if (!choices.Add(rank, candidate))
            {
                problems.Add(ChoiceBuilder.Unrecognized(id, candidate, path, rowNumber, ColumnName(column)));
                ok = false;
            }
        }

        for (var c = firstColumn; c <= lastRankColumn; c++)
        {
            var rank = c - firstColumn + 1;
            if (!cells.TryGetValue(c, out var value))
            {
                if (source.TreatBlankAsUndeclaredWriteIn && c <= blankUntil)
                {
                    choices.AddWriteIn(rank);
                }

                continue;
            }

            if (source.SkippedRankLabel is { } skipped && string.Equals(value, skipped, StringComparison.Ordinal))
            {
                continue;
            }

            if (source.OvervoteDelimiter is { } delimiter)
            {
                foreach (var part in value.Split(delimiter))
                {
                    var candidate = part.Trim();
                    if (candidate.Length == 0 || (source.SkippedRankLabel is { } s && string.Equals(candidate, s, StringComparison.Ordinal)))
                    {
                        problems.Add(new Problem(ProblemCodes.BadValue,
                            $"Rank {rank} ('{value}') has a blank or skipped-rank part between overvote delimiters.", path, rowNumber,
                            ColumnName(c)));
                        ok = false;
                        continue;
                    }

                    Add(rank, candidate, c);
                }

                continue;
            }

            Add(rank, value, c);
        }

        return ok ? new RankedCvr(id, null, precinct, batch, choices.Build()) : null;
    }

    private static SpreadsheetDocument? Open(string path, ProblemList problems)
    {
        try
        {
            return SpreadsheetDocument.Open(path, false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or UnauthorizedAccessException
            or FileFormatException or System.Xml.XmlException or ArgumentException or InvalidOperationException)
        {
            problems.Add(new Problem(ProblemCodes.Malformed, "The file is not a readable .xlsx workbook: " + ex.Message, path));
            return null;
        }
    }

    private static WorksheetPart? FirstWorksheet(SpreadsheetDocument document, string path, ProblemList problems)
    {
        var workbook = document.WorkbookPart;
        var sheet = workbook?.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
        if (workbook is null || sheet?.Id?.Value is not { } id || !workbook.TryGetPartById(id, out var found)
            || found is not WorksheetPart part)
        {
            problems.Add(new Problem(ProblemCodes.Schema, "The workbook has no worksheet.", path));
            return null;
        }

        return part;
    }

    private static List<string> SharedStrings(SpreadsheetDocument document)
    {
        var strings = new List<string>();
        if (document.WorkbookPart?.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        var more = reader.Read();
        while (more)
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                more = !reader.EOF;
                var sb = new StringBuilder();
                foreach (var t in item.Descendants<Text>())
                {
                    // Phonetic runs (rPh) are not displayed.
                    if (t.Parent is not PhoneticRun)
                    {
                        sb.Append(t.Text);
                    }
                }

                strings.Add(sb.ToString());
                continue;
            }

            more = reader.Read();
        }

        return strings;
    }

    private static string? CellText(Cell cell, List<string> strings)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        var raw = cell.CellValue?.Text;
        if (raw is null)
        {
            return null;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count ? strings[index] : raw;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        return raw;
    }

    internal static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = checked((column * 26) + (char.ToUpperInvariant(c) - 'A' + 1));
        }

        return column;
    }

    private static string ColumnName(int column) => "column " + column.ToString(CultureInfo.InvariantCulture);
}
