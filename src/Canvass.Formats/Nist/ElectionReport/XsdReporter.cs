using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using System.Xml.Schema;
using Canvass.Domain;
using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Lists the problems of a report NIST's XSD refuses: every validation error a load collected and every element
/// outside NIST's namespace, each with its line and path, in document order. The file is read again, streaming, and only
/// the element last started and its ancestors are kept (with, for each, how many elements of each name it has held so
/// far, which numbers the paths), so a refused file is located in about the memory its validation takes, not in a tree
/// of the whole file.</summary>
/// <remarks>
/// The validating reader raises an error at the node it is on; taken in order of position, each error belongs to the last
/// element started at or before it, or to that element's ancestor at the reader's depth (the element itself, an
/// attribute's owner, or the element an end tag closes). The second read is the same reader over the same bytes, so it
/// meets the same nodes at the same lines, positions and depths.
/// <para>Not thread-safe: one instance reports one file.</para>
/// </remarks>
internal sealed class XsdReporter
{
    private static readonly string UnkeptError = string.Create(CultureInfo.InvariantCulture,
        $"Not valid against NIST's XSD: one of the errors found after the first {XsdErrors.Capacity:N0}, which are not located.");

    private readonly byte[] _bytes;

    /// <summary>The errors, sorted by position.</summary>
    private readonly List<XsdError> _errors;

    private readonly ProblemList _problems;

    /// <summary>Every <c>ObjectId</c> in the file, when some error is a reference to an id the validator did not meet.</summary>
    private readonly HashSet<string>? _ids;

    /// <summary>Whether some error may need the text of its element (an ID or a reference), kept for elements that hold
    /// no element.</summary>
    private readonly bool _keepText;

    /// <summary>The element last started (at <c>_depth</c>) and its ancestors, by depth; deeper entries are kept for reuse.</summary>
    private readonly List<Frame> _frames = [];

    private int _depth = -1;

    private long _ordinal;

    /// <summary>The next error to report.</summary>
    private int _next;

    /// <summary>The element last refused as a whole (abstract, an unknown xsi:type, not allowed where it is): what is inside
    /// it was checked against the wrong type, if at all, so its errors only follow from that one.</summary>
    private (int Depth, long Ordinal)? _refused;

    /// <summary>The text of elements that hold elements, read again when an error needs it.</summary>
    private Dictionary<long, string>? _texts;

    private XsdReporter(byte[] bytes, List<XsdError> errors, ProblemList problems)
    {
        _bytes = bytes;
        _errors = errors;
        _problems = problems;
        var dangling = errors.Exists(static e => e.NodeType == XmlNodeType.None);

        // After an error the validator skips the rest of that element, so ids defined there are unknown to it and every
        // reference to them is reported too; such a reference is left out, as the error that hid its id is listed.
        _ids = dangling ? CollectIds(bytes) : null;
        _keepText = dangling || errors.Exists(static e => e.Attribute is null && ElectionReportXsd.IsIdOrReference(e.TokenizedType));
    }

    /// <summary>Adds, in document order, a <see cref="ProblemCodes.Schema"/> problem with line and path for every element
    /// outside NIST's namespace and every validation error in <paramref name="errors"/>, leaving out those that only
    /// follow from one listed.</summary>
    /// <param name="bytes">The file, whose root is NIST's <c>ElectionReport</c>.</param>
    /// <param name="errors">The errors its validating load collected.</param>
    /// <param name="problems">Where the problems go.</param>
    /// <exception cref="XmlException">The file is not well-formed XML (its load would have thrown first).</exception>
    public static void Report(byte[] bytes, XsdErrors errors, ProblemList problems)
    {
        var sorted = errors.Kept.OrderBy(static e => e.Line).ThenBy(static e => e.Position).ToList();
        new XsdReporter(bytes, sorted, problems).Walk();
        for (var i = 0L; i < errors.Unkept; i++)
        {
            problems.Add(ProblemCodes.Schema, UnkeptError);
        }
    }

    /// <summary>The text of the <paramref name="ordinal"/>th element of <paramref name="bytes"/> (the root is the first)
    /// and of all it holds, as <see cref="System.Xml.Linq.XElement.Value"/> gives it once loaded through the same reader.</summary>
    internal static string ElementText(byte[] bytes, long ordinal)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = ElectionReportXsd.CreateReader(stream, errors: null);
        var seen = 0L;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || ++seen < ordinal)
            {
                continue;
            }

            if (reader.IsEmptyElement)
            {
                return string.Empty;
            }

            var depth = reader.Depth;
            var text = new StringBuilder();
            while (reader.Read() && reader.Depth > depth)
            {
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
                {
                    text.Append(reader.Value);
                }
            }

            return text.ToString();
        }

        throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "The file has fewer elements.");
    }

    private static HashSet<string> CollectIds(byte[] bytes)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = ElectionReportXsd.CreateReader(stream, errors: null);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.GetAttribute("ObjectId") is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static bool IsBefore(XsdError error, int line, int position) =>
        error.Line < line || (error.Line == line && error.Position < position);

    private void Walk()
    {
        using var stream = new MemoryStream(_bytes, writable: false);
        using var reader = ElectionReportXsd.CreateReader(stream, errors: null);
        var info = (IXmlLineInfo)reader;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    while (_next < _errors.Count && IsBefore(_errors[_next], info.LineNumber, info.LinePosition))
                    {
                        Add(_errors[_next++]);
                    }

                    Start(reader, info.LineNumber);
                    break;

                case XmlNodeType.EndElement:
                    // The element an end tag closes is the one at its depth: the last one started is inside it.
                    _frames[reader.Depth].Closed = true;
                    break;

                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (_keepText && reader.Depth > 0 && _frames[reader.Depth - 1] is { HasChildren: false } parent)
                    {
                        (parent.Text ??= new StringBuilder()).Append(reader.Value);
                    }

                    break;

                default:
                    break;
            }
        }

        while (_next < _errors.Count)
        {
            Add(_errors[_next++]);
        }
    }

    /// <summary>Makes the element the reader is on the last started, below its ancestors; reports it if it is outside
    /// NIST's namespace.</summary>
    private void Start(XmlReader reader, int line)
    {
        var depth = reader.Depth;
        var name = new ElementName(reader.NamespaceURI, reader.LocalName);
        var index = 0;
        if (depth > 0)
        {
            var parent = _frames[depth - 1];
            parent.HasChildren = true;
            parent.Children ??= [];
            index = ++CollectionsMarshal.GetValueRefOrAddDefault(parent.Children, name, out _);
        }

        if (_frames.Count == depth)
        {
            _frames.Add(new Frame());
        }

        _depth = depth;
        var frame = _frames[depth];
        frame.Reset(name, index, ++_ordinal, reader.IsEmptyElement);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.LocalName == "type" && reader.NamespaceURI == XmlSchema.InstanceNamespace)
                {
                    frame.HasXsiType = true;
                }
                else if (reader.NamespaceURI.Length == 0 && ElectionReportXsd.IsIdOrReference(ElectionReportXsd.AttributeTokenType(reader.LocalName)))
                {
                    (frame.Ids ??= []).Add(new KeyValuePair<string, string>(reader.LocalName, reader.Value));
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        if (name.Namespace != NistNames.Namespace)
        {
            _problems.Add(ProblemCodes.Schema, ElectionReportXsd.OutsideNist(name.Namespace, name.LocalName), line, PathOf(depth));
        }
    }

    private void Add(XsdError error)
    {
        if (_depth < 0)
        {
            // Before the root: no element to name.
            _problems.Add(ProblemCodes.Schema, ElectionReportXsd.Describe(error, null, false, null), error.Line > 0 ? error.Line : null, "/ElectionReport");
            return;
        }

        var depth = Math.Clamp(error.NodeType switch
        {
            XmlNodeType.Element or XmlNodeType.EndElement => error.Depth,
            XmlNodeType.Attribute or XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace => error.Depth - 1,

            // The end of the document: a reference to no id, reported at the end tag of the element that holds it.
            _ => int.MaxValue,
        }, 0, _depth);
        var at = _frames[depth];
        if (_refused is { } refused && refused.Depth < depth && _frames[refused.Depth].Ordinal == refused.Ordinal)
        {
            return;
        }

        if (error.NodeType == XmlNodeType.Element)
        {
            _refused = (depth, at.Ordinal);
            if (at.Name.Namespace != NistNames.Namespace)
            {
                return; // Named as outside NIST's namespace, which says more than "invalid child element".
            }
        }

        if (error.NodeType == XmlNodeType.None && _ids is not null
            && TextOf(depth).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } references
            && Array.TrueForAll(references, _ids.Contains))
        {
            return;
        }

        var idText = !ElectionReportXsd.IsIdOrReference(error.TokenizedType) ? null
            : error.Attribute is null ? TextOf(depth)
            : error.Attribute.NamespaceName.Length == 0 ? at.Id(error.Attribute.LocalName)
            : null;
        var path = PathOf(depth) + (error.AttributeText is null ? "" : "/@" + error.AttributeText);
        _problems.Add(ProblemCodes.Schema, ElectionReportXsd.Describe(error, at.Name.LocalName, at.HasXsiType, idText), error.Line > 0 ? error.Line : null, path);
    }

    /// <summary>The text of the element at <paramref name="depth"/> and of all it holds. An element that holds no element
    /// has it kept; one that does (an ID or a reference the XSD gives elements, which it then refuses) is read again.</summary>
    private string TextOf(int depth)
    {
        var frame = _frames[depth];
        if (frame.Closed && !frame.HasChildren)
        {
            return frame.Text?.ToString() ?? string.Empty;
        }

        _texts ??= [];
        if (!_texts.TryGetValue(frame.Ordinal, out var text))
        {
            text = ElementText(_bytes, frame.Ordinal);
            _texts.Add(frame.Ordinal, text);
        }

        return text;
    }

    /// <summary>The path the mapper's problems use: <c>/ElectionReport/Election[1]/Contest[4]/Name[1]</c>.</summary>
    private string PathOf(int depth)
    {
        var path = new StringBuilder("/").Append(_frames[0].Name.LocalName);
        for (var d = 1; d <= depth; d++)
        {
            path.Append(CultureInfo.InvariantCulture, $"/{_frames[d].Name.LocalName}[{_frames[d].Index}]");
        }

        return path.ToString();
    }

    private readonly record struct ElementName(string Namespace, string LocalName);

    /// <summary>An element on the way from the root to the one last started: what a problem located at it may ask.</summary>
    private sealed class Frame
    {
        /// <summary>Above this many names, the counts are let go rather than cleared for the next element.</summary>
        private const int KeptNames = 32;

        /// <summary>Above this many characters, the text buffer is let go rather than cleared for the next element.</summary>
        private const int KeptText = 4096;

        public ElementName Name { get; private set; }

        /// <summary>Its position among its parent's elements of its name, from 1 (0 for the root).</summary>
        public int Index { get; private set; }

        /// <summary>Its position among all the file's elements, from 1: which element it is, once it is let go.</summary>
        public long Ordinal { get; private set; }

        public bool Closed { get; set; }

        public bool HasChildren { get; set; }

        public bool HasXsiType { get; set; }

        /// <summary>How many elements of each name it has held so far.</summary>
        public Dictionary<ElementName, int>? Children { get; set; }

        /// <summary>Its attributes that the XSD types as an ID or a reference, by name.</summary>
        public List<KeyValuePair<string, string>>? Ids { get; set; }

        /// <summary>Its text, while it holds no element (null until it has some).</summary>
        public StringBuilder? Text { get; set; }

        public void Reset(ElementName name, int index, long ordinal, bool closed)
        {
            Name = name;
            Index = index;
            Ordinal = ordinal;
            Closed = closed;
            HasChildren = false;
            HasXsiType = false;
            Ids?.Clear();
            if (Children is { Count: > KeptNames })
            {
                Children = null;
            }

            Children?.Clear();
            if (Text is { Capacity: > KeptText })
            {
                Text = null;
            }

            Text?.Clear();
        }

        public string? Id(string localName)
        {
            foreach (var (name, value) in Ids ?? [])
            {
                if (name == localName)
                {
                    return value;
                }
            }

            return null;
        }
    }
}
