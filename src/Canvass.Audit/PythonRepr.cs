using System.Globalization;
using System.Text;

namespace Canvass.Audit;

/// <summary>
/// Renders values the way Python's <c>str()</c>/<c>repr()</c> does, so ballot ids hash exactly as Arlo hashes them
/// (Arlo passes <c>str(id)</c> of a Python tuple to the consistent sampler).
/// </summary>
public static class PythonRepr
{
    /// <summary>Python's <c>None</c>.</summary>
    public const string None = "None";

    /// <summary><c>repr(s)</c> of a Python <c>str</c>: single quotes unless the text holds <c>'</c> and no <c>"</c>.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The quoted, escaped text.</returns>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 2);
        sb.Append(quote);
        var i = 0;
        while (i < value.Length)
        {
            var rune = Rune.GetRuneAt(value, i);
            i += rune.Utf16SequenceLength;
            var c = rune.Value;
            if (c == quote || c == '\\')
            {
                sb.Append('\\').Append((char)c);
            }
            else if (c == '\t')
            {
                sb.Append("\\t");
            }
            else if (c == '\n')
            {
                sb.Append("\\n");
            }
            else if (c == '\r')
            {
                sb.Append("\\r");
            }
            else if (c < 0x80)
            {
                if (c < 0x20 || c == 0x7f)
                {
                    sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append((char)c);
                }
            }
            else if (IsPrintable(rune))
            {
                sb.Append(rune.ToString());
            }
            else if (c <= 0xff)
            {
                sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (c <= 0xffff)
            {
                sb.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        sb.Append(quote);
        return sb.ToString();
    }

    /// <summary><c>repr(n)</c> of a Python <c>int</c>.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>Its decimal digits.</returns>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>repr</c> of a tuple whose items are already rendered: <c>(a, b)</c>, or <c>(a,)</c> for one item.</summary>
    /// <param name="renderedItems">The items, each already rendered.</param>
    /// <returns>The tuple's text.</returns>
    public static string Tuple(params string[] renderedItems)
    {
        ArgumentNullException.ThrowIfNull(renderedItems);
        return renderedItems.Length == 1 ? "(" + renderedItems[0] + ",)" : "(" + string.Join(", ", renderedItems) + ")";
    }

    // Python's str.isprintable: everything except categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than ' '.
    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };
}
