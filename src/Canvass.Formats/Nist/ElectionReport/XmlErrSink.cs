using System.Globalization;
using System.Xml;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Streams the XML encoding with <see cref="XmlWriter"/>.</summary>
internal sealed class XmlErrSink(XmlWriter writer) : IErrSink
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    private readonly XmlWriter _writer = writer;
    private readonly Stack<string> _lists = new();

    public void StartRoot()
    {
        _writer.WriteStartDocument();
        _writer.WriteStartElement("ElectionReport", NistNames.Namespace);
        _writer.WriteAttributeString("xmlns", "xsi", null, XsiNamespace);
    }

    public void EndRoot()
    {
        _writer.WriteEndElement();
        _writer.WriteEndDocument();
    }

    public void StartList(string name) => _lists.Push(name);

    public void EndList() => _lists.Pop();

    public void StartItem(string type, bool isAbstract, string? id)
    {
        _writer.WriteStartElement(_lists.Peek(), NistNames.Namespace);
        if (id is not null)
        {
            _writer.WriteAttributeString("ObjectId", id);
        }

        if (isAbstract)
        {
            _writer.WriteAttributeString("xsi", "type", XsiNamespace, type);
        }
    }

    public void EndItem() => _writer.WriteEndElement();

    public void String(string name, string value) => _writer.WriteElementString(name, NistNames.Namespace, value);

    public void Integer(string name, long value) =>
        _writer.WriteElementString(name, NistNames.Namespace, value.ToString(CultureInfo.InvariantCulture));

    public void Number(string name, decimal value) =>
        _writer.WriteElementString(name, NistNames.Namespace, value.ToString(CultureInfo.InvariantCulture));

    public void Boolean(string name, bool value) => _writer.WriteElementString(name, NistNames.Namespace, value ? "true" : "false");

    public void IdRefs(string name, IReadOnlyList<string> ids)
    {
        if (ids.Count > 0)
        {
            _writer.WriteElementString(name, NistNames.Namespace, string.Join(' ', ids));
        }
    }

    public void IntlText(string name, string text)
    {
        _writer.WriteStartElement(name, NistNames.Namespace);
        _writer.WriteStartElement("Text", NistNames.Namespace);
        _writer.WriteAttributeString("Language", "en");
        _writer.WriteString(text);
        _writer.WriteEndElement();
        _writer.WriteEndElement();
    }

    public void Flush() => _writer.Flush();
}
