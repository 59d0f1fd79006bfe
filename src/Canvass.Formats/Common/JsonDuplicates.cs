using System.Globalization;
using System.Text.Json;

namespace Canvass.Formats.Common;

/// <summary>Members named twice in one JSON object. RFC 8259 leaves what such an object means to the reader, and readers
/// differ (some take the first, most the last), so what a file says would depend on who reads it: such a document is
/// refused.</summary>
/// <remarks>For a document read whole, System.Text.Json finds them (<see cref="JsonDocumentOptions.AllowDuplicateProperties"/>),
/// but its exception names neither the member nor where it is; only a document it refuses is read again, allowing them,
/// to list each with its path. The 1500-103 CVR reader, which parses millions of small documents, finds them itself.</remarks>
internal static class JsonDuplicates
{
    /// <summary>The problem's reason for member <paramref name="name"/> given again.</summary>
    public static string Message(string name) =>
        $"'{name}' is given more than once in this object; JSON readers differ on which one they take, so the file is refused: keep one.";

    /// <summary>Lists each of <paramref name="duplicates"/> as a <c>malformed</c> problem at its path.</summary>
    public static void Report(List<(string Path, string Name)> duplicates, ProblemList problems, long? line = null)
    {
        foreach (var (path, name) in duplicates)
        {
            problems.Add(Domain.ProblemCodes.Malformed, Message(name), line, path);
        }
    }

    /// <summary>Parses <paramref name="utf8"/> with <paramref name="options"/>, members named twice refused. When they
    /// are, the document returned is read allowing them (the last of each wins) and <paramref name="duplicates"/> lists
    /// each member named again, by path under <paramref name="path"/>; otherwise it is null.</summary>
    /// <exception cref="JsonException">The text is not well-formed JSON.</exception>
    /// <remarks>A name whose <c>\u</c> escapes leave a surrogate unpaired cannot be read, and is not compared: every
    /// caller refuses such a name (<see cref="JsonMessages.FindLoneSurrogate(ReadOnlySpan{byte}, JsonElement, string)"/>).</remarks>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options, string path, out List<(string Path, string Name)>? duplicates)
    {
        duplicates = null;
        options.AllowDuplicateProperties = false;
        try
        {
            return JsonDocument.Parse(utf8, options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not well-formed JSON throws again here, with the line and path the refusal above does not give. (A member
            // name that is not text, a lone surrogate, throws InvalidOperationException above, and is refused by the caller.)
            options.AllowDuplicateProperties = true;
            var document = JsonDocument.Parse(utf8, options);
            duplicates = [];
            Find(document.RootElement, path, duplicates);
            if (duplicates.Count == 0)
            {
                duplicates = null;
            }

            return document;
        }
    }

    private static void Find(JsonElement element, string path, List<(string Path, string Name)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        continue;
                    }

                    if (!names.Add(name))
                    {
                        found.Add((path + "." + name, name));
                    }

                    Find(member.Value, path + "." + name, found);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Find(item, path + "[" + (i++).ToString(CultureInfo.InvariantCulture) + "]", found);
                }

                break;
        }
    }
}
