using System.Text;
using System.Text.Json;

namespace Canvass.Domain.Jurisdictions;

/// <summary>The line each JSON path of a document starts on (<c>$.recounts[0].metric</c> → 12), so that a problem found
/// after parsing, which knows only its path, can say its line too.</summary>
internal sealed class JsonPathLines
{
    private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);

    private JsonPathLines()
    {
    }

    /// <summary>Reads the document's structure; what follows a syntax error has no line (the parser reported that error
    /// with its own line).</summary>
    public static JsonPathLines Of(string json)
    {
        var map = new JsonPathLines();
        var bytes = Encoding.UTF8.GetBytes(json);
        var newlines = new List<long>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        long LineAt(long offset)
        {
            var i = newlines.BinarySearch(offset);
            return (i < 0 ? ~i : i) + 1;
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var containers = new Stack<(string Path, bool IsArray, int Next)>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                var line = LineAt(reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = containers.Peek().Path + "." + reader.GetString();
                    map._lines.TryAdd(property, line);
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    containers.Pop();
                    continue;
                }

                string path;
                if (containers.Count == 0)
                {
                    path = "$";
                }
                else if (containers.Peek() is { IsArray: true } array)
                {
                    containers.Pop();
                    path = $"{array.Path}[{array.Next}]";
                    containers.Push(array with { Next = array.Next + 1 });
                }
                else
                {
                    path = property!;
                }

                map._lines.TryAdd(path, line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    containers.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException)
        {
        }

        return map;
    }

    /// <summary>The line of <paramref name="path"/> or, when the document does not have it (a missing member), of the
    /// nearest enclosing path it has.</summary>
    public long? LineOf(string path)
    {
        for (var p = path; p.Length > 0;)
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }

            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            p = cut > 0 ? p[..cut] : "";
        }

        return null;
    }
}
