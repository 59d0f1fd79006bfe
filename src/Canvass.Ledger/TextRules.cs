using System.Globalization;

namespace Canvass.Ledger;

/// <summary>The strict lexical rules shared by the C2SP text formats.</summary>
internal static class TextRules
{
    /// <summary>Decodes standard, padded base64 and rejects every non-canonical spelling (re-encodes and compares).</summary>
    public static byte[]? DecodeBase64(string text)
    {
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return null;
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return null;
        }

        var bytes = buffer.AsSpan(0, written).ToArray();
        return string.Equals(Convert.ToBase64String(bytes), text, StringComparison.Ordinal) ? bytes : null;
    }

    /// <summary>Parses an unsigned decimal with no sign and no leading zeros ("0" itself is allowed).</summary>
    public static bool TryParseDecimal(string text, out ulong value)
    {
        value = 0;
        if (text.Length == 0 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A key name is non-empty and contains no Unicode whitespace and no '+'.</summary>
    public static bool IsValidKeyName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || c == '+' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a block of base64 hash lines (each 32 bytes) up to an empty line.</summary>
    public static List<byte[]>? ReadHashLines(string[] lines, ref int at, int max)
    {
        var hashes = new List<byte[]>();
        while (at < lines.Length && lines[at].Length != 0)
        {
            var hash = DecodeBase64(lines[at]);
            if (hash is null || hash.Length != TreeHash.Size || hashes.Count == max)
            {
                return null;
            }

            hashes.Add(hash);
            at++;
        }

        return hashes;
    }
}
