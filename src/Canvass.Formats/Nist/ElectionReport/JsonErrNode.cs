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

    /// <summary>The root node, at <paramref name="path"/>.</summary>
    public JsonErrNode(JsonElement element, string path, ProblemList problems)
        : base(path)
    {
        _element = element;
        _problems = problems;
        _refused = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The node reached from <paramref name="parent"/> by <paramref name="name"/> (an item of a list when
    /// <paramref name="index"/> is not -1).</summary>
    private JsonErrNode(JsonElement element, JsonErrNode parent, string name, int index)
        : base(parent, name, index)
    {
        _element = element;
        _problems = parent._problems;
        _refused = parent._refused;
    }

    public override long? Line => null;

    public override bool IsXml => false;

    public override string? Id => Get("@id") is { ValueKind: JsonValueKind.String } e ? Text(e, IdField) : null;

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
                text = Text(e, name);
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
            return [new JsonErrNode(e, this, name, -1)];
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
            if (item.ValueKind == JsonValueKind.Object)
            {
                list.Add(new JsonErrNode(item, this, name, i));
            }
            else
            {
                _problems.Add(ProblemCodes.Schema, $"{name} items must be objects.", null, ItemPath(name, i));
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
                list.Add(Text(item, name, i));
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
            return Text(e, name);
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
                return Text(content, name, i, content: true);
            }

            first ??= (content, i);
        }

        if (first is not { } chosen)
        {
            _problems.Add(ProblemCodes.Schema, $"{name} has no text.", null, ChildPath(name));
            return null;
        }

        return Text(chosen.Content, name, chosen.At, content: true);
    }

    internal static bool IsEnglish(string? lang) =>
        string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) || string.Equals(lang, "en-us", StringComparison.OrdinalIgnoreCase);

    private string ItemPath(string name, int index) => SourcePlaces.ItemPath(ChildPath(name), index);

    /// <summary>The string at <paramref name="e"/>, refused (once, at its path) when it holds a character NIST's XML
    /// encoding cannot carry: the definition stores it, and <c>export cdf --xml</c> would fail on it.</summary>
    /// <param name="e">The string.</param>
    /// <param name="name">The member of this node it was read from.</param>
    /// <param name="index">Its index in that member's array, or -1 when the member is the string.</param>
    /// <param name="content">Whether it is the <c>Content</c> of the <c>Text</c> item at <paramref name="index"/> of the
    /// InternationalizedText <paramref name="name"/>.</param>
    /// <remarks>The path is built only for a string refused: every id and value of a report is read through here.</remarks>
    private string Text(JsonElement e, string name, int index = -1, bool content = false)
    {
        var text = e.GetString()!;
        var at = XmlText.FirstInvalidChar(text);
        if (at < 0)
        {
            return text;
        }

        var path = content ? ItemPath(name + ".Text", index) + ".Content" : index < 0 ? ChildPath(name) : ItemPath(name, index);
        if (_refused.Add(path))
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
