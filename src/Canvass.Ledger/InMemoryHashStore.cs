namespace Canvass.Ledger;

/// <summary>An <see cref="IHashStore"/> in memory, in chunks of 65,536 hashes (2 MiB) so that growth never copies.</summary>
/// <remarks>Not thread-safe for writes; concurrent reads of already appended hashes are safe.</remarks>
public sealed class InMemoryHashStore : IHashStore
{
    private const int ChunkShift = 16;
    private const int ChunkHashes = 1 << ChunkShift;
    private readonly List<Level> _levels = [];

    /// <inheritdoc/>
    public long Count(int level) => level < _levels.Count ? _levels[level].Count : 0;

    /// <inheritdoc/>
    public void Read(int level, long index, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count(level));
        var chunk = _levels[level].Chunks[(int)(index >> ChunkShift)];
        chunk.AsSpan((int)(index & (ChunkHashes - 1)) * TreeHash.Size, TreeHash.Size).CopyTo(destination);
    }

    /// <inheritdoc/>
    public void Append(int level, ReadOnlySpan<byte> hash)
    {
        if (hash.Length != TreeHash.Size)
        {
            throw new ArgumentException("A hash is 32 bytes.", nameof(hash));
        }

        while (_levels.Count <= level)
        {
            _levels.Add(new Level());
        }

        var l = _levels[level];
        var offset = (int)(l.Count & (ChunkHashes - 1));
        if (offset == 0)
        {
            l.Chunks.Add(new byte[ChunkHashes * TreeHash.Size]);
        }

        hash.CopyTo(l.Chunks[^1].AsSpan(offset * TreeHash.Size));
        l.Count++;
    }

    private sealed class Level
    {
        public List<byte[]> Chunks { get; } = [];

        public long Count { get; set; }
    }
}
