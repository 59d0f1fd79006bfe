using System.Text.Encodings.Web;
using System.Text.Json;

namespace Canvass.Formats.Common;

/// <summary>How Canvass writes JSON files for people and other tools to read.</summary>
internal static class JsonFiles
{
    /// <summary>Writer options that escape only what JSON requires: the default encoder, made for JSON embedded in HTML,
    /// wrote a <c>GeneratedDate</c>'s <c>+01:00</c> as <c>\u002B01:00</c> and every accented name in <c>\u</c> escapes.
    /// These files are never embedded in a web page as script.</summary>
    public static JsonWriterOptions Writer(bool indented) =>
        new() { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
