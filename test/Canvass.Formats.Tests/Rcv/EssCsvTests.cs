using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using Canvass.Formats.Rcv;
using Canvass.TestKit;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using nietras.SeparatedValues;

namespace Canvass.Formats.Tests.Rcv;

/// <summary>ES&amp;S exports saved as CSV read exactly like the workbook they came from.</summary>
public sealed class EssCsvTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("canvass-ess-csv-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Read_SameSheetAsCsv_GivesTheSameBallotsAsTheWorkbook()
    {
        var folder = SharedFolder.Combine("conformance", "rctab", "cases", "_shared");
        var csv = Path.Combine(_temp.FullName, "park.csv");
        SaveFirstSheetAsCsv(Path.Combine(folder, "2013_minneapolis_park_cvr.xlsx"), csv);

        // The 2013 Minneapolis park board source as its config gives it (cases/2013_minneapolis_park).
        var xlsxSource = new RcvSource("ess", "2013_minneapolis_park_cvr.xlsx", null, 2, 2, null, 1, null, null, "overvote", "undervote", "UWI", false);
        var csvSource = xlsxSource with { FilePath = "park.csv" };
        var fromXlsx = Read(xlsxSource, folder);
        var fromCsv = Read(csvSource, _temp.FullName);

        Assert.Equal(80_101, fromXlsx.Count);
        Assert.Equal(fromXlsx.Count, fromCsv.Count);
        for (var i = 0; i < fromXlsx.Count; i++)
        {
            Assert.Equal(fromXlsx[i].Precinct, fromCsv[i].Precinct);
            Assert.Equal(fromXlsx[i].Choices, fromCsv[i].Choices);
        }
    }

    private static List<RankedCvr> Read(RcvSource source, string dir)
    {
        var problems = new ProblemList(source.FilePath);
        var ballots = RcvSourceReader.Read(source, dir, 3, null, problems, TestContext.Current.CancellationToken).ToList();
        Assert.False(problems.HasProblems, string.Join("\n", problems.ToImmutable()));
        return ballots;
    }

    private static void SaveFirstSheetAsCsv(string xlsx, string csv)
    {
        using var document = SpreadsheetDocument.Open(xlsx, false);
        var workbook = document.WorkbookPart!;
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheet = workbook.WorksheetParts.First();
        using var writer = Sep.Writer(o => o with { WriteHeader = false, Escape = true }).ToFile(csv);
        foreach (var row in sheet.Worksheet.Descendants<Row>())
        {
            var cells = new SortedDictionary<int, string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = 0;
                foreach (var ch in cell.CellReference!.Value!.TakeWhile(char.IsLetter))
                {
                    column = (column * 26) + (ch - 'A' + 1);
                }

                var text = cell.DataType?.Value == CellValues.SharedString ? strings[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                    : cell.CellValue?.Text ?? "";
                cells[column] = text;
            }

            using var line = writer.NewRow();
            var last = cells.Count == 0 ? 1 : cells.Keys.Max();
            for (var c = 1; c <= last; c++)
            {
                line[c.ToString(System.Globalization.CultureInfo.InvariantCulture)].Set(cells.GetValueOrDefault(c, ""));
            }
        }
    }
}
