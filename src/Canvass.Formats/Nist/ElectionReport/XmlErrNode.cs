using System.Xml;
using System.Xml.Linq;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>An ElectionReport element read with <see cref="XmlReader"/> into <see cref="XElement"/> (line info kept).</summary>
/// <remarks>The <c>VoteCounts</c> of a <c>ContestSelection</c> read by <see cref="ElectionReportTree"/> are not
/// elements but an <see cref="XmlCountsList"/> annotation; they are its <c>VoteCounts</c> children here.</remarks>
internal sealed class XmlErrNode : ErrNode
{
    private const string VoteCounts = "VoteCounts";

    private static readonly XNamespace Ns = NistNames.Namespace;

    private readonly XElement _element;

    /// <summary>The root node, at <paramref name="path"/>.</summary>
    public XmlErrNode(XElement element, string path)
        : base(path)
    {
        _element = element;
    }

    /// <summary>The item at <paramref name="index"/> (from 1) of <paramref name="parent"/>'s <paramref name="name"/>.</summary>
    public XmlErrNode(XElement element, ErrNode parent, string name, int index)
        : base(parent, name, index)
    {
        _element = element;
    }

    public override long? Line => _element is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    public override bool IsXml => true;

    public override string? Id => (string?)_element.Attribute("ObjectId");

    public override string? DeclaredType => WithoutPrefix((string?)_element.Attribute(NistNames.XsiType));

    public override bool Has(string name) =>
        _element.Element(Ns + name) is not null || (name == VoteCounts && Counts() is { Count: > 0 });

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

        if (name == VoteCounts && Counts() is { } counts)
        {
            list.Capacity = list.Count + counts.Count;
            foreach (var c in counts)
            {
                list.Add(new XmlCountsErrNode(c, this, i));
                i++;
            }
        }

        return list;
    }

    public override IReadOnlyList<string>? IdRefs(string name) => IdRefsOf(_element.Element(Ns + name));

    public override string? IntlText(string name) => IntlTextOf(_element.Element(Ns + name));

    /// <summary>An <c>xsi:type</c> without its namespace prefix.</summary>
    internal static string? WithoutPrefix(string? type)
    {
        if (type is null)
        {
            return null;
        }

        var colon = type.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? type[(colon + 1)..] : type;
    }

    internal static IReadOnlyList<string>? IdRefsOf(XElement? e) =>
        e?.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    internal static string? IntlTextOf(XElement? e)
    {
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

    private List<XmlCounts>? Counts() => _element.Annotation<XmlCountsList>()?.Counts;
}

/// <summary>A <c>VoteCounts</c> element read compactly (<see cref="XmlCounts"/>), answering as <see cref="XmlErrNode"/>
/// would over the element: its fields directly, anything else through the element, built when first asked for.</summary>
internal sealed class XmlCountsErrNode(XmlCounts counts, ErrNode parent, int index) : ErrNode(parent, "VoteCounts", index)
{
    private static readonly XNamespace Ns = NistNames.Namespace;

    private readonly XmlCounts _counts = counts;
    private readonly ErrNode _parent = parent;
    private readonly int _index = index;
    private XmlErrNode? _whole;

    public override long? Line => _counts.Line;

    public override bool IsXml => true;

    public override string? Id => _counts.ObjectId;

    public override string? DeclaredType => XmlErrNode.WithoutPrefix(_counts.DeclaredType);

    public override bool Has(string name) => Field(name) is not null;

    public override bool TryScalar(string name, out string text, out ScalarKind kind)
    {
        var field = Field(name);
        text = field is { } f ? f.Value.Trim() : "";
        kind = field is { Element.HasElements: true } ? ScalarKind.Other : ScalarKind.String;
        return field is not null;
    }

    public override IReadOnlyList<ErrNode> Children(string name) => Whole.Children(name);

    public override IReadOnlyList<string>? IdRefs(string name) => Whole.IdRefs(name);

    public override string? IntlText(string name) => Whole.IntlText(name);

    /// <summary>The node over the whole element, at the same place (so with the same path) as this one.</summary>
    private XmlErrNode Whole => _whole ??= new XmlErrNode(_counts.ToElement(), _parent, "VoteCounts", _index);

    private XmlCounts.Field? Field(string name)
    {
        var xname = Ns + name;
        foreach (var field in _counts.Fields)
        {
            if (field.Name == xname)
            {
                return field;
            }
        }

        return null;
    }
}
