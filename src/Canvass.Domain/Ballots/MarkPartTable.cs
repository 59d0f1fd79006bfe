using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Canvass.Domain.Ballots;

/// <summary>Numbers the distinct parts of encoded marks (<c>contest=selection|selection</c>, the text between two
/// <c>;</c> in <see cref="BallotEncoding.EncodeMarks"/>) that one import meets, so that the stages after the reader can
/// refer to a part by its number instead of hashing its text again, and copy its UTF-8 instead of encoding it again.</summary>
/// <remarks>Append-only, with one writer: the reader adds parts, and other threads read the numbers of parts they were
/// handed through a synchronizing hand-off (such as a channel). It stops taking parts at <see cref="Capacity"/>, so a
/// file whose cells are nearly all different cannot make it grow without bound; readers then hand over the marks as
/// text only.</remarks>
public sealed class MarkPartTable
{
    /// <summary>The most parts a table holds.</summary>
    public const int Capacity = 1 << 18;

    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;

    /// <summary>How many bytes past <see cref="Utf8Length"/> <see cref="WriteUtf8"/> may overwrite when its destination
    /// has room for them: a part of up to 31 bytes is written, with the <c>;</c> after it, as one 32-byte copy.</summary>
    public const int WriteSlack = 32;

    private readonly string[][] _chunks = new string[Capacity / ChunkSize][];
    private readonly byte[][][] _utf8 = new byte[Capacity / ChunkSize][][];
    // Per part: its UTF-8 length, and (when under 32 bytes) its UTF-8 followed by ';' and zeros, as one 32-byte block.
    private readonly int[][] _lengths = new int[Capacity / ChunkSize][];
    private readonly Vector256<byte>[][] _blocks = new Vector256<byte>[Capacity / ChunkSize][];
    private int _count;

    /// <summary>Gets how many parts were added.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets whether the table is full.</summary>
    public bool IsFull => _count == Capacity;

    /// <summary>Gets the text of part <paramref name="part"/>.</summary>
    /// <param name="part">A number <see cref="Add"/> returned.</param>
    public string this[int part] => _chunks[part >> ChunkBits][part & (ChunkSize - 1)];

    /// <summary>Gets the UTF-8 bytes of part <paramref name="part"/>.</summary>
    /// <param name="part">A number <see cref="Add"/> returned.</param>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> Utf8(int part) => _utf8[part >> ChunkBits][part & (ChunkSize - 1)];

    /// <summary>Adds a part (the writer only) and returns its number.</summary>
    /// <param name="text">The part's text, such as <c>k-gov=s-1</c>.</param>
    /// <returns>Its number.</returns>
    /// <exception cref="InvalidOperationException">The table is full.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> holds a lone surrogate, which has no UTF-8.</exception>
    public int Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsFull)
        {
            throw new InvalidOperationException("The mark part table is full.");
        }

        return TryAdd(text, out var part) ? part : throw new ArgumentException("A mark part holds a lone surrogate.", nameof(text));
    }

    /// <summary>Adds a part (the writer only), unless the table is full or the text has no UTF-8 (a lone surrogate).</summary>
    /// <param name="text">The part's text, such as <c>k-gov=s-1</c>.</param>
    /// <param name="part">Its number, or -1 when it was not added.</param>
    /// <returns>Whether it was added.</returns>
    public bool TryAdd(string text, out int part)
    {
        ArgumentNullException.ThrowIfNull(text);
        part = -1;
        if (IsFull)
        {
            return false;
        }

        var utf8 = new byte[checked(text.Length * 3)];
        if (System.Text.Unicode.Utf8.FromUtf16(text, utf8, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return false;
        }

        part = _count;
        var (c, i) = (part >> ChunkBits, part & (ChunkSize - 1));
        (_chunks[c] ??= new string[ChunkSize])[i] = text;
        (_utf8[c] ??= new byte[ChunkSize][])[i] = written == utf8.Length ? utf8 : utf8[..written];
        (_lengths[c] ??= new int[ChunkSize])[i] = written;
        if (written < WriteSlack)
        {
            Span<byte> block = stackalloc byte[WriteSlack];
            block.Clear();
            utf8.AsSpan(0, written).CopyTo(block);
            block[written] = (byte)';';
            (_blocks[c] ??= new Vector256<byte>[ChunkSize])[i] = Vector256.Create((ReadOnlySpan<byte>)block);
        }

        Volatile.Write(ref _count, part + 1);
        return true;
    }

    /// <summary>Returns the marks that <paramref name="parts"/> make: their texts joined by <c>;</c>.</summary>
    /// <param name="parts">Numbers <see cref="Add"/> returned, in order.</param>
    /// <returns>The marks' text.</returns>
    public string Join(ReadOnlySpan<int> parts)
    {
        // Off the import's path (the stages after the reader copy the parts' UTF-8): only callers that want text join.
        var texts = new string[parts.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            texts[k] = this[parts[k]];
        }

        return string.Join(';', texts);
    }

    /// <summary>Returns the number of UTF-8 bytes of the marks <paramref name="parts"/> make (<see cref="Join"/>).</summary>
    /// <param name="parts">Numbers <see cref="Add"/> returned, in order.</param>
    /// <returns>The byte count.</returns>
    public int Utf8Length(ReadOnlySpan<int> parts)
    {
        var length = parts.Length - 1;
        foreach (var part in parts)
        {
            length += _lengths[part >> ChunkBits][part & (ChunkSize - 1)];
        }

        return Math.Max(0, length);
    }

    /// <summary>Writes the UTF-8 of the marks <paramref name="parts"/> make (<see cref="Join"/>) to
    /// <paramref name="destination"/>, which holds at least <see cref="Utf8Length"/> bytes; with
    /// <see cref="WriteSlack"/> bytes more, it may write past that length (its content there is then unspecified) and is
    /// faster.</summary>
    /// <param name="parts">Numbers <see cref="Add"/> returned, in order.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <returns>How many bytes were written.</returns>
    public int WriteUtf8(ReadOnlySpan<int> parts, Span<byte> destination)
    {
        // Every part but the last is followed by ';'. A part under 32 bytes is copied with its ';' as one 32-byte block
        // when the destination has room for the whole block.
        var at = 0;
        ref var start = ref MemoryMarshal.GetReference(destination);
        for (var k = 0; k < parts.Length; k++)
        {
            var (c, i) = (parts[k] >> ChunkBits, parts[k] & (ChunkSize - 1));
            var length = _lengths[c][i];
            if (length < WriteSlack && at + WriteSlack <= destination.Length)
            {
                _blocks[c][i].StoreUnsafe(ref Unsafe.Add(ref start, at));
                at += length + 1;
            }
            else
            {
                _utf8[c][i].CopyTo(destination[at..]);
                at += length;
                if (k < parts.Length - 1)
                {
                    destination[at++] = (byte)';';
                }

                continue;
            }

            if (k == parts.Length - 1)
            {
                at--;
            }
        }

        return at;
    }
}
