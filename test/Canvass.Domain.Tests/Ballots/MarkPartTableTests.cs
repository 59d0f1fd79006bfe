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
}
