using System.Text;

namespace Canvass.Ledger.Tests;

public sealed class CanonicalJsonTests
{
    [Theory]

    // RFC 8785 §3.2.3: sorting by UTF-16 code units.
    [InlineData("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}",
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}")]

    // RFC 8785 §3.2.2.2: string escaping; and literals.
    [InlineData("{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"}", "{\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}")]
    [InlineData("{ \"literals\": [null, true, false] }", "{\"literals\":[null,true,false]}")]
    [InlineData("{\"b\": [3, -7, 0, -0], \"a\": {\"z\": 1, \"y\": \"\\t\"}}", "{\"a\":{\"y\":\"\\t\",\"z\":1},\"b\":[3,-7,0,0]}")]
    [InlineData("9007199254740991", "9007199254740991")]
    public void Canonicalize_ProducesRfc8785Form(string input, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input))));

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("1.0")]
    [InlineData("9007199254740992")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":1} x")]
    [InlineData("{\"a\":}")]
    public void Canonicalize_Unsupported_Throws(string input) =>
        Assert.Throws<FormatException>(() => CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input)));

    [Fact]
    public void LeafEncoding_IsFixedOrderAndCanonical()
    {
        var entry = LeafEncoding.Encode(
            42,
            "contest-7",
            3,
            "ResultsReported",
            new DateTimeOffset(2026, 11, 3, 20, 15, 0, TimeSpan.FromHours(-5)).AddTicks(1234567),
            "{ \"votes\": 1200, \"choice\": \"Ana \\\"A\\\" Diaz\" }"u8);
        Assert.Equal(
            "{\"position\":42,\"stream\":\"contest-7\",\"version\":3,\"type\":\"ResultsReported\",\"recordedAt\":\"2026-11-04T01:15:00.1234567Z\",\"data\":{\"choice\":\"Ana \\\"A\\\" Diaz\",\"votes\":1200}}",
            Encoding.UTF8.GetString(entry));
        Assert.Equal(TreeHash.HashLeaf(entry), LeafEncoding.LeafHash(42, "contest-7", 3, "ResultsReported", new DateTimeOffset(2026, 11, 4, 1, 15, 0, TimeSpan.Zero).AddTicks(1234567), "{\"choice\":\"Ana \\\"A\\\" Diaz\",\"votes\":1200}"u8));
    }
}
