using System.Globalization;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>An ElectionReport object read with <see cref="JsonDocument"/>.</summary>
/// <remarks>Every string handed out is checked for characters XML 1.0 cannot carry (JSON can), so a definition read
/// from JSON can be exported as NIST XML; XML input cannot hold them in the first place.</remarks>
internal sealed class JsonErrNode : ErrNode
{
    private readonly JsonElement _element;
    private readonly ProblemList _problems;

    /// <summary>The paths of the strings already refused, shared by every node of one document: the mapper may ask for
    /// the same string more than once (an id, a list read twice), and each is reported once.</summary>
    private readonly HashSet<string> _refused;

    public JsonErrNode(JsonElement element, string path, ProblemList problems)
        : this(element, path, problems, new HashSet<string>(StringComparer.Ordinal))
    {
    }

    private JsonErrNode(JsonElement element, string path, ProblemList problems, HashSet<string> refused)
    {
        _element = element;
        Path = path;
        _problems = problems;
        _refused = refused;
    }

    public override string Path { get; }

    public override long? Line => null;

    public override bool IsXml => false;

    public override string? Id => Get("@id") is { ValueKind: JsonValueKind.String } e ? Text(e, ChildPath(IdField)) : null;

    public override string? DeclaredType
    {
        get
        {
            if (Get("@type") is not { ValueKind: JsonValueKind.String } e)
            {
                return null;
            }

            var s = e.GetString()!;
            return s.StartsWith(NistNames.JsonTypePrefix, StringComparison.Ordinal) ? s[NistNames.JsonTypePrefix.Length..] : s;
        }
    }

    public override string ChildPath(string name) => Path + "." + name;

    public override bool Has(string name) => Get(name) is { ValueKind: not JsonValueKind.Null };

    public override bool TryScalar(string name, out string text, out ScalarKind kind)
    {
        text = "";
        kind = ScalarKind.Other;
        if (Get(name) is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                text = Text(e, ChildPath(name));
                kind = ScalarKind.String;
                break;
            case JsonValueKind.Number:
                text = e.GetRawText();
                kind = ScalarKind.Number;
                break;
            case JsonValueKind.True:
                text = "true";
                kind = ScalarKind.Boolean;
                break;
            case JsonValueKind.False:
                text = "false";
                kind = ScalarKind.Boolean;
                break;
            default:
                text = e.GetRawText();
                break;
        }

        return true;
    }

    public override IReadOnlyList<ErrNode> Children(string name)
    {
        if (Get(name) is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (e.ValueKind == JsonValueKind.Object)
        {
            return [new JsonErrNode(e, ChildPath(name), _problems, _refused)];
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            _problems.Add(ProblemCodes.Schema, $"{name} must be an array of objects.", null, ChildPath(name));
            return [];
        }

        var list = new List<ErrNode>(e.GetArrayLength());
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            var p = ItemPath(name, i);
            if (item.ValueKind == JsonValueKind.Object)
            {
                list.Add(new JsonErrNode(item, p, _problems, _refused));
            }
            else
            {
                _problems.Add(ProblemCodes.Schema, $"{name} items must be objects.", null, p);
            }

            i++;
        }

        return list;
    }

    public override IReadOnlyList<string>? IdRefs(string name)
    {
        if (Get(name) is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            _problems.Add(ProblemCodes.Schema, $"{name} must be an array of id strings.", null, ChildPath(name));
            return null;
        }

        var list = new List<string>(e.GetArrayLength());
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(Text(item, ItemPath(name, i)));
            }
            else
            {
                _problems.Add(ProblemCodes.Schema, $"{name} must hold only id strings.", null, ChildPath(name));
            }

            i++;
        }

        return list;
    }

    public override string? IntlText(string name)
    {
        if (Get(name) is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.String)
        {
            // Tolerated: some producers write a plain string where the schema wants InternationalizedText.
            return Text(e, ChildPath(name));
        }

        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("Text", out var texts) || texts.ValueKind != JsonValueKind.Array)
        {
            _problems.Add(ProblemCodes.Schema, $"{name} must be an InternationalizedText with a Text array.", null, ChildPath(name));
            return null;
        }

        (JsonElement Content, int At)? first = null;
        var i = -1;
        foreach (var t in texts.EnumerateArray())
        {
            i++;
            if (t.ValueKind != JsonValueKind.Object
                || !t.TryGetProperty("Content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                _problems.Add(ProblemCodes.Schema, "LanguageString needs a string Content.", null, ChildPath(name) + ".Text");
                continue;
            }

            var lang = t.TryGetProperty("Language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            if (IsEnglish(lang))
            {
                return Text(content, ItemPath(name + ".Text", i) + ".Content");
            }

            first ??= (content, i);
        }

        if (first is not { } chosen)
        {
            _problems.Add(ProblemCodes.Schema, $"{name} has no text.", null, ChildPath(name));
            return null;
        }

        return Text(chosen.Content, ItemPath(name + ".Text", chosen.At) + ".Content");
    }

    internal static bool IsEnglish(string? lang) =>
        string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) || string.Equals(lang, "en-us", StringComparison.OrdinalIgnoreCase);

    private string ItemPath(string name, int index) => ChildPath(name) + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>The string at <paramref name="e"/>, refused (once, at <paramref name="path"/>) when it holds a character
    /// NIST's XML encoding cannot carry: the definition stores it, and <c>export cdf --xml</c> would fail on it.</summary>
    private string Text(JsonElement e, string path)
    {
        var text = e.GetString()!;
        var at = XmlText.FirstInvalidChar(text);
        if (at >= 0 && _refused.Add(path))
        {
            _problems.Add(ProblemCodes.BadValue,
                $"The text holds U+{((int)text[at]).ToString("X4", CultureInfo.InvariantCulture)}, a character XML 1.0 does not allow, so NIST's XML encoding cannot carry it; remove it.",
                null, path);
        }

        return text;
    }

    private JsonElement? Get(string name) =>
        _element.ValueKind == JsonValueKind.Object && _element.TryGetProperty(name, out var v) ? v : null;
}
