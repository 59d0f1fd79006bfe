using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Canvass.Ledger;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS), restricted to integer numbers: object members sorted by the UTF-16 code
/// units of their names, no insignificant whitespace, strings with the minimal JSON escaping, and <c>true</c>,
/// <c>false</c>, <c>null</c> as literals.
/// </summary>
/// <remarks>
/// <para>Numbers must be integers written without fraction or exponent (<c>-?(0|[1-9][0-9]*)</c>) with a magnitude of at
/// most 2^53 - 1, the range in which the ES6 number serialisation JCS prescribes is the plain decimal; <c>-0</c> becomes
/// <c>0</c>. Anything else (<c>1.5</c>, <c>1e3</c>, <c>2^60</c>) is rejected so that a verifier in another language
/// never has to reproduce floating-point formatting. Duplicate member names are rejected.</para>
/// <para>String escaping (RFC 8785 §3.2.2.2): <c>"</c> and <c>\</c> are escaped with a backslash; U+0008, U+0009, U+000A,
/// U+000C, U+000D as <c>\b \t \n \f \r</c>; other characters below U+0020 as <c>\u00xx</c> (lowercase hex); everything
/// else, including non-ASCII and <c>/</c>, is written as UTF-8. Thread-safe.</para>
/// </remarks>
public static class CanonicalJson
{
    /// <summary>The largest integer magnitude accepted, 2^53 - 1.</summary>
    public const long MaxSafeInteger = 9_007_199_254_740_991;

    /// <summary>Canonicalizes a JSON document.</summary>
    /// <param name="json">UTF-8 JSON (a single value; no comments or trailing commas).</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="FormatException">The input is not JSON, has a non-integer or out-of-range number, or a duplicate member name.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new FormatException("The JSON has content after its value.");
            }
        }
        catch (JsonException e)
        {
            throw new FormatException("The input is not valid JSON: " + e.Message, e);
        }

        using (document)
        {
            var output = new ArrayBufferWriter<byte>(json.Length);
            Write(document.RootElement, output);
            return output.WrittenSpan.ToArray();
        }
    }

    /// <summary>Canonicalizes a parsed JSON value.</summary>
    /// <param name="element">The value.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="FormatException">A number is not a safe integer or a member name is duplicated.</exception>
    public static byte[] Canonicalize(JsonElement element)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(element, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="value"/> as a canonical JSON string (quotes included).</summary>
    /// <param name="value">The string; lone surrogates are rejected.</param>
    /// <param name="output">The destination.</param>
    /// <exception cref="FormatException">The string has a lone surrogate.</exception>
    public static void WriteString(string value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])))
            {
                throw new FormatException("A string has a lone surrogate.");
            }

            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])))
            {
                throw new FormatException("A string has a lone surrogate.");
            }

            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\t': builder.Append("\\t"); break;
                case '\n': builder.Append("\\n"); break;
                case '\f': builder.Append("\\f"); break;
                case '\r': builder.Append("\\r"); break;
                case < ' ': builder.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        output.Write(bytes);
    }

    private static void Write(JsonElement element, IBufferWriter<byte> output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().Select(p => (Name: p.Name, p.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                output.Write("{"u8);
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                        {
                            throw new FormatException($"The member name \"{members[i].Name}\" is duplicated.");
                        }

                        output.Write(","u8);
                    }

                    WriteString(members[i].Name, output);
                    output.Write(":"u8);
                    Write(members[i].Value, output);
                }

                output.Write("}"u8);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    Write(item, output);
                }

                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                break;
            case JsonValueKind.Number:
                WriteInteger(element.GetRawText(), output);
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            case JsonValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                throw new FormatException("Unsupported JSON value.");
        }
    }

    private static void WriteInteger(string raw, IBufferWriter<byte> output)
    {
        var digits = raw.StartsWith('-') ? raw[1..] : raw;
        if (digits.Length == 0 || digits.Length > 16 || (digits.Length > 1 && digits[0] == '0') || digits.Any(c => c is < '0' or > '9'))
        {
            throw new FormatException($"The number {raw} is not an integer without fraction or exponent; only integers are supported.");
        }

        var magnitude = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        if (magnitude > MaxSafeInteger)
        {
            throw new FormatException($"The integer {raw} is outside ±(2^53 - 1).");
        }

        var canonical = magnitude == 0 ? "0" : raw;
        output.Write(Encoding.ASCII.GetBytes(canonical));
    }
}
