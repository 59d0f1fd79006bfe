using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Canvass.Domain.Elections;

namespace Canvass.Storage.Sqlite;

/// <summary>A page of consecutive ballots of one import, as stored in one <c>cvr_ballot_pages</c> BLOB: per ballot, its
/// source line, vote method, which optional fields it has, then its strings (UTF-8, length-prefixed) in the order id,
/// county, precinct, batch, style, marks. Lengths and numbers are unsigned LEB128. Pages are cut at about
/// <see cref="TargetBytes"/>, so a lookup reads one small BLOB and no page lands on the large-object heap.</summary>
/// <remarks>The page is storage only; the bytes an import commits to are <see cref="CvrRecordEncoding"/> records, which
/// readers rebuild from the decoded ballot.</remarks>
internal static class BallotPage
{
    public const int TargetBytes = 63 * 1024;

    private const byte HasPrecinct = 1;
    private const byte HasBatch = 2;
    private const byte HasStyle = 4;

    /// <summary>Strict UTF-8: a lone surrogate throws instead of turning into U+FFFD, so what is read is what was added.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The 64-bit key of a ballot id in the id index: XxHash3 (seed 0) of its UTF-8 bytes, as a signed integer
    /// so that SQLite orders it like .NET does. Two ids may share a key; every match is confirmed on the real id.</summary>
    public static long IdKey(ReadOnlySpan<byte> utf8Id) => unchecked((long)XxHash3.HashToUInt64(utf8Id));

    /// <summary>The id key of <paramref name="ballotId"/>.</summary>
    public static long IdKey(string ballotId)
    {
        var count = Utf8.GetByteCount(ballotId);
        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var written = Utf8.GetBytes(ballotId, rented);
            return IdKey(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Appends one ballot to <paramref name="output"/> and returns its id key.</summary>
    public static long Write(StoredBallot ballot, long line, ArrayBufferWriter<byte> output)
    {
        WriteNumber((ulong)line, output);
        WriteNumber((ulong)ballot.VoteMethod, output);
        var flags = (byte)((ballot.Precinct is null ? 0 : HasPrecinct) | (ballot.BatchId is null ? 0 : HasBatch) | (ballot.BallotStyle is null ? 0 : HasStyle));
        output.GetSpan(1)[0] = flags;
        output.Advance(1);
        var key = IdKey(WriteString(ballot.BallotId, output));
        WriteString(ballot.County, output);
        if (ballot.Precinct is not null)
        {
            WriteString(ballot.Precinct, output);
        }

        if (ballot.BatchId is not null)
        {
            WriteString(ballot.BatchId, output);
        }

        if (ballot.BallotStyle is not null)
        {
            WriteString(ballot.BallotStyle, output);
        }

        WriteString(ballot.Marks, output);
        return key;
    }

    /// <summary>Reads the ballot at <paramref name="offset"/> and moves past it.</summary>
    public static StoredBallot Read(ReadOnlySpan<byte> page, ref int offset, out long line)
    {
        line = (long)ReadNumber(page, ref offset);
        var method = (CountItemType)ReadNumber(page, ref offset);
        var flags = page[offset++];
        var id = ReadString(page, ref offset);
        var county = ReadString(page, ref offset);
        var precinct = (flags & HasPrecinct) != 0 ? ReadString(page, ref offset) : null;
        var batch = (flags & HasBatch) != 0 ? ReadString(page, ref offset) : null;
        var style = (flags & HasStyle) != 0 ? ReadString(page, ref offset) : null;
        var marks = ReadString(page, ref offset);
        return new StoredBallot(id, county, precinct, batch, method, style, marks);
    }

    /// <summary>Reads only the id and line of the ballot at <paramref name="offset"/> and moves past it.</summary>
    public static string ReadId(ReadOnlySpan<byte> page, ref int offset, out long line)
    {
        line = (long)ReadNumber(page, ref offset);
        ReadNumber(page, ref offset);
        var flags = page[offset++];
        var id = ReadString(page, ref offset);
        var rest = 2 + ((flags & HasPrecinct) != 0 ? 1 : 0) + ((flags & HasBatch) != 0 ? 1 : 0) + ((flags & HasStyle) != 0 ? 1 : 0);
        for (var i = 0; i < rest; i++)
        {
            var length = (int)ReadNumber(page, ref offset);
            offset += length;
        }

        return id;
    }

    /// <summary>Moves past <paramref name="count"/> ballots.</summary>
    public static void Skip(ReadOnlySpan<byte> page, ref int offset, long count)
    {
        for (var b = 0L; b < count; b++)
        {
            ReadNumber(page, ref offset);
            ReadNumber(page, ref offset);
            var flags = page[offset++];
            var strings = 3 + ((flags & HasPrecinct) != 0 ? 1 : 0) + ((flags & HasBatch) != 0 ? 1 : 0) + ((flags & HasStyle) != 0 ? 1 : 0);
            for (var i = 0; i < strings; i++)
            {
                var length = (int)ReadNumber(page, ref offset);
                offset += length;
            }
        }
    }

    private static ReadOnlySpan<byte> WriteString(string value, ArrayBufferWriter<byte> output)
    {
        var length = Utf8.GetByteCount(value);
        WriteNumber((ulong)length, output);
        var span = output.GetSpan(length);
        Utf8.GetBytes(value, span);
        output.Advance(length);
        return span[..length];
    }

    private static string ReadString(ReadOnlySpan<byte> page, ref int offset)
    {
        var length = (int)ReadNumber(page, ref offset);
        var value = Utf8.GetString(page.Slice(offset, length));
        offset += length;
        return value;
    }

    private static void WriteNumber(ulong value, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = unchecked((byte)(value | 0x80));
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }

    private static ulong ReadNumber(ReadOnlySpan<byte> page, ref int offset)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = page[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            if (shift >= 63)
            {
                throw new InvalidDataException("A stored ballot page holds a number longer than 64 bits.");
            }
        }
    }

    /// <summary>Id-index entries: (key, index in import) pairs, 16 bytes each, little-endian.</summary>
    public const int EntryBytes = 16;

    public static void WriteEntry(Span<byte> destination, IdEntry entry)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, entry.Key);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], entry.Index);
    }

    public static IdEntry ReadEntry(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(source), BinaryPrimitives.ReadInt64LittleEndian(source[8..]));
}

/// <summary>One id-index entry: a ballot's id key and its 0-based place in its import. Ordered by key, then place.</summary>
internal readonly record struct IdEntry(long Key, long Index) : IComparable<IdEntry>
{
    public int CompareTo(IdEntry other)
    {
        var c = Key.CompareTo(other.Key);
        return c != 0 ? c : Index.CompareTo(other.Index);
    }
}
