using System.Text.Json;
using Canvass.Domain;
using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>An ElectionReport object read with <see cref="JsonDocument"/>.</summary>
internal sealed class JsonErrNode(JsonElement element, string path, ProblemList problems) : ErrNode
{
    private readonly JsonElement _element = element;
    private readonly ProblemList _problems = problems;

    public override string Path { get; } = path;

    public override long? Line => null;

    public override bool IsXml => false;

    public override string? Id => Get("@id") is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

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
                text = e.GetString()!;
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
            return [new JsonErrNode(e, ChildPath(name), _problems)];
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
            var p = ChildPath(name) + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            if (item.ValueKind == JsonValueKind.Object)
            {
                list.Add(new JsonErrNode(item, p, _problems));
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
        foreach (var item in e.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
            else
            {
                _problems.Add(ProblemCodes.Schema, $"{name} must hold only id strings.", null, ChildPath(name));
            }
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
            return e.GetString();
        }

        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("Text", out var texts) || texts.ValueKind != JsonValueKind.Array)
        {
            _problems.Add(ProblemCodes.Schema, $"{name} must be an InternationalizedText with a Text array.", null, ChildPath(name));
            return null;
        }

        string? first = null;
        foreach (var t in texts.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Object
                || !t.TryGetProperty("Content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                _problems.Add(ProblemCodes.Schema, "LanguageString needs a string Content.", null, ChildPath(name) + ".Text");
                continue;
            }

            var lang = t.TryGetProperty("Language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            if (IsEnglish(lang))
            {
                return content.GetString();
            }

            first ??= content.GetString();
        }

        if (first is null)
        {
            _problems.Add(ProblemCodes.Schema, $"{name} has no text.", null, ChildPath(name));
        }

        return first;
    }

    internal static bool IsEnglish(string? lang) =>
        string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) || string.Equals(lang, "en-us", StringComparison.OrdinalIgnoreCase);

    private JsonElement? Get(string name) =>
        _element.ValueKind == JsonValueKind.Object && _element.TryGetProperty(name, out var v) ? v : null;
}
