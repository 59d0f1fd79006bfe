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

    [Theory]
    [InlineData("cs-01-1")] // 8 characters (16 bytes): the last one ends an 8-byte block
    [InlineData("sel-000")] // 8 characters
    [InlineData("cand-20-0001-00")] // 16 characters, four whole blocks
    [InlineData("cs-01-")] // 7 characters: the last 4 read again, overlapping the first block
    [InlineData("x-")] // 3 characters: shorter than a block, read one by one
    [InlineData("")] // 1 character
    public void CellsThatDifferOnlyInTheirLastCharacter_SpreadOverTheTable(string prefix)
    {
        // A column's cells often differ only at the end (candidate numbers). In text of whole 8-byte blocks that
        // difference lands in the top bits of the last product, so the slot must come from bits that see it: 200 such
        // cells in one slot would walk past the probe limit and make the table give way.
        var table = new CellNumbers();
        for (var i = 0; i < 200; i++)
        {
            var cell = prefix + (char)('0' + i);
            Assert.False(table.TryGet(cell, out _));
            table.Add(cell, i);
        }

        Assert.False(table.UsesDictionary);
        for (var i = 0; i < 200; i++)
        {
            Assert.True(table.TryGet(prefix + (char)('0' + i), out var number));
            Assert.Equal(i, number);
        }
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
