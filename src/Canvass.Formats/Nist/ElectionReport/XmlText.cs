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
}
