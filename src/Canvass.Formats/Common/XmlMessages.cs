using System.Xml;

namespace Canvass.Formats.Common;

/// <summary>System.Xml's exceptions as a problem's reason.</summary>
internal static class XmlMessages
{
    /// <summary>The reason for <paramref name="e"/>: a DOCTYPE is named as such (the parser's own message tells a
    /// programmer to change a setting), anything else is quoted as not well-formed XML.</summary>
    public static string Describe(XmlException e) =>
        e.Message.Contains("DTD", StringComparison.Ordinal)
            ? "The file has a DOCTYPE (a DTD). NIST files have none, and Canvass does not read DTDs: their entities can expand without bound or reach outside the file."
            : "The file is not well-formed XML: " + e.Message;

    /// <summary>The line of <paramref name="e"/>, else <paramref name="fallback"/>, never below 1.</summary>
    public static long Line(XmlException e, long fallback) => Math.Max(1, e.LineNumber > 0 ? e.LineNumber : fallback);

    /// <summary>A schema validator's <paramref name="message"/> with <paramref name="ns"/> left out (every name the
    /// message quotes is in it) and XML Schema's own types written <c>xsd:</c>.</summary>
    public static string WithoutNamespace(string message, string ns) =>
        message
            .Replace(" in namespace '" + ns + "'", "", StringComparison.Ordinal)
            .Replace("'" + ns + ":", "'", StringComparison.Ordinal)
            .Replace("http://www.w3.org/2001/XMLSchema:", "xsd:", StringComparison.Ordinal);
}
