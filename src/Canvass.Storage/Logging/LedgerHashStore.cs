using Canvass.Ledger;

namespace Canvass.Storage.Logging;

/// <summary>
/// An <see cref="IHashStore"/> view of a store's <c>ledger_hashes</c> table, loaded inside one transaction: the count and
/// last hash of every level come from one query (enough for <see cref="MerkleTree"/> to resume), older nodes are read on
/// demand through <c>readNode</c>, and appended hashes are kept in <see cref="Pending"/> until the caller writes them in
/// the same transaction. Nothing is cached across transactions, so a rollback can leave nothing behind.
/// </summary>
internal sealed class LedgerHashStore : IHashStore
{
    private const int MaxLevels = 64;
    private readonly long[] _counts = new long[MaxLevels];
    private readonly Dictionary<(int Level, long Index), byte[]> _known = [];
    private readonly Func<int, long, byte[]?> _readNode;
    private readonly bool _writable;
    private readonly List<(int Level, long Index, byte[] Hash)> _pending = [];

    /// <summary>Initializes a view from the last node of every level.</summary>
    /// <param name="lastNodes">(level, index, hash) of the last stored node of each non-empty level.</param>
    /// <param name="readNode">Reads one stored node, or null when it is missing.</param>
    /// <param name="writable">Whether <see cref="Append"/> is allowed.</param>
    public LedgerHashStore(IEnumerable<(int Level, long Index, byte[] Hash)> lastNodes, Func<int, long, byte[]?> readNode, bool writable)
    {
        foreach (var (level, index, hash) in lastNodes)
        {
            if (level is < 0 or >= MaxLevels || hash.Length != TreeHash.Size)
            {
                throw new InvalidOperationException($"ledger_hashes holds a malformed node at level {level}.");
            }

            _counts[level] = checked(index + 1);
            _known[(level, index)] = hash;
        }

        _readNode = readNode;
        _writable = writable;
    }

    /// <summary>The hashes appended since loading, in append order.</summary>
    public IReadOnlyList<(int Level, long Index, byte[] Hash)> Pending => _pending;

    /// <inheritdoc/>
    public long Count(int level) => level is >= 0 and < MaxLevels ? _counts[level] : 0;

    /// <inheritdoc/>
    public void Read(int level, long index, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count(level));
        if (!_known.TryGetValue((level, index), out var hash))
        {
            hash = _readNode(level, index) ?? throw new InvalidOperationException($"ledger_hashes has no node ({level}, {index}) although level {level} holds {Count(level)}.");
            if (hash.Length != TreeHash.Size)
            {
                throw new InvalidOperationException($"ledger_hashes node ({level}, {index}) is not 32 bytes.");
            }
        }

        hash.CopyTo(destination);
    }

    /// <inheritdoc/>
    public void Append(int level, ReadOnlySpan<byte> hash)
    {
        if (!_writable)
        {
            throw new InvalidOperationException("This view of the ledger is read-only.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, MaxLevels);
        var copy = hash.ToArray();
        var index = _counts[level];
        _counts[level] = checked(index + 1);
        _known[(level, index)] = copy;
        _pending.Add((level, index, copy));
    }
}
