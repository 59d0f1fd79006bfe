using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Storage.Sqlite;

/// <summary>A page of consecutive ballots of one import, as stored in one <c>cvr_ballot_pages</c> BLOB. It starts with the
/// two bytes <c>00 FF</c> (schema 4). Per ballot: its source line, vote method, which optional fields it has, its id,
/// then county, precinct, batch and style, and its marks as the count of their <c>;</c>-separated parts followed by the
/// parts. The line is written as its distance from the line of the ballot before plus one (zigzag, so 0 for the next
/// line; the page's first ballot counts from line 0). The id is written against the id before it on the page: the number
/// of leading UTF-8 bytes the two share, then the length of the rest and the rest (ids of a file mostly count up, so
/// this is two or three bytes). Every other string goes through the page's string table: a number n that is odd
/// introduces a new string of n &gt;&gt; 1 UTF-8 bytes, which becomes the table's next entry; an even n repeats entry
/// n &gt;&gt; 1. Counties, batches and marks such as <c>k-gov=s-1</c> recur on almost every ballot, so a ballot takes
/// about a seventh of the bytes it would as text. Numbers are unsigned LEB128. Pages are cut at about
/// <see cref="TargetBytes"/>, so a lookup reads one small BLOB and no page lands on the large-object heap; each page starts
/// with an empty table and no previous line or id, so any page decodes alone.</summary>
/// <remarks>
/// <para>Schema 3 pages (written before 2026-12-02) have no leading <c>00 FF</c>, an absolute line, and each id whole
/// (its length, then its bytes); they are read as they are. A schema 3 page cannot start with <c>00 FF</c>: that would be
/// line 0 with a vote method of 127 or more.</para>
/// <para>The page is storage only; the bytes an import commits to are <see cref="CvrRecordEncoding"/> records, which
/// readers rebuild from the decoded ballot.</para>
/// </remarks>
internal static class BallotPage
{
    public const int TargetBytes = 63 * 1024;

    /// <summary>The two bytes a schema 4 page starts with.</summary>
    private static ReadOnlySpan<byte> Marker => [0x00, 0xFF];

    private const byte HasPrecinct = 1;
    private const byte HasBatch = 2;
    private const byte HasStyle = 4;


    /// <summary>The 64-bit key of a ballot id in the id index: XxHash3 (seed 0) of its UTF-8 bytes, as a signed integer
    /// so that SQLite orders it like .NET does. Two ids may share a key; every match is confirmed on the real id.</summary>
    public static long IdKey(ReadOnlySpan<byte> utf8Id) => unchecked((long)XxHash3.HashToUInt64(utf8Id));

    /// <summary>The id key of <paramref name="ballotId"/>.</summary>
    public static long IdKey(string ballotId)
    {
        var count = StrictUtf8Bytes.ByteCount(ballotId);
        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var written = StrictUtf8Bytes.Write(ballotId, rented);
            return IdKey(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes ballots into one page at a time. Not thread-safe.</summary>
    public sealed class Writer
    {
        private readonly Dictionary<string, int> _table = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spans;

        // The last county, precinct, batch and style written and their table entries: importers pass the same string
        // instance for ballot after ballot, so a reference check skips hashing it.
        private readonly string?[] _recent = new string?[4];
        private readonly int[] _recentEntry = new int[4];

        // Marks parts by their number in the reader's part table: the page they were last written to and their entry
        // there, so a part met again costs an array read, not a hash of its text.
        private MarkPartTable? _partTable;
        private int[] _partPage = [];
        private int[] _partEntry = [];
        private int _page = 1;
        private int _entries;

        // The line and the UTF-8 id of the ballot written before on this page; the id being written goes to the spare.
        private long _lastLine;
        private byte[] _lastId = new byte[64];
        private byte[] _spareId = new byte[64];
        private int _lastIdLength;

        public Writer() => _spans = _table.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>Gets the page written so far.</summary>
        public ArrayBufferWriter<byte> Output { get; } = new(TargetBytes + 4096);

        /// <summary>Starts a new page: empties the output and the string table.</summary>
        public void Reset()
        {
            Output.ResetWrittenCount();
            _table.Clear();
            Array.Clear(_recent);
            _entries = 0;
            _page++;
        }

        /// <summary>Appends one ballot and returns its id key.</summary>
        public long Write(in BallotFields ballot, long line)
        {
            var output = Output;
            if (output.WrittenCount == 0)
            {
                output.Write(Marker);
                _lastLine = 0;
                _lastIdLength = 0;
            }

            WriteNumber(ZigZag(unchecked(line - _lastLine - 1)), output);
            _lastLine = line;
            WriteNumber((ulong)ballot.VoteMethod, output);
            var flags = (byte)((ballot.Precinct is null ? 0 : HasPrecinct) | (ballot.BatchId is null ? 0 : HasBatch) | (ballot.BallotStyle is null ? 0 : HasStyle));
            output.GetSpan(1)[0] = flags;
            output.Advance(1);

            var given = ballot.BallotIdUtf8;
            var length = given.IsEmpty ? StrictUtf8Bytes.ByteCount(ballot.BallotId) : given.Length;
            if (_spareId.Length < length)
            {
                _spareId = new byte[Math.Max(length, _spareId.Length * 2)];
            }

            var id = _spareId.AsSpan(0, length);
            if (given.IsEmpty)
            {
                StrictUtf8Bytes.Write(ballot.BallotId, id);
            }
            else
            {
                given.CopyTo(id);
            }

            var key = IdKey(id);
            var shared = id.CommonPrefixLength(_lastId.AsSpan(0, _lastIdLength));
            WriteNumber((ulong)shared, output);
            WriteNumber((ulong)(length - shared), output);
            output.Write(id[shared..]);
            (_lastId, _spareId, _lastIdLength) = (_spareId, _lastId, length);
            WriteRecent(0, ballot.County);
            if (ballot.Precinct is not null)
            {
                WriteRecent(1, ballot.Precinct);
            }

            if (ballot.BatchId is not null)
            {
                WriteRecent(2, ballot.BatchId);
            }

            if (ballot.BallotStyle is not null)
            {
                WriteRecent(3, ballot.BallotStyle);
            }

            if (!ballot.MarkParts.IsEmpty && ballot.PartTable is { } parts)
            {
                WriteNumber((ulong)ballot.MarkParts.Length, output);
                foreach (var part in ballot.MarkParts)
                {
                    WritePart(part, parts);
                }

                return key;
            }

            var marks = ballot.Marks;
            WriteNumber(marks.IsEmpty ? 0UL : (ulong)marks.Count(';') + 1, output);
            if (!marks.IsEmpty)
            {
                foreach (var part in marks.Split(';'))
                {
                    WriteShared(marks[part]);
                }
            }

            return key;
        }

        private void WriteRecent(int slot, string value)
        {
            if (ReferenceEquals(_recent[slot], value))
            {
                WriteNumber((ulong)_recentEntry[slot] << 1, Output);
                return;
            }

            _recentEntry[slot] = WriteShared(value);
            _recent[slot] = value;
        }

        private void WritePart(int part, MarkPartTable parts)
        {
            if (!ReferenceEquals(parts, _partTable))
            {
                _partTable = parts;
                Array.Clear(_partPage);
            }

            if (part >= _partPage.Length)
            {
                var size = Math.Max(part + 1, _partPage.Length * 2);
                Array.Resize(ref _partPage, size);
                Array.Resize(ref _partEntry, size);
            }

            if (_partPage[part] == _page)
            {
                WriteNumber((ulong)_partEntry[part] << 1, Output);
                return;
            }

            _partEntry[part] = WriteNew(parts[part]);
            _partPage[part] = _page;
        }

        /// <summary>Writes <paramref name="value"/> through the table and returns its entry.</summary>
        private int WriteShared(ReadOnlySpan<char> value)
        {
            if (_spans.TryGetValue(value, out var entry))
            {
                WriteNumber((ulong)entry << 1, Output);
                return entry;
            }

            entry = WriteNew(value);
            _spans[value] = entry;
            return entry;
        }

        /// <summary>Introduces <paramref name="value"/> as the table's next entry and returns that entry.</summary>
        private int WriteNew(ReadOnlySpan<char> value)
        {
            var length = StrictUtf8Bytes.ByteCount(value);
            WriteNumber(((ulong)length << 1) | 1, Output);
            var span = Output.GetSpan(length);
            StrictUtf8Bytes.Write(value, span);
            Output.Advance(length);
            return _entries++;
        }
    }

    /// <summary>Reads the ballots of one page in order. Not thread-safe.</summary>
    public sealed class Reader(byte[] page)
    {
        private readonly List<string> _table = [];
        private readonly List<string> _parts = [];
        private readonly bool _schema4 = page.AsSpan().StartsWith(Marker);
        private int _offset = page.AsSpan().StartsWith(Marker) ? Marker.Length : 0;

        // Schema 4: the line and the UTF-8 id of the ballot read before.
        private long _lastLine;
        private byte[] _lastId = [];
        private int _lastIdLength;

        /// <summary>Gets whether every byte of the page has been read.</summary>
        public bool AtEnd => _offset == page.Length;

        /// <summary>Reads the next ballot.</summary>
        public StoredBallot Read(out long line)
        {
            line = ReadLine();
            var method = (CountItemType)ReadNumber(page, ref _offset);
            var flags = ReadFlags();
            var id = ReadId();
            var county = ReadShared();
            var precinct = (flags & HasPrecinct) != 0 ? ReadShared() : null;
            var batch = (flags & HasBatch) != 0 ? ReadShared() : null;
            var style = (flags & HasStyle) != 0 ? ReadShared() : null;
            var count = ReadNumber(page, ref _offset);
            string marks;
            if (count == 1)
            {
                marks = ReadShared();
            }
            else
            {
                _parts.Clear();
                for (var i = 0UL; i < count; i++)
                {
                    _parts.Add(ReadShared());
                }

                marks = string.Join(';', _parts);
            }

            return new StoredBallot(id, county, precinct, batch, method, style, marks);
        }

        /// <summary>Reads only the next ballot's id and line.</summary>
        public string ReadId(out long line)
        {
            line = ReadLine();
            ReadNumber(page, ref _offset);
            var flags = ReadFlags();
            var id = ReadId();
            SkipRest(flags);
            return id;
        }

        /// <summary>Moves past <paramref name="count"/> ballots (keeping the string table and, in schema 4, the line and id
        /// they leave for the next).</summary>
        public void Skip(long count)
        {
            for (var b = 0L; b < count; b++)
            {
                ReadLine();
                ReadNumber(page, ref _offset);
                var flags = ReadFlags();
                if (_schema4)
                {
                    ReadIdBytes();
                }
                else
                {
                    Take(ReadNumber(page, ref _offset));
                }

                SkipRest(flags);
            }
        }

        private long ReadLine()
        {
            if (!_schema4)
            {
                return (long)ReadNumber(page, ref _offset);
            }

            var n = ReadNumber(page, ref _offset);
            _lastLine = unchecked(_lastLine + 1 + ((long)(n >> 1) ^ -(long)(n & 1)));
            return _lastLine;
        }

        private string ReadId() => _schema4 ? Utf8(ReadIdBytes()) : ReadString();

        /// <summary>A schema 4 id: the bytes it shares with the id before, then its own.</summary>
        private ReadOnlySpan<byte> ReadIdBytes()
        {
            var shared = ReadNumber(page, ref _offset);
            var rest = ReadNumber(page, ref _offset);
            if (shared > (ulong)_lastIdLength || rest > (ulong)(page.Length - _offset))
            {
                throw new InvalidDataException("A stored ballot page holds an id that does not fit it.");
            }

            var length = (int)shared + (int)rest;
            if (_lastId.Length < length)
            {
                Array.Resize(ref _lastId, Math.Max(length, _lastId.Length * 2));
            }

            page.AsSpan(_offset, (int)rest).CopyTo(_lastId.AsSpan((int)shared));
            _offset += (int)rest;
            _lastIdLength = length;
            return _lastId.AsSpan(0, length);
        }

        private void SkipRest(byte flags)
        {
            var shared = 1 + ((flags & HasPrecinct) != 0 ? 1 : 0) + ((flags & HasBatch) != 0 ? 1 : 0) + ((flags & HasStyle) != 0 ? 1 : 0);
            for (var i = 0; i < shared; i++)
            {
                ReadShared();
            }

            var count = ReadNumber(page, ref _offset);
            for (var i = 0UL; i < count; i++)
            {
                ReadShared();
            }
        }

        private string ReadString() => Utf8(Take(ReadNumber(page, ref _offset)));

        private byte ReadFlags() =>
            _offset < page.Length ? page[_offset++] : throw new InvalidDataException("A stored ballot page ends inside a ballot.");

        /// <summary>The next <paramref name="length"/> bytes, which a page that was altered or cut short may not have.</summary>
        private ReadOnlySpan<byte> Take(ulong length)
        {
            if (length > (ulong)(page.Length - _offset))
            {
                throw new InvalidDataException("A stored ballot page holds a string longer than what is left of the page.");
            }

            var bytes = page.AsSpan(_offset, (int)length);
            _offset += (int)length;
            return bytes;
        }

        private string ReadShared()
        {
            var n = ReadNumber(page, ref _offset);
            if ((n & 1) == 0)
            {
                var entry = n >> 1;
                return entry < (ulong)_table.Count
                    ? _table[(int)entry]
                    : throw new InvalidDataException("A stored ballot page repeats a string it never introduced.");
            }

            var value = Utf8(Take(n >> 1));
            _table.Add(value);
            return value;
        }
    }

    /// <summary>Decodes a string of a page, which a page that was altered may not hold as UTF-8.</summary>
    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8Bytes.Encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("A stored ballot page holds a string that is not UTF-8.", e);
        }
    }

    /// <summary>A signed number as an unsigned one: 0, -1, 1, -2 … become 0, 1, 2, 3 ….</summary>
    private static ulong ZigZag(long value) => unchecked((ulong)((value << 1) ^ (value >> 63)));

    private static void WriteNumber(ulong value, ArrayBufferWriter<byte> output) => output.Advance(WriteNumber(value, output.GetSpan(10)));

    /// <summary>Writes <paramref name="value"/> as unsigned LEB128 (at most 10 bytes) and returns how many bytes it took.</summary>
    public static int WriteNumber(ulong value, Span<byte> span)
    {
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = unchecked((byte)(value | 0x80));
            value >>= 7;
        }

        span[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads an unsigned LEB128 number at <paramref name="offset"/> and moves past it.</summary>
    public static ulong ReadNumber(ReadOnlySpan<byte> page, ref int offset)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (offset >= page.Length)
            {
                throw new InvalidDataException("A stored ballot page ends inside a number.");
            }

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
