using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Canvass.Formats.Cvr;

/// <summary>The numbers of the cells one contest column has met, by the cell's text: what the Canvass CSV reader looks up
/// for every cell of every row, so it is kept cheaper than a <see cref="Dictionary{TKey, TValue}"/> lookup by span (an
/// open-addressing table with a hash of a few multiplications per 8 bytes of text).</summary>
/// <remarks>A file could be written so that many different cells share a hash. No lookup or insertion walks more than
/// <see cref="MaxProbes"/> slots: when one would, the table moves its cells into a <see cref="Dictionary{TKey, TValue}"/>
/// (whose string hashing is randomized when keys collide) and uses that from then on.</remarks>
internal sealed class CellNumbers
{
    /// <summary>The most slots a lookup or insertion walks before the table gives way to a dictionary.</summary>
    internal const int MaxProbes = 64;

    private readonly bool _collide;
    private string?[] _keys = new string?[64];
    private int[] _values = new int[64];

    // The slot is the hash's top bits (64 - _shift of them), where every byte of the text has had its effect: a
    // multiplication carries a difference only upward, so text differing in its last character differs there.
    private int _shift = 64 - 6;
    private int _count;
    private Dictionary<string, int>? _fallback;

    /// <summary>Initializes an empty table.</summary>
    public CellNumbers()
    {
    }

    /// <summary>Initializes an empty table whose every cell has the same hash, to test the way out.</summary>
    /// <param name="collide">Whether every cell has the same hash.</param>
    internal CellNumbers(bool collide) => _collide = collide;

    /// <summary>Gets whether the table gave way to a dictionary.</summary>
    internal bool UsesDictionary => _fallback is not null;

    /// <summary>Gets the number of <paramref name="cell"/>, if it was added.</summary>
    /// <param name="cell">The cell's text.</param>
    /// <param name="number">Its number.</param>
    /// <returns>Whether it was added.</returns>
    public bool TryGet(ReadOnlySpan<char> cell, out int number)
    {
        if (_fallback is null)
        {
            var mask = _keys.Length - 1;
            var slot = (int)(Hash(cell) >> _shift);
            for (var probe = 0; probe < MaxProbes; probe++)
            {
                if (_keys[slot] is not { } key)
                {
                    number = 0;
                    return false;
                }

                if (key.AsSpan().SequenceEqual(cell))
                {
                    number = _values[slot];
                    return true;
                }

                slot = (slot + 1) & mask;
            }

            GiveWay();
        }

        return _fallback!.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(cell, out number);
    }

    /// <summary>Adds a cell that <see cref="TryGet"/> did not find.</summary>
    /// <param name="cell">The cell's text.</param>
    /// <param name="number">Its number.</param>
    public void Add(string cell, int number)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (_fallback is null && !TryInsert(cell, number))
        {
            GiveWay();
        }

        _fallback?.Add(cell, number);
    }

    private bool TryInsert(string cell, int number)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            var (keys, values) = (_keys, _values);
            (_keys, _values, _count, _shift) = (new string?[keys.Length * 2], new int[keys.Length * 2], 0, _shift - 1);
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] is { } key && !TryInsert(key, values[i]))
                {
                    // Restore what was there, so that giving way moves every cell.
                    (_keys, _values, _shift) = (keys, values, _shift + 1);
                    return false;
                }
            }
        }

        var mask = _keys.Length - 1;
        var slot = (int)(Hash(cell) >> _shift);
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            if (_keys[slot] is null)
            {
                _keys[slot] = cell;
                _values[slot] = number;
                _count++;
                return true;
            }

            slot = (slot + 1) & mask;
        }

        return false;
    }

    /// <summary>Moves every cell into a dictionary, which answers from then on.</summary>
    private void GiveWay()
    {
        _fallback = new Dictionary<string, int>(_count, StringComparer.Ordinal);
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_keys[i] is { } key)
            {
                _fallback[key] = _values[i];
            }
        }

        _keys = [];
        _values = [];
    }

    private ulong Hash(ReadOnlySpan<char> cell)
    {
        if (_collide)
        {
            return 0;
        }

        var bytes = MemoryMarshal.AsBytes(cell);
        var h = unchecked((ulong)cell.Length * 0x9E3779B97F4A7C15UL);
        while (bytes.Length > 8)
        {
            h = unchecked((h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * 0xFF51AFD7ED558CCDUL);
            bytes = bytes[8..];
        }

        // The last 8 bytes or fewer in one step: the cell's last 8 bytes (overlapping what came before, the length
        // already in the hash), or all of a shorter cell's.
        ulong tail;
        if (cell.Length >= 4)
        {
            tail = BinaryPrimitives.ReadUInt64LittleEndian(MemoryMarshal.AsBytes(cell[^4..]));
        }
        else
        {
            tail = 0;
            foreach (var c in cell)
            {
                tail = (tail << 16) | c;
            }
        }

        h = unchecked((h ^ tail) * 0xC4CEB9FE1A85EC53UL);
        return h;
    }
}
