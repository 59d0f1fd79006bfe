using System.Buffers;
using System.Text;
using System.Text.Json;
using Canvass.Domain.Elections;
using Canvass.Ledger;

namespace Canvass.Storage;

/// <summary>
/// <c>canvass-cvr-record.v1</c>: a ballot's public record (bundles, receipts), and the encodings an import's CVR
/// commitment (the <c>MerkleRoot</c> of <see cref="Canvass.Domain.Events.CvrsCommitted"/>) hashes: today
/// <see cref="Commitment"/>, of <see cref="FieldsName"/> records; earlier imports, of canonical records.
/// </summary>
/// <remarks>
/// The UTF-8 of an RFC 8785 canonical JSON object whose members, in JCS order, are <c>ballotId</c>, <c>ballotStyle</c>
/// (omitted when null), <c>batch</c> (omitted when null), <c>county</c>, <c>marks</c>, <c>precinct</c> (omitted when
/// null) and <c>voteMethod</c> (the NIST kebab-case name, e.g. <c>absentee-mail</c>), all strings. Example:
/// <c>{"ballotId":"b-1","county":"cty-fulton","marks":"k-gov=s-1","voteMethod":"election-day"}</c>. Thread-safe.
/// </remarks>
public static class CvrRecordEncoding
{
    /// <summary>The encoding's name. As <c>CvrsCommitted.RecordEncoding</c> it names the commitment with one record per
    /// leaf, which imports made before <see cref="Commitment"/> publish.</summary>
    public const string Name = "canvass-cvr-record.v1";

    /// <summary>The commitment imports made from 2026-12-01 to 2026-12-02 publish: leaves of <see cref="RecordsPerLeaf"/>
    /// consecutive <c>canvass-cvr-record.v1</c> records, each preceded by its 4-byte big-endian length
    /// (<see cref="Canvass.Ledger.RecordCommitment"/>). Still verified.</summary>
    public const string Records64 = "canvass-cvr-records64.v1";

    /// <summary>The commitment imports publish, as recorded in <c>CvrsCommitted.RecordEncoding</c>: leaves of
    /// <see cref="RecordsPerLeaf"/> consecutive <see cref="FieldsName"/> records (<see cref="EncodeFieldsTo(in BallotFields, ArrayBufferWriter{byte})"/>), each
    /// preceded by its 4-byte big-endian length (<see cref="Canvass.Ledger.RecordCommitment"/>).</summary>
    public const string Commitment = "canvass-cvr-fields64.v1";

    /// <summary>The compact record a ballot contributes to <see cref="Commitment"/>: its seven fields, each a LEB128
    /// number n then, when n &gt; 0, n - 1 bytes of UTF-8 (n = 0: the field is absent).</summary>
    public const string FieldsName = "canvass-cvr-fields.v1";

    /// <summary>How many consecutive records each leaf of <see cref="Commitment"/> holds.</summary>
    public const int RecordsPerLeaf = 64;

    /// <summary>Returns how many records each leaf holds in the commitment a <c>CvrsCommitted.RecordEncoding</c> names,
    /// or null for a name this version does not know.</summary>
    /// <param name="recordEncoding">The name recorded in the event.</param>
    /// <returns>1, <see cref="RecordsPerLeaf"/>, or null.</returns>
    public static int? RecordsPerLeafOf(string recordEncoding) => recordEncoding switch
    {
        Name => 1,
        Records64 or Commitment => RecordsPerLeaf,
        _ => null,
    };

    /// <summary>The bytes <paramref name="ballot"/> contributes to a commitment named <paramref name="recordEncoding"/>
    /// (one of those <see cref="RecordsPerLeafOf"/> knows): its <see cref="FieldsName"/> record for
    /// <see cref="Commitment"/>, else its canonical record.</summary>
    /// <param name="ballot">The ballot.</param>
    /// <param name="recordEncoding">The commitment's name.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Committed(StoredBallot ballot, string recordEncoding)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        return ToArray(ballot, fields: recordEncoding == Commitment);
    }

    /// <summary>Appends the <see cref="FieldsName"/> record of a ballot to <paramref name="buffer"/>: ballotId, county,
    /// precinct, batch, voteMethod (the NIST kebab-case name), ballotStyle and marks, in that order, each written as a
    /// LEB128 number n followed by n - 1 bytes of UTF-8, or as n = 0 when the field is null (only precinct, batch and
    /// ballotStyle can be). Example: ballot <c>b-1</c> of <c>cty-fulton</c>, election day, marks <c>k-gov=s-1</c>, no
    /// precinct, batch or style: <c>04 62 2D 31 0B 63 74 79 …</c>.</summary>
    /// <param name="ballot">The ballot's fields.</param>
    /// <param name="buffer">Where the record's bytes are appended.</param>
    /// <exception cref="FormatException">A string holds a lone surrogate.</exception>
    public static void EncodeFieldsTo(in BallotFields ballot, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        WriteField(ballot.BallotId, buffer);
        WriteField(ballot.County, buffer);
        WriteOptional(ballot.Precinct, buffer);
        WriteOptional(ballot.BatchId, buffer);
        WriteField(ballot.VoteMethod.ToNistName(), buffer);
        WriteOptional(ballot.BallotStyle, buffer);
        WriteMarks(ballot, buffer);
    }

    /// <summary>The bytes <paramref name="value"/> takes as a field of a <see cref="FieldsName"/> record: its LEB128 number
    /// n, then n - 1 bytes of UTF-8, or the one byte 0 for null. An importer encodes once each county, precinct, style or
    /// batch that recurs from ballot to ballot, and hands the bytes to
    /// <see cref="EncodeFieldsTo(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, in BallotFields, ArrayBufferWriter{byte})"/>.</summary>
    /// <param name="value">The field, or null.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> holds a lone surrogate.</exception>
    public static byte[] EncodeField(string? value)
    {
        var buffer = new ArrayBufferWriter<byte>((value?.Length ?? 0) + 8);
        EncodeField(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the bytes of <see cref="EncodeField(string?)"/> to <paramref name="buffer"/>, for a caller that
    /// reuses one buffer.</summary>
    /// <param name="value">The field, or null.</param>
    /// <param name="buffer">Where the bytes are appended.</param>
    /// <exception cref="FormatException"><paramref name="value"/> holds a lone surrogate.</exception>
    public static void EncodeField(string? value, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        WriteOptional(value, buffer);
    }

    /// <summary>Appends the same record as <see cref="EncodeFieldsTo(in BallotFields, ArrayBufferWriter{byte})"/> from
    /// fields encoded beforehand by <see cref="EncodeField(string?)"/>: <paramref name="ballot"/> gives the id and the marks, the
    /// rest of its fields are not read. Returns where the id's UTF-8 is in the record, for a store that takes it.</summary>
    /// <param name="county">The county, as <see cref="EncodeField(string?)"/> encodes it.</param>
    /// <param name="precinct">The precinct, likewise.</param>
    /// <param name="batch">The batch, likewise.</param>
    /// <param name="voteMethod">The vote method's NIST name, likewise.</param>
    /// <param name="ballotStyle">The ballot style, likewise.</param>
    /// <param name="ballot">The ballot's id and marks.</param>
    /// <param name="buffer">Where the record's bytes are appended.</param>
    /// <returns>The range of the id's UTF-8 in the record (counted from the record's start).</returns>
    /// <exception cref="FormatException">The id or the marks hold a lone surrogate.</exception>
    public static Range EncodeFieldsTo(ReadOnlySpan<byte> county, ReadOnlySpan<byte> precinct, ReadOnlySpan<byte> batch, ReadOnlySpan<byte> voteMethod, ReadOnlySpan<byte> ballotStyle,
        in BallotFields ballot, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var start = buffer.WrittenCount;
        var idAt = WriteField(ballot.BallotId, buffer);
        var idEnd = buffer.WrittenCount - start;
        var span = buffer.GetSpan(county.Length + precinct.Length + batch.Length + voteMethod.Length + ballotStyle.Length);
        county.CopyTo(span);
        var at = county.Length;
        precinct.CopyTo(span[at..]);
        at += precinct.Length;
        batch.CopyTo(span[at..]);
        at += batch.Length;
        voteMethod.CopyTo(span[at..]);
        at += voteMethod.Length;
        ballotStyle.CopyTo(span[at..]);
        buffer.Advance(at + ballotStyle.Length);
        WriteMarks(ballot, buffer);
        return idAt..idEnd;
    }

    /// <summary>Writes the marks field: the text, or the UTF-8 of each numbered part as the reader encoded it when it first
    /// met the part.</summary>
    private static void WriteMarks(in BallotFields ballot, ArrayBufferWriter<byte> buffer)
    {
        if (ballot.MarkParts.IsEmpty)
        {
            WriteField(ballot.Marks, buffer);
            return;
        }

        var parts = ballot.PartTable!;
        var length = parts.Utf8Length(ballot.MarkParts);
        var span = buffer.GetSpan(length + 5 + Domain.Ballots.MarkPartTable.WriteSlack);
        var at = WriteLength(length, span);
        at += parts.WriteUtf8(ballot.MarkParts, span[at..]);
        buffer.Advance(at);
    }

    private const int MaxRetainedBuffer = 64 * 1024;

    /// <summary>The characters JCS writes as they are: printable ASCII (and DEL) except quote and backslash.</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        string.Concat(Enumerable.Range(0x20, 0x60).Select(c => (char)c).Where(c => c is not '"' and not '\\')));

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>Encodes a ballot.</summary>
    /// <param name="ballot">The ballot.</param>
    /// <returns>The canonical record bytes (one allocation: the result).</returns>
    /// <exception cref="FormatException">A string holds a lone surrogate.</exception>
    public static byte[] Encode(StoredBallot ballot)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        return ToArray(ballot, fields: false);
    }

    /// <summary>Appends the record of <paramref name="ballot"/> to <paramref name="buffer"/>: the same bytes as
    /// <see cref="Encode"/>, for callers that encode many records into one buffer.</summary>
    /// <param name="ballot">The ballot.</param>
    /// <param name="buffer">Where the record's bytes are appended.</param>
    /// <exception cref="FormatException">A string holds a lone surrogate.</exception>
    public static void EncodeTo(StoredBallot ballot, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        EncodeTo(new BallotFields(ballot), buffer);
    }

    /// <summary>Appends the record of a ballot given by its fields to <paramref name="buffer"/>: the same bytes as
    /// <see cref="Encode"/> gives for the <see cref="StoredBallot"/> with those fields.</summary>
    /// <param name="ballot">The ballot's fields.</param>
    /// <param name="buffer">Where the record's bytes are appended.</param>
    /// <exception cref="FormatException">A string holds a lone surrogate.</exception>
    public static void EncodeTo(in BallotFields ballot, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Write("{\"ballotId\":"u8);
        WriteString(ballot.BallotId, buffer);
        if (ballot.BallotStyle is not null)
        {
            buffer.Write(",\"ballotStyle\":"u8);
            WriteString(ballot.BallotStyle, buffer);
        }

        if (ballot.BatchId is not null)
        {
            buffer.Write(",\"batch\":"u8);
            WriteString(ballot.BatchId, buffer);
        }

        buffer.Write(",\"county\":"u8);
        WriteString(ballot.County, buffer);
        buffer.Write(",\"marks\":"u8);
        WriteString(ballot.Marks, buffer);
        if (ballot.Precinct is not null)
        {
            buffer.Write(",\"precinct\":"u8);
            WriteString(ballot.Precinct, buffer);
        }

        buffer.Write(",\"voteMethod\":"u8);
        WriteString(ballot.VoteMethod.ToNistName(), buffer);
        buffer.Write("}"u8);
    }

    /// <summary>The canonical or <see cref="FieldsName"/> record of <paramref name="ballot"/>, encoded in this thread's
    /// reused buffer (callers encode every ballot of an import): one allocation, the result.</summary>
    private static byte[] ToArray(StoredBallot ballot, bool fields)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        if (fields)
        {
            EncodeFieldsTo(new BallotFields(ballot), buffer);
        }
        else
        {
            EncodeTo(ballot, buffer);
        }

        var record = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxRetainedBuffer)
        {
            _buffer = null;
        }

        return record;
    }

    /// <summary>Decodes a record written by <see cref="Encode"/>. Strict: the input must be exactly the canonical encoding
    /// of the ballot it describes, so one ballot has one record.</summary>
    /// <param name="record">The record bytes.</param>
    /// <returns>The ballot.</returns>
    /// <exception cref="FormatException">The bytes are not a canonical <c>canvass-cvr-record.v1</c> record.</exception>
    public static StoredBallot Decode(ReadOnlySpan<byte> record)
    {
        string? ballotId = null, ballotStyle = null, batch = null, county = null, marks = null, precinct = null, voteMethod = null;
        try
        {
            var reader = new Utf8JsonReader(record, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("A CVR record is a JSON object.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    throw new FormatException($"The CVR record member \"{name}\" is not a string.");
                }

                var value = reader.GetString()!;
                switch (name)
                {
                    case "ballotId": ballotId = value; break;
                    case "ballotStyle": ballotStyle = value; break;
                    case "batch": batch = value; break;
                    case "county": county = value; break;
                    case "marks": marks = value; break;
                    case "precinct": precinct = value; break;
                    case "voteMethod": voteMethod = value; break;
                    default: throw new FormatException($"Unknown CVR record member \"{name}\".");
                }
            }

            if (reader.Read())
            {
                throw new FormatException("The CVR record has content after its object.");
            }
        }
        catch (JsonException e)
        {
            throw new FormatException("The CVR record is not valid JSON: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("The CVR record is not valid JSON: " + e.Message, e);
        }

        if (ballotId is null || county is null || marks is null || voteMethod is null)
        {
            throw new FormatException("A CVR record needs ballotId, county, marks and voteMethod.");
        }

        if (!CountItemTypes.TryParse(voteMethod, out var method))
        {
            throw new FormatException($"Unknown voteMethod \"{voteMethod}\".");
        }

        var ballot = new StoredBallot(ballotId, county, precinct, batch, method.Value, ballotStyle, marks);
        if (!Encode(ballot).AsSpan().SequenceEqual(record))
        {
            throw new FormatException("The CVR record is not in canonical form (member order, escaping or whitespace).");
        }

        return ballot;
    }

    private static void WriteOptional(string? value, ArrayBufferWriter<byte> output)
    {
        if (value is null)
        {
            output.GetSpan(1)[0] = 0;
            output.Advance(1);
            return;
        }

        WriteField(value, output);
    }

    /// <summary>Writes a field and returns the size of its length, where its UTF-8 starts.</summary>
    private static int WriteField(ReadOnlySpan<char> value, ArrayBufferWriter<byte> output)
    {
        int length;
        try
        {
            length = StrictUtf8Bytes.ByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new FormatException("A CVR field holds a lone surrogate.", e);
        }

        var span = output.GetSpan(length + 5);
        var at = WriteLength(length, span);
        StrictUtf8Bytes.Write(value, span[at..]);
        output.Advance(at + length);
        return at;
    }

    /// <summary>Writes a field's LEB128 number n = <paramref name="length"/> + 1 and returns how many bytes it took.</summary>
    private static int WriteLength(int length, Span<byte> span)
    {
        var n = (uint)length + 1;
        var at = 0;
        while (n >= 0x80)
        {
            span[at++] = unchecked((byte)(n | 0x80));
            n >>= 7;
        }

        span[at++] = (byte)n;
        return at;
    }

    /// <summary>Writes a JCS string: printable ASCII without quote or backslash is copied as is; anything else goes through
    /// <see cref="CanonicalJson.WriteString"/>.</summary>
    private static void WriteString(ReadOnlySpan<char> value, ArrayBufferWriter<byte> output)
    {
        if (value.ContainsAnyExcept(PlainAscii))
        {
            CanonicalJson.WriteString(value.ToString(), output);
            return;
        }

        var span = output.GetSpan(value.Length + 2);
        span[0] = (byte)'"';
        Ascii.FromUtf16(value, span[1..], out _);
        span[value.Length + 1] = (byte)'"';
        output.Advance(value.Length + 2);
    }
}
