using System.Xml;
using System.Xml.Linq;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>An ElectionReport element read with <see cref="XmlReader"/> into <see cref="XElement"/> (line info kept).</summary>
internal sealed class XmlErrNode : ErrNode
{
    private static readonly XNamespace Ns = NistNames.Namespace;
    private static readonly XName XsiType = XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance") + "type";

    private readonly XElement _element;

    /// <summary>The root node, at <paramref name="path"/>.</summary>
    public XmlErrNode(XElement element, string path)
        : base(path)
    {
        _element = element;
    }

    private XmlErrNode(XElement element, XmlErrNode parent, string name, int index)
        : base(parent, name, index)
    {
        _element = element;
    }

    public override long? Line => _element is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    public override bool IsXml => true;

    public override string? Id => (string?)_element.Attribute("ObjectId");

    public override string? DeclaredType
    {
        get
        {
            var t = (string?)_element.Attribute(XsiType);
            if (t is null)
            {
                return null;
            }

            var colon = t.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 ? t[(colon + 1)..] : t;
        }
    }

    public override bool Has(string name) => _element.Element(Ns + name) is not null;

    public override bool TryScalar(string name, out string text, out ScalarKind kind)
    {
        var e = _element.Element(Ns + name);
        text = e is null ? "" : e.Value.Trim();
        kind = ScalarKind.String;
        if (e is not null && e.HasElements)
        {
            kind = ScalarKind.Other;
        }

        return e is not null;
    }

    public override IReadOnlyList<ErrNode> Children(string name)
    {
        var list = new List<ErrNode>();
        var i = 1;
        foreach (var e in _element.Elements(Ns + name))
        {
            list.Add(new XmlErrNode(e, this, name, i));
            i++;
        }

        return list;
    }

    public override IReadOnlyList<string>? IdRefs(string name)
    {
        var e = _element.Element(Ns + name);
        return e?.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    public override string? IntlText(string name)
    {
        var e = _element.Element(Ns + name);
        if (e is null)
        {
            return null;
        }

        string? first = null;
        foreach (var t in e.Elements(Ns + "Text"))
        {
            if (JsonErrNode.IsEnglish((string?)t.Attribute("Language")))
            {
                return t.Value;
            }

            first ??= t.Value;
        }

        return first;
    }
}
