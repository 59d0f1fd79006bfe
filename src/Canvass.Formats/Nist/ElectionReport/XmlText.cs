using System.Xml;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>What NIST's XML encoding can carry, asked of System.Xml: a definition read from JSON must fit in it too,
/// or <c>canvass export cdf --xml</c> fails on it later.</summary>
internal static class XmlText
{
    /// <summary>The position of the first character XML 1.0 cannot carry (a control character other than tab, line feed
    /// and carriage return, U+FFFE, U+FFFF, or a lone surrogate), or -1.</summary>
    public static int FirstInvalidChar(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                continue;
            }

            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }

    /// <summary>True when <paramref name="name"/> is an NCName, the lexical space of <c>xsd:ID</c> and <c>xsd:IDREF</c>.</summary>
    public static bool IsNCName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        try
        {
            XmlConvert.VerifyNCName(name);
            return true;
        }
        catch (XmlException)
        {
            // System.Xml has no non-throwing form of this check; ids that fail it are rare and refused.
            return false;
        }
    }

    /// <summary>Why <paramref name="id"/>, the id of a <paramref name="kind"/> (a NIST class: <c>GpUnit</c>, <c>Party</c>,
    /// …, which is also its XML element's name), is refused when it is not an NCName, with a name to use instead.</summary>
    public static string NotAnId(string id, string kind)
    {
        var fix = SuggestId(id, kind) is { } suggestion ? $" (for example '{suggestion}')" : "";
        return $"The id '{id}' is not an XML name (an NCName, as xsd:ID requires): it must start with a letter or '_' and hold only letters, digits, '.', '-' and '_', with no spaces or colons, or NIST's XML encoding cannot carry it. Rename it{fix}.";
    }

    /// <summary>Why a reference (<c>xsd:IDREF</c>) to <paramref name="id"/> is refused when it is not an NCName.</summary>
    public static string NotAReference(string id) =>
        $"The reference '{id}' is not an XML name (an NCName, as xsd:IDREF requires): ids start with a letter or '_' and hold only letters, digits, '.', '-' and '_', with no spaces or colons. Rename the object it names (a FIPS code '13121' becomes 'ru-13121', say), and this reference with it.";

    /// <summary>An NCName close to <paramref name="id"/>: spaces and colons become '-', and an id that cannot start a
    /// name (a county FIPS code, say) gets the usual prefix of its kind; null when that is still not an NCName.</summary>
    private static string? SuggestId(string id, string kind)
    {
        var name = string.Join('-', id.Split([' ', '\t', '\r', '\n', ':'], StringSplitOptions.RemoveEmptyEntries));
        if (!IsNCName(name))
        {
            name = kind switch
            {
                "GpUnit" => "ru-",
                "Party" => "par-",
                "Person" => "per-",
                "Office" => "off-",
                "Header" => "hdr-",
                "Candidate" => "cand-",
                "Contest" => "cc-",
                "ContestSelection" => "cs-",
                _ => "id-",
            } + name;
        }

        return name.Length > 0 && IsNCName(name) ? name : null;
    }
}
