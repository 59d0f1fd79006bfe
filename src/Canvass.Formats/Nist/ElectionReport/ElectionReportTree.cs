using System.Xml;
using System.Xml.Linq;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Builds the tree <see cref="ErrMapper"/> reads from an XML report, lighter than an <see cref="XDocument"/>:
/// each <c>VoteCounts</c> of a <c>ContestSelection</c> (nearly all of a precinct-level report) is kept as an
/// <see cref="XmlCounts"/> of a few strings instead of five elements, each with its line annotation, and the white space
/// between the elements that hold them is dropped.</summary>
/// <remarks>
/// The tree answers every question the mapper asks as the <see cref="XDocument"/> loaded with line info would: each
/// element's name, attributes, text (<see cref="XElement.Value"/>), children and line. A file with a validation error,
/// or with an element outside NIST's namespace (<see cref="Result.Foreign"/>), is not mapped: once one is met, the tree
/// stops growing and the rest is only read (and so validated), and <see cref="XsdReporter"/> reads the file again to
/// locate its problems.
/// <para>Not thread-safe: one instance reads one document.</para>
/// </remarks>
internal sealed class ElectionReportTree
{
    private static readonly XNamespace Ns = NistNames.Namespace;

    /// <summary>The elements, below the root, that hold the <c>VoteCounts</c> read compactly (and nothing read as
    /// text): <c>Election</c> (level 1), its <c>Contest</c>s (2) and their <c>ContestSelection</c>s (3).</summary>
    private static readonly string[] Containers = ["ElectionReport", "Election", "Contest", "ContestSelection"];

    private readonly XmlReader _reader;

    /// <summary>The errors the reader adds to, when the tree stops growing at the first; else null.</summary>
    private readonly XsdErrors? _refusals;

    /// <summary>The texts of the counts' fields, shared: a report names each unit and count type thousands of times.</summary>
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    private bool _foreign;

    private ElectionReportTree(XmlReader reader, XsdErrors? refusals)
    {
        _reader = reader;
        _refusals = refusals;
    }

    /// <summary>Whether the file is refused: a validation error or an element outside NIST's namespace was met.</summary>
    private bool Refused => _refusals is not null && (_foreign || !_refusals.IsEmpty);

    /// <summary>Reads <paramref name="reader"/> to its end and returns the root element.</summary>
    /// <param name="reader">The reader, validating or not.</param>
    /// <param name="refusals">The errors <paramref name="reader"/> adds to: from the first (or the first element outside
    /// NIST's namespace) the rest of the file is read without being kept, and the tree is incomplete. Null to keep it all.</param>
    /// <exception cref="XmlException">The file is not well-formed XML (or has a DOCTYPE).</exception>
    public static Result Load(XmlReader reader, XsdErrors? refusals = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var tree = new ElectionReportTree(reader, refusals);
        var root = tree.ReadDocument();
        return new Result(root, tree._foreign);
    }

    private XElement ReadDocument()
    {
        var r = _reader;
        while (r.Read() && r.NodeType != XmlNodeType.Element)
        {
            // The XML declaration and white space; comments and processing instructions are not read.
        }

        if (r.NodeType != XmlNodeType.Element)
        {
            // The reader throws first: a document needs a root element.
            throw new XmlException("Root element is missing.");
        }

        var root = r.LocalName == Containers[0] && r.NamespaceURI == NistNames.Namespace ? ReadContainers() : ReadElement();
        while (r.Read())
        {
            // What follows the root: white space, or what the reader refuses.
        }

        return root;
    }

    /// <summary>Reads the root <c>ElectionReport</c> and the containers of the counts; returns the root.</summary>
    private XElement ReadContainers()
    {
        var r = _reader;
        var root = NewElement();
        if (r.IsEmptyElement)
        {
            return root;
        }

        var stack = new List<(XElement Element, List<XmlCounts>? Counts)> { (root, null) };
        while (r.Read())
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Element:
                {
                    if (Refused)
                    {
                        Drain();
                        return root;
                    }

                    var level = stack.Count;
                    var (parent, counts) = stack[^1];
                    var nist = r.NamespaceURI == NistNames.Namespace;
                    if (nist && level < Containers.Length && r.LocalName == Containers[level])
                    {
                        var container = NewElement();
                        parent.Add(container);
                        if (!r.IsEmptyElement)
                        {
                            stack.Add((container, null));
                        }
                    }
                    else if (nist && level == Containers.Length && r.LocalName == "VoteCounts")
                    {
                        if (counts is null)
                        {
                            counts = [];
                            stack[^1] = (parent, counts);
                            parent.AddAnnotation(new XmlCountsList(counts));
                        }

                        counts.Add(ReadCounts());
                    }
                    else
                    {
                        parent.Add(ReadElement());
                    }

                    break;
                }

                case XmlNodeType.EndElement:
                    stack.RemoveAt(stack.Count - 1);
                    if (stack.Count == 0)
                    {
                        return root;
                    }

                    break;

                default:
                    // Text between the containers' elements (white space, in a valid report) is not read by the mapper.
                    break;
            }
        }

        return root;
    }

    /// <summary>Reads the <c>VoteCounts</c> the reader is on: its line, <c>ObjectId</c> and <c>xsi:type</c>, and each
    /// child as its text when it is text only, or else as an element.</summary>
    private XmlCounts ReadCounts()
    {
        var r = _reader;
        var line = LineOf(r);
        string? objectId = null;
        string? declaredType = null;
        if (r.MoveToFirstAttribute())
        {
            do
            {
                var name = AttributeName(r);
                if (name == NistNames.XsiType)
                {
                    declaredType = r.Value;
                }
                else if (name == "ObjectId")
                {
                    objectId = r.Value;
                }
            }
            while (r.MoveToNextAttribute());
            r.MoveToElement();
        }

        if (r.IsEmptyElement)
        {
            return new XmlCounts(line, objectId, declaredType, []);
        }

        var fields = new List<XmlCounts.Field>(4);
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                var child = ReadElement();
                fields.Add(child.HasElements || child.HasAttributes
                    ? new XmlCounts.Field(child.Name, ((IXmlLineInfo)child).LineNumber, null, child)
                    : new XmlCounts.Field(child.Name, ((IXmlLineInfo)child).LineNumber, Shared(child.Value), null));
            }
            else if (r.NodeType == XmlNodeType.EndElement)
            {
                break;
            }
        }

        return new XmlCounts(line, objectId, declaredType, [.. fields]);
    }

    /// <summary>Reads the element the reader is on, and all it holds, as <see cref="XDocument.Load(XmlReader, LoadOptions)"/>
    /// would: its attributes, its text and the elements inside it, each element with its line.</summary>
    private XElement ReadElement()
    {
        var r = _reader;
        var top = NewElement();
        if (r.IsEmptyElement)
        {
            return top;
        }

        var stack = new Stack<XElement>();
        stack.Push(top);
        while (r.Read())
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Element:
                    if (Refused)
                    {
                        Drain();
                        return top;
                    }

                    var e = NewElement();
                    stack.Peek().Add(e);
                    if (!r.IsEmptyElement)
                    {
                        stack.Push(e);
                    }

                    break;
                case XmlNodeType.EndElement:
                    stack.Pop();
                    if (stack.Count == 0)
                    {
                        return top;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    stack.Peek().Add(r.Value);
                    break;
                default:
                    break;
            }
        }

        return top;
    }

    /// <summary>Reads the rest of the file, keeping nothing: the tree of a refused file is not mapped, and only the errors
    /// the reader meets on the way matter.</summary>
    private void Drain()
    {
        while (_reader.Read())
        {
            // Validated by the reader, if it is a validating one.
        }
    }

    /// <summary>The element the reader is on, with its line and its attributes (named as LINQ to XML names them).</summary>
    private LineElement NewElement()
    {
        var r = _reader;
        if (r.NamespaceURI != NistNames.Namespace)
        {
            _foreign = true;
        }

        var element = new LineElement(XNamespace.Get(r.NamespaceURI).GetName(r.LocalName), LineOf(r), ((IXmlLineInfo)r).LinePosition);
        if (r.MoveToFirstAttribute())
        {
            do
            {
                element.Add(new XAttribute(AttributeName(r), r.Value));
            }
            while (r.MoveToNextAttribute());
            r.MoveToElement();
        }

        return element;
    }

    private static XName AttributeName(XmlReader r) =>
        XNamespace.Get(r.Prefix.Length == 0 ? string.Empty : r.NamespaceURI).GetName(r.LocalName);

    private static int LineOf(XmlReader r) => ((IXmlLineInfo)r).LineNumber;

    private string Shared(string text)
    {
        if (_texts.TryGetValue(text, out var shared))
        {
            return shared;
        }

        _texts.Add(text, text);
        return text;
    }

    /// <summary>The tree read.</summary>
    /// <param name="Root">The root element.</param>
    /// <param name="Foreign">Whether some element is outside NIST's namespace.</param>
    public readonly record struct Result(XElement Root, bool Foreign);
}

/// <summary>An element that keeps the line and position it was read at in fields, rather than in an annotation.</summary>
internal sealed class LineElement(XName name, int line, int position) : XElement(name), IXmlLineInfo
{
    bool IXmlLineInfo.HasLineInfo() => true;

    int IXmlLineInfo.LineNumber => line;

    int IXmlLineInfo.LinePosition => position;
}

/// <summary>The <c>VoteCounts</c> of a <c>ContestSelection</c>, in document order, kept as an annotation of its element.</summary>
internal sealed class XmlCountsList(List<XmlCounts> counts)
{
    public List<XmlCounts> Counts { get; } = counts;
}

/// <summary>A <c>VoteCounts</c> element read compactly: its line, <c>ObjectId</c>, <c>xsi:type</c> and children.</summary>
internal sealed class XmlCounts(int line, string? objectId, string? declaredType, XmlCounts.Field[] fields)
{
    private static readonly XName VoteCounts = XNamespace.Get(NistNames.Namespace) + "VoteCounts";

    private XElement? _element;

    public int Line { get; } = line;

    public string? ObjectId { get; } = objectId;

    /// <summary>The <c>xsi:type</c> attribute as written, or null.</summary>
    public string? DeclaredType { get; } = declaredType;

    /// <summary>The children, in document order.</summary>
    public Field[] Fields { get; } = fields;

    /// <summary>The element this was read from, built once when first asked for (only for a question the fields do not
    /// answer directly, such as the children of a <c>DeviceClass</c>).</summary>
    public XElement ToElement()
    {
        if (_element is not null)
        {
            return _element;
        }

        var element = new LineElement(VoteCounts, Line, 0);
        if (ObjectId is not null)
        {
            element.Add(new XAttribute("ObjectId", ObjectId));
        }

        if (DeclaredType is not null)
        {
            element.Add(new XAttribute(NistNames.XsiType, DeclaredType));
        }

        foreach (var field in Fields)
        {
            if (field.Element is { } child)
            {
                element.Add(child);
            }
            else
            {
                var leaf = new LineElement(field.Name, field.Line, 0);
                leaf.Add(field.Text);
                element.Add(leaf);
            }
        }

        return _element = element;
    }

    /// <summary>One child: its text when it holds text only (no attributes, no elements), or else its element.</summary>
    public readonly record struct Field(XName Name, int Line, string? Text, XElement? Element)
    {
        /// <summary>The text of the child and all it holds, as <see cref="XElement.Value"/> gives it.</summary>
        public string Value => Element?.Value ?? Text!;
    }
}
