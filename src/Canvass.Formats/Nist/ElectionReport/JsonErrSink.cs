using System.Text.Json;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Streams the JSON encoding with <see cref="Utf8JsonWriter"/>.</summary>
internal sealed class JsonErrSink(Utf8JsonWriter writer) : IErrSink
{
    private readonly Utf8JsonWriter _writer = writer;

    public void StartRoot()
    {
        _writer.WriteStartObject();
        _writer.WriteString("@type", NistNames.JsonTypePrefix + "ElectionReport");
    }

    public void EndRoot() => _writer.WriteEndObject();

    public void StartList(string name) => _writer.WriteStartArray(name);

    public void EndList() => _writer.WriteEndArray();

    public void StartItem(string type, bool isAbstract, string? id)
    {
        _writer.WriteStartObject();
        _writer.WriteString("@type", NistNames.JsonTypePrefix + type);
        if (id is not null)
        {
            _writer.WriteString("@id", id);
        }
    }

    public void EndItem() => _writer.WriteEndObject();

    public void String(string name, string value) => _writer.WriteString(name, value);

    public void Integer(string name, long value) => _writer.WriteNumber(name, value);

    public void Number(string name, decimal value) => _writer.WriteNumber(name, value);

    public void Boolean(string name, bool value) => _writer.WriteBoolean(name, value);

    public void IdRefs(string name, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        _writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            _writer.WriteStringValue(id);
        }

        _writer.WriteEndArray();
    }

    public void IntlText(string name, string text)
    {
        _writer.WriteStartObject(name);
        _writer.WriteString("@type", NistNames.JsonTypePrefix + "InternationalizedText");
        _writer.WriteStartArray("Text");
        _writer.WriteStartObject();
        _writer.WriteString("@type", NistNames.JsonTypePrefix + "LanguageString");
        _writer.WriteString("Content", text);
        _writer.WriteString("Language", "en");
        _writer.WriteEndObject();
        _writer.WriteEndArray();
        _writer.WriteEndObject();
    }

    public void Flush() => _writer.Flush();
}
