using Canvass.Formats.Cvr;

namespace Canvass.Formats.Tests.Cvr;

/// <summary>The Canvass CSV reader's table of cell numbers: exact by the cell's text, and bounded when cells share a
/// hash.</summary>
public sealed class CellNumbersTests
{
    [Fact]
    public void Cells_AreFoundByTheirWholeText_ThroughEveryResize()
    {
        var table = new CellNumbers();
        var cells = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            // Short and long cells, and cells that differ only in the middle, past the first 8 bytes.
            var cell = (i % 3) switch
            {
                0 => $"s{i}",
                1 => $"cs-01-{i}|cs-01-{i + 1}",
                _ => $"sel-{i % 7}-middle-{i}-sel-{i % 7}",
            };
            Assert.False(table.TryGet(cell, out _));
            table.Add(cell, i);
            cells.Add(cell);
        }

        for (var i = 0; i < cells.Count; i++)
        {
            Assert.True(table.TryGet(cells[i], out var number));
            Assert.Equal(i, number);
        }

        Assert.False(table.TryGet("s20000", out _));
        Assert.False(table.TryGet("", out _));
        Assert.False(table.UsesDictionary);
    }

    [Fact]
    public void CellsThatAllShareAHash_GiveWayToADictionary_AndStayExact()
    {
        var table = new CellNumbers(collide: true);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.False(table.TryGet($"c{i}", out _));
            table.Add($"c{i}", i * 3);
            Assert.Equal(i >= CellNumbers.MaxProbes, table.UsesDictionary);
        }

        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(table.TryGet($"c{i}", out var number));
            Assert.Equal(i * 3, number);
        }

        Assert.False(table.TryGet("c1000", out _));
    }
}
