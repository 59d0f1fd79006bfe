using Canvass.Storage.Sqlite;

namespace Canvass.Storage.Tests.Sqlite;

/// <summary>The in-memory sort of one partition of an import's id keys: by key, with the places of equal keys left in the
/// order they were loaded, exactly as a plain sort by key and then place would give.</summary>
public sealed class IdPartitionTests
{
    [Theory]
    [InlineData(unchecked((long)0x9A00_0000_0000_0000UL), -1L, 5_000, 1)] // a partition of negative keys, real 64-bit hashes
    [InlineData(0x3100_0000_0000_0000L, -1L, 3_000, 2)] // a partition of positive keys
    [InlineData(0L, 0x7L, 3_000, 3)] // keys cut to three bits: nearly every entry shares its key with many others
    [InlineData(0L, 0xFF_0000L, 4_000, 4)] // only the third byte varies: the other passes are skipped
    public void Sort_GivesKeysInOrderAndEqualKeysInPlaceOrder(long partitionBits, long keyMask, int count, int seed)
    {
        var random = new Random(seed);
        var partition = new IdPartition();
        var expected = new List<(long Key, long Place)>();
        for (var place = 0L; place < count; place++)
        {
            // One entry in ten repeats an earlier key, as a repeated ballot id would.
            var key = expected.Count > 0 && random.Next(10) == 0
                ? expected[random.Next(expected.Count)].Key
                : partitionBits | (random.NextInt64() & keyMask & 0x00FF_FFFF_FFFF_FFFFL);
            partition.Add(key, place);
            expected.Add((key, place));
        }

        partition.Sort();

        var sorted = expected.OrderBy(e => e.Key).ThenBy(e => e.Place).ToList();
        Assert.Equal(sorted.Select(e => e.Key), partition.Keys.ToArray());
        Assert.Equal(sorted.Select(e => e.Place), partition.Places.ToArray());
    }

    [Fact]
    public void Sort_ReusedForPartitionsOfOtherSizes_SortsEachWhole()
    {
        var partition = new IdPartition();
        foreach (var count in new[] { 0, 1, 2, 3_000, 17, 9_000 })
        {
            var random = new Random(count);
            partition.Count = 0;
            var keys = new List<long>();
            for (var place = 0L; place < count; place++)
            {
                var key = 0x0500_0000_0000_0000L | (random.NextInt64() & 0x00FF_FFFF_FFFF_FFFFL);
                partition.Add(key, place);
                keys.Add(key);
            }

            partition.Sort();

            Assert.Equal(count, partition.Count);
            Assert.Equal(keys.Order(), partition.Keys.ToArray());
            Assert.Equal(keys.Select((k, place) => (k, place)).OrderBy(e => e.k).Select(e => (long)e.place), partition.Places.ToArray());
        }
    }
}
