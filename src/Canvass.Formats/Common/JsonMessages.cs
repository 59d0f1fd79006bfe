using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Canvass.Formats.Common;

/// <summary>System.Text.Json's messages as a problem's reason: the position it appends counts lines from 0, next to a
/// problem whose line counts from 1, so it is replaced by the byte in the line.</summary>
internal static partial class JsonMessages
{
    [GeneratedRegex(@"\s*(?:Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: (\d+)\.?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Position();

    /// <summary>The message for a string whose <c>\u</c> escapes leave a surrogate unpaired (not text in any encoding).</summary>
    public const string LoneSurrogate = "A string's \\u escapes leave a surrogate (\\uD800–\\uDFFF) unpaired, which is not text.";

    /// <summary>The JSON path of the first string or property name under <paramref name="element"/> whose <c>\u</c>
    /// escapes leave a surrogate unpaired (reading it as text throws), or null. Only a document with a <c>\u</c> escape
    /// in <paramref name="utf8"/> is walked.</summary>
    public static string? FindLoneSurrogate(ReadOnlySpan<byte> utf8, JsonElement element, string path = "$") =>
        utf8.IndexOf("\\u"u8) < 0 ? null : LoneSurrogateAt(element, path);

    /// <summary>As <see cref="FindLoneSurrogate(ReadOnlySpan{byte}, JsonElement, string)"/>, for a document parsed from
    /// <paramref name="json"/> text.</summary>
    public static string? FindLoneSurrogate(string json, JsonElement element, string path = "$") =>
        json.Contains("\\u", StringComparison.Ordinal) ? LoneSurrogateAt(element, path) : null;

    private static string? LoneSurrogateAt(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    _ = e.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            case JsonValueKind.Object:
                foreach (var property in e.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path;
                    }

                    if (LoneSurrogateAt(property.Value, path + "." + name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (LoneSurrogateAt(item, path + "[" + (i++).ToString(CultureInfo.InvariantCulture) + "]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The exception's message without its 0-based line number; the byte in the line (from 1) stays.</summary>
    public static string WithoutPosition(JsonException e) =>
        Position().Replace(e.Message, m => " (byte " + (long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) + " of the line).");
}
