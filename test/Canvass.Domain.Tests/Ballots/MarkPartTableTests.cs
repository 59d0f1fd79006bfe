using Canvass.Domain.Ballots;

namespace Canvass.Domain.Tests.Ballots;

public sealed class MarkPartTableTests
{
    [Fact]
    public void Parts_AreNumberedInOrder_AcrossChunks_UntilFull()
    {
        var table = new MarkPartTable();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(i, table.Add($"k-{i}=s-1"));
        }

        Assert.Equal(10_000, table.Count);
        Assert.Equal("k-0=s-1", table[0]);
        Assert.Equal("k-4095=s-1", table[4095]);
        Assert.Equal("k-4096=s-1", table[4096]);
        Assert.Equal("k-9999=s-1", table[9999]);
        Assert.False(table.IsFull);

        for (var i = table.Count; i < MarkPartTable.Capacity; i++)
        {
            table.Add("p");
        }

        Assert.True(table.IsFull);
        Assert.Throws<InvalidOperationException>(() => table.Add("one more"));
        Assert.Equal(MarkPartTable.Capacity, table.Count);
    }

    [Fact]
    public void Parts_KeepTheirUtf8_AndJoinIntoTheMarks()
    {
        var table = new MarkPartTable();
        var a = table.Add("k-gov=s-1");
        var b = table.Add("k-\u00e9=s-\u00e9|s-2");
        var c = table.Add("k-co=");

        Assert.Equal("k-\u00e9=s-\u00e9|s-2"u8.ToArray(), table.Utf8(b).ToArray());
        Assert.Equal("k-gov=s-1;k-\u00e9=s-\u00e9|s-2;k-co=", table.Join([a, b, c]));
        Assert.Equal("k-co=", table.Join([c]));
        Assert.Equal(string.Empty, table.Join([]));

        // A part of 31 bytes (the longest copied as one block with its ';') and one of 32 (copied as it is).
        var d = table.Add(new string('d', 31));
        var e = table.Add(new string('e', 32));
        int[][] cases = [[c, b, a, b], [a], [d], [e], [d, e, d], [e, d, e, a], [b, b, b, b, b, b, b, b, b, b, b, b]];
        foreach (var parts in cases)
        {
            var expected = System.Text.Encoding.UTF8.GetBytes(table.Join(parts));
            Assert.Equal(expected.Length, table.Utf8Length(parts));

            // With no room to spare, with a little, and with the slack that lets every short part go as one block.
            foreach (var room in new[] { 0, 3, MarkPartTable.WriteSlack })
            {
                var written = new byte[expected.Length + room];
                written.AsSpan().Fill(0xEE);
                Assert.Equal(expected.Length, table.WriteUtf8(parts, written));
                Assert.Equal(expected, written[..expected.Length]);
            }
        }

        Assert.Equal(0, table.Utf8Length([]));
        Assert.Equal(0, table.WriteUtf8([], new byte[4]));
    }

    [Fact]
    public void A_part_with_a_lone_surrogate_is_not_numbered()
    {
        // It has no UTF-8, so the reader must hand its row over as text (and the store then refuses it as it always has).
        var table = new MarkPartTable();
        table.Add("k-gov=s-1");

        Assert.False(table.TryAdd("k-gov=s-\ud800", out var part));
        Assert.Equal(-1, part);
        Assert.Throws<ArgumentException>(() => table.Add("k-gov=\udc00"));
        Assert.Equal(1, table.Count);
        Assert.True(table.TryAdd("k-gov=s-2", out part));
        Assert.Equal(1, part);
    }
}
