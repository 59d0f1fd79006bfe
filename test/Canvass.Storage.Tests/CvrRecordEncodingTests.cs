using System.Buffers;
using System.Text;
using Canvass.Domain.Elections;
using Canvass.Ledger;

namespace Canvass.Storage.Tests;

public sealed class CvrRecordEncodingTests
{
    [Fact]
    public void Encode_AllMembers_IsSortedCanonicalJson()
    {
        var ballot = new StoredBallot("b-1", "cty-fulton", "pct-1", "batch-7", CountItemType.AbsenteeMail, "bs-1", "k-gov=s-1;k-q1=s-yes");

        var record = CvrRecordEncoding.Encode(ballot);

        Assert.Equal(
            """{"ballotId":"b-1","ballotStyle":"bs-1","batch":"batch-7","county":"cty-fulton","marks":"k-gov=s-1;k-q1=s-yes","precinct":"pct-1","voteMethod":"absentee-mail"}""",
            Encoding.UTF8.GetString(record));
        Assert.Equal(CanonicalJson.Canonicalize(record), record);
    }

    [Fact]
    public void Encode_NullMembers_AreOmitted()
    {
        var ballot = new StoredBallot("b-2", "cty-fulton", null, null, CountItemType.ElectionDay, null, "k-gov=");

        Assert.Equal(
            """{"ballotId":"b-2","county":"cty-fulton","marks":"k-gov=","voteMethod":"election-day"}"""u8.ToArray(),
            CvrRecordEncoding.Encode(ballot));
    }

    [Fact]
    public void Encode_EscapesAndNonAscii_FollowJcs()
    {
        var ballot = new StoredBallot("b\"3\\\u00e9\t\u0001/", "c\u2028", null, null, CountItemType.AbsenteeInPerson, null, "m");

        var record = CvrRecordEncoding.Encode(ballot);

        Assert.Equal(
            "{\"ballotId\":\"b\\\"3\\\\\u00e9\\t\\u0001/\",\"county\":\"c\u2028\",\"marks\":\"m\",\"voteMethod\":\"absentee-in-person\"}",
            Encoding.UTF8.GetString(record));
        Assert.Equal(CanonicalJson.Canonicalize(record), record);
    }

    [Fact]
    public void Decode_RoundTripsEveryShape()
    {
        StoredBallot[] ballots =
        [
            new("b-1", "cty-fulton", "pct-1", "batch-7", CountItemType.AbsenteeMail, "bs-1", "k-gov=s-1"),
            new("b-2", "cty-fulton", null, null, CountItemType.Total, null, ""),
            new("b\"3\u00e9", "c\n", "p", null, CountItemType.Other, "s", "m"),
        ];

        foreach (var ballot in ballots)
        {
            Assert.Equal(ballot, CvrRecordEncoding.Decode(CvrRecordEncoding.Encode(ballot)));
        }
    }

    [Theory]
    [InlineData("""{"county":"c","ballotId":"b","marks":"m","voteMethod":"total"}""")]
    [InlineData("""{"ballotId":"b", "county":"c","marks":"m","voteMethod":"total"}""")]
    [InlineData("""{"ballotId":"b","county":"c","marks":"m","voteMethod":"nope"}""")]
    [InlineData("""{"ballotId":"b","county":"c","marks":"m"}""")]
    [InlineData("""{"ballotId":"b","county":"c","extra":"x","marks":"m","voteMethod":"total"}""")]
    [InlineData("""{"ballotId":"b","county":"c","marks":1,"voteMethod":"total"}""")]
    [InlineData("""{"ballotId":"b","county":"c","marks":"m","voteMethod":"total"}x""")]
    [InlineData("""{"ballotId":"b","county":"c","marks":"m","voteMethod":"total\u0020"}""")]
    [InlineData("""["b"]""")]
    [InlineData("")]
    public void Decode_NonCanonicalOrInvalid_Throws(string record) =>
        Assert.Throws<FormatException>(() => CvrRecordEncoding.Decode(Encoding.UTF8.GetBytes(record)));

    [Fact]
    public void Fields_AreLengthPlusOnePrefixedUtf8InFixedOrder_AndAbsentIsZero()
    {
        var ballot = new StoredBallot("b-1", "cty-fulton", null, "b7", CountItemType.ElectionDay, null, "k-gov=s-1");

        var bytes = CvrRecordEncoding.Committed(ballot, CvrRecordEncoding.Commitment);

        // Written out from the definition: n = length + 1, then the bytes; 0 for a null precinct and style.
        byte[] expected =
        [
            4, .. "b-1"u8, 11, .. "cty-fulton"u8, 0, 3, .. "b7"u8, 13, .. "election-day"u8, 0, 10, .. "k-gov=s-1"u8,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Fields_LongAndNonAsciiFields_UseMultiByteLengths()
    {
        var marks = new string('m', 200) + "\u00e9";
        var ballot = new StoredBallot("\u00e9", "c", "", null, CountItemType.Total, "s", marks);

        var bytes = CvrRecordEncoding.Committed(ballot, CvrRecordEncoding.Commitment);

        // "é" is two UTF-8 bytes (n = 3); an empty precinct is present (n = 1), unlike a null one; the marks are 202
        // bytes, so n = 203 = 0xCB takes two LEB128 bytes: 0xCB, 0x01.
        byte[] expected = [3, 0xC3, 0xA9, 2, (byte)'c', 1, 0, 6, .. "total"u8, 2, (byte)'s', 0xCB, 0x01, .. Encoding.UTF8.GetBytes(marks)];
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(254, new byte[] { 0xFF, 0x01 })] // n = 255
    [InlineData(255, new byte[] { 0x80, 0x02 })] // n = 256: the first length past one byte's range
    [InlineData(300, new byte[] { 0xAD, 0x02 })]
    [InlineData(20_000, new byte[] { 0xA1, 0x9C, 0x01 })]
    public void Fields_OfTwoHundredFiftyFiveBytesOrMore_TakeLongerLengths(int length, byte[] prefix)
    {
        // A field of 255 bytes or more (a long batch id, or a ballot's marks in an election with many contests) made
        // the LEB128 writer overflow a byte, and the import crashed.
        var batch = new string('b', length);
        var bytes = CvrRecordEncoding.Committed(new StoredBallot("1", "c", null, batch, CountItemType.Total, null, "k=s"), CvrRecordEncoding.Commitment);

        byte[] expected = [2, (byte)'1', 2, (byte)'c', 0, .. prefix, .. Encoding.UTF8.GetBytes(batch), 6, .. "total"u8, 0, 4, .. "k=s"u8];
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("k-gov=s-1")]
    [InlineData("k-gov=s-1;k-co=;k-\u00e9=s-\u00e9|s-2")]
    [InlineData("k-long=s-1;k-long=s-2;k-long=s-3;k-long=s-4;k-long=s-5;k-long=s-6;k-long=s-7;k-long=s-8;k-long=s-9;k-long=s-10;k-long=s-11;k-long=s-12;k-long=s-13;k-x=")]
    public void Fields_FromNumberedParts_AreTheBytesOfTheirText(string marks)
    {
        // The CSV reader hands numbered parts without their text: the record must be the one the text gives, byte for
        // byte, including a length that takes two LEB128 bytes and parts with non-ASCII characters.
        var table = new Domain.Ballots.MarkPartTable();
        table.Add("k-unused=s-0");
        int[] parts = [.. marks.Split(';').Select(table.Add)];
        var fromText = new System.Buffers.ArrayBufferWriter<byte>();
        var fromParts = new System.Buffers.ArrayBufferWriter<byte>();

        CvrRecordEncoding.EncodeFieldsTo(new BallotFields("b-1", "c", null, "b7", CountItemType.Early, null, marks), fromText);
        var numbered = new BallotFields("b-1", "c", null, "b7", CountItemType.Early, null, default, parts, table);
        CvrRecordEncoding.EncodeFieldsTo(numbered, fromParts);

        Assert.Equal(fromText.WrittenSpan.ToArray(), fromParts.WrittenSpan.ToArray());
        Assert.Equal(marks, numbered.Marks.ToString());
        Assert.Equal(CvrRecordEncoding.Committed(new StoredBallot("b-1", "c", null, "b7", CountItemType.Early, null, marks), CvrRecordEncoding.Commitment),
            fromParts.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("b-1", "cty-fulton", null, "b7", null, "k-gov=s-1")]
    [InlineData("\u00e9-long-id-\u00e9", "c", "", null, "s", "k-gov=")] // a non-ASCII id, an empty (present) precinct
    [InlineData("b-2", "cty-fulton", "pct-1", "batch-\u00e9", "bs-1", "")]
    public void Fields_FromFieldsEncodedBeforehand_AreTheSameRecord_AndLocateTheId(string id, string county, string? precinct, string? batch, string? style, string marks)
    {
        // An importer encodes the fields that recur (county, precinct, batch, vote method, style) once; the record must be
        // the one the plain encoding gives, and the range it returns must hold the id's UTF-8.
        var fields = new BallotFields(id, county, precinct, batch, CountItemType.AbsenteeMail, style, marks);
        var plain = new System.Buffers.ArrayBufferWriter<byte>();
        CvrRecordEncoding.EncodeFieldsTo(fields, plain);
        var prepared = new System.Buffers.ArrayBufferWriter<byte>();
        prepared.Write("earlier record"u8); // the range counts from the record's own start

        var idRange = CvrRecordEncoding.EncodeFieldsTo(
            CvrRecordEncoding.EncodeField(county), CvrRecordEncoding.EncodeField(precinct), CvrRecordEncoding.EncodeField(batch),
            CvrRecordEncoding.EncodeField(CountItemType.AbsenteeMail.ToNistName()), CvrRecordEncoding.EncodeField(style), fields, prepared);

        var record = prepared.WrittenSpan["earlier record".Length..];
        Assert.Equal(plain.WrittenSpan.ToArray(), record.ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes(id), record[idRange].ToArray());
        Assert.Equal([0], CvrRecordEncoding.EncodeField(null));
    }

    [Fact]
    public void Committed_OlderEncodings_AreTheCanonicalRecord()
    {
        var ballot = new StoredBallot("b-1", "cty-fulton", null, null, CountItemType.ElectionDay, null, "k-gov=s-1");

        Assert.Equal(CvrRecordEncoding.Encode(ballot), CvrRecordEncoding.Committed(ballot, CvrRecordEncoding.Name));
        Assert.Equal(CvrRecordEncoding.Encode(ballot), CvrRecordEncoding.Committed(ballot, CvrRecordEncoding.Records64));
        Assert.Equal(64, CvrRecordEncoding.RecordsPerLeafOf(CvrRecordEncoding.Commitment));
        Assert.Null(CvrRecordEncoding.RecordsPerLeafOf("canvass-cvr-fields32.v1"));
    }

    [Fact]
    public void Fields_LoneSurrogate_Throws() =>
        Assert.Throws<FormatException>(() => CvrRecordEncoding.Committed(
            new StoredBallot("b\ud800", "c", null, null, CountItemType.Total, null, ""), CvrRecordEncoding.Commitment));
}
