namespace Canvass.Storage.Sqlite;

/// <summary>One partition's entries in memory: keys and places side by side, loaded in place order and sorted by key
/// (and so by key, then place).</summary>
internal sealed class IdPartition
{
    private long[] _keys = new long[1024];
    private long[] _places = new long[1024];
    private long[] _sparePlaces = [];
    private long[] _spareKeys = [];

    public ReadOnlySpan<long> Keys => _keys.AsSpan(0, Count);

    public ReadOnlySpan<long> Places => _places.AsSpan(0, Count);

    public int Count { get; set; }

    public void Add(long key, long place)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _places, Count * 2);
        }

        _keys[Count] = key;
        _places[Count] = place;
        Count++;
    }

    /// <summary>Sorts by key with a least-significant-digit radix sort, a byte at a time. It is stable, so the places
    /// of one key (a repeated id, or a key collision), loaded in order, stay in order. Keys of one partition share
    /// their top bits, so their order as unsigned numbers is their order as signed ones; a byte that every key
    /// shares (the partition's, or one cleared by a key mask) is skipped.</summary>
    public void Sort()
    {
        var n = Count;
        if (n < 2)
        {
            return;
        }

        if (_spareKeys.Length < n)
        {
            _spareKeys = new long[_keys.Length];
            _sparePlaces = new long[_keys.Length];
        }

        Span<int> counts = stackalloc int[8 * 256];
        counts.Clear();
        foreach (var key in _keys.AsSpan(0, n))
        {
            var k = unchecked((ulong)key);
            for (var b = 0; b < 8; b++)
            {
                counts[(b << 8) | (int)((k >> (b << 3)) & 0xFF)]++;
            }
        }

        for (var b = 0; b < 8; b++)
        {
            var shift = b << 3;
            var digits = counts.Slice(b << 8, 256);
            if (digits[(int)((unchecked((ulong)_keys[0]) >> shift) & 0xFF)] == n)
            {
                continue;
            }

            var offset = 0;
            for (var d = 0; d < 256; d++)
            {
                (digits[d], offset) = (offset, offset + digits[d]);
            }

            var keys = _keys;
            var places = _places;
            var toKeys = _spareKeys;
            var toPlaces = _sparePlaces;
            for (var i = 0; i < n; i++)
            {
                var key = keys[i];
                var at = digits[(int)((unchecked((ulong)key) >> shift) & 0xFF)]++;
                toKeys[at] = key;
                toPlaces[at] = places[i];
            }

            (_keys, _spareKeys) = (_spareKeys, _keys);
            (_places, _sparePlaces) = (_sparePlaces, _places);
        }
    }
}
