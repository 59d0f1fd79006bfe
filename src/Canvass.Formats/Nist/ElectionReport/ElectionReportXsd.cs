using System.Collections.Frozen;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Canvass.Domain;
using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>NIST's XSD for SP 1500-100 v2 (shipped in <c>schemas/nist-1500-100/</c> and embedded), applied by
/// System.Xml's validating reader while an XML report is loaded. The XSD has no wildcards, so an element, attribute or
/// <c>xsi:type</c> it does not allow is a misspelling or another format's, and what it holds would otherwise be
/// dropped without a word (a misspelled <c>PassageThreshold</c> passed a 2/3 measure at 58%).</summary>
/// <remarks>Thread-safe: the schema set is compiled once, by the type initializer, and afterwards only read; each load
/// has its own reader, name table and list of errors.</remarks>
internal static class ElectionReportXsd
{
    private const string Resource = "Canvass.Formats.NIST_V2_election_results_reporting.xsd";

    private static readonly XmlSchemaSet Schemas = LoadSchemas();

    private static readonly string UnkeptError = string.Create(CultureInfo.InvariantCulture,
        $"Not valid against NIST's XSD: one of the errors found after the first {XsdErrors.Capacity:N0}, which are not located.");


    /// <summary>The local name of every element the XSD declares, to tell a misspelled element from a misplaced one.</summary>
    private static readonly FrozenSet<string> ElementNames = DeclaredElements(Schemas).Select(static e => e.QualifiedName.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>For each element whose type is abstract (<c>Contest</c>, <c>GpUnit</c>, …), the types an <c>xsi:type</c>
    /// may name there, as text.</summary>
    private static readonly FrozenDictionary<string, string> AbstractElements = CollectAbstractElements(Schemas);

    /// <summary>The token type of each attribute the XSD declares with one type throughout (<c>ObjectId</c>: ID).</summary>
    private static readonly FrozenDictionary<string, XmlTokenizedType> AttributeTokenTypes = CollectAttributeTokenTypes(Schemas);

    /// <summary>Loads <paramref name="stream"/> (line info kept) through a reader that validates it against NIST's XSD,
    /// adding every validation error to <paramref name="errors"/>; <see cref="Report"/> turns them into problems once the
    /// document is known to be an <c>ElectionReport</c>. DTDs, external resources, comments and processing instructions
    /// are not read.</summary>
    /// <exception cref="XmlException">The file is not well-formed XML (or has a DOCTYPE).</exception>
    public static XDocument Load(Stream stream, XsdErrors errors)
    {
        using var reader = CreateReader(stream, errors);
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    /// <summary>Loads <paramref name="stream"/> as <see cref="Load"/> does (the same validation, the same errors), into
    /// the lighter tree of <see cref="ElectionReportTree"/>, which the mapper reads as it reads <see cref="Load"/>'s but
    /// <see cref="Report"/> cannot locate errors in.</summary>
    /// <exception cref="XmlException">The file is not well-formed XML (or has a DOCTYPE).</exception>
    public static ElectionReportTree.Result LoadLight(Stream stream, XsdErrors errors)
    {
        using var reader = CreateReader(stream, errors);
        return ElectionReportTree.Load(reader);
    }

    private static XmlReader CreateReader(Stream stream, XsdErrors errors)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            ValidationType = ValidationType.Schema,
            Schemas = Schemas,

            // IDs are unique and references resolve, as NIST's XSD says (xsd:ID, xsd:IDREF); xsi:schemaLocation is not
            // followed, and xml:* attributes are held to the XSD like any other (the writer's output is checked the same way).
            ValidationFlags = XmlSchemaValidationFlags.ProcessIdentityConstraints,
        };
        settings.ValidationEventHandler += (sender, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                var reader = sender as XmlReader;
                var onAttribute = reader?.NodeType == XmlNodeType.Attribute;
                errors.Add(new XsdError(
                    e.Exception.LineNumber, e.Exception.LinePosition, reader?.NodeType ?? XmlNodeType.None, reader?.Depth ?? 0,
                    onAttribute ? XNamespace.Get(reader!.NamespaceURI) + reader.LocalName : null, onAttribute ? reader!.Name : null,
                    TokenizedType(reader), e.Message));
            }
        };
        return XmlReader.Create(stream, settings);
    }

    /// <summary>Adds, in document order, a <see cref="ProblemCodes.Schema"/> problem with line and path for every element
    /// outside NIST's namespace and every validation error in <paramref name="errors"/>.</summary>
    /// <param name="document">The document <see cref="Load"/> returned, whose root is NIST's <c>ElectionReport</c>.</param>
    /// <param name="errors">The errors <see cref="Load"/> collected.</param>
    /// <param name="problems">Where the problems go.</param>
    public static void Report(XDocument document, XsdErrors errors, ProblemList problems)
    {
        // The reader reports an error at the node it is on; walking the elements in document order alongside the errors
        // sorted by position finds, for each, the last element started before it, whose ancestor at the reader's depth
        // is the one at fault (the element itself, an attribute's owner, or the element an end tag closes).
        var sorted = errors.Kept.OrderBy(static e => e.Line).ThenBy(static e => e.Position).ToList();
        var reporter = new Reporter(document, sorted, problems);
        var next = 0;
        XElement? last = null;
        foreach (var element in document.Root!.DescendantsAndSelf())
        {
            var info = (IXmlLineInfo)element;
            while (next < sorted.Count && IsBefore(sorted[next], info.LineNumber, info.LinePosition))
            {
                reporter.Add(sorted[next++], last);
            }

            last = element;
            if (element.Name.NamespaceName != NistNames.Namespace)
            {
                problems.Add(ProblemCodes.Schema,
                    $"Element '{element.Name.LocalName}' is in {(element.Name.NamespaceName.Length == 0 ? "no namespace" : $"namespace '{element.Name.NamespaceName}'")}, not NIST's {NistNames.Namespace}; it would not be read.",
                    info.HasLineInfo() ? info.LineNumber : null, PathOf(element));
            }
        }

        while (next < sorted.Count)
        {
            reporter.Add(sorted[next++], last);
        }

        for (var i = 0L; i < errors.Unkept; i++)
        {
            problems.Add(ProblemCodes.Schema, UnkeptError);
        }
    }

    /// <summary>The XSD token type (ID, IDREF, …) of the node <paramref name="reader"/> is on, as far as it is known. The
    /// reader has no schema information for an attribute it refuses, so an attribute's comes from its declarations.</summary>
    private static XmlTokenizedType TokenizedType(XmlReader? reader) =>
        reader?.NodeType == XmlNodeType.Attribute
            ? (reader.NamespaceURI.Length == 0 ? AttributeTokenTypes.GetValueOrDefault(reader.LocalName) : XmlTokenizedType.None)
            : reader?.SchemaInfo?.SchemaType?.Datatype?.TokenizedType ?? XmlTokenizedType.None;

    private static bool IsBefore(XsdError error, int line, int position) =>
        error.Line < line || (error.Line == line && error.Position < position);

    /// <summary><paramref name="element"/>, or its ancestor at <paramref name="depth"/> (the root is at 0).</summary>
    private static XElement AtDepth(XElement element, int depth)
    {
        var own = element.Ancestors().Count();
        while (own > depth && element.Parent is { } parent)
        {
            element = parent;
            own--;
        }

        return element;
    }

    /// <summary>The path the mapper's problems use: <c>/ElectionReport/Election[1]/Contest[4]/Name[1]</c>.</summary>
    private static string PathOf(XElement element)
    {
        var steps = new Stack<string>();
        for (var e = element; e.Parent is not null; e = e.Parent)
        {
            steps.Push(string.Create(CultureInfo.InvariantCulture, $"/{e.Name.LocalName}[{e.ElementsBeforeSelf(e.Name).Count() + 1}]"));
        }

        return "/" + element.Document!.Root!.Name.LocalName + string.Concat(steps);
    }

    private static XmlSchemaSet LoadSchemas()
    {
        using var stream = typeof(ElectionReportXsd).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The schema {Resource} is not embedded in Canvass.Formats.");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(NistNames.Namespace, reader);
        set.Compile();
        return set;
    }

    /// <summary>Every element declaration of <paramref name="schemas"/>: the global ones and those in the content of each
    /// complex type (inherited content included).</summary>
    private static List<XmlSchemaElement> DeclaredElements(XmlSchemaSet schemas)
    {
        var elements = schemas.GlobalElements.Values.Cast<XmlSchemaElement>().ToList();
        foreach (var type in schemas.GlobalTypes.Values)
        {
            if (type is XmlSchemaComplexType complex)
            {
                AddParticle(complex.ContentTypeParticle, elements);
            }
        }

        return elements;
    }

    private static void AddParticle(XmlSchemaParticle? particle, List<XmlSchemaElement> elements)
    {
        switch (particle)
        {
            case XmlSchemaElement element:
                elements.Add(element);
                break;
            case XmlSchemaGroupBase group:
                foreach (var item in group.Items)
                {
                    AddParticle(item as XmlSchemaParticle, elements);
                }

                break;
        }
    }

    private static FrozenDictionary<string, string> CollectAbstractElements(XmlSchemaSet schemas)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in DeclaredElements(schemas))
        {
            if (element.ElementSchemaType is XmlSchemaComplexType { IsAbstract: true } type)
            {
                var kinds = schemas.GlobalTypes.Values.OfType<XmlSchemaComplexType>()
                    .Where(t => !t.IsAbstract && DerivesFrom(t, type))
                    .Select(static t => t.QualifiedName.Name)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                result[element.QualifiedName.Name] = kinds.Count < 2 ? string.Concat(kinds) : string.Join(", ", kinds[..^1]) + " or " + kinds[^1];
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static bool DerivesFrom(XmlSchemaType type, XmlSchemaType ancestor)
    {
        for (var t = type.BaseXmlSchemaType; t is not null; t = t.BaseXmlSchemaType)
        {
            if (ReferenceEquals(t, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenDictionary<string, XmlTokenizedType> CollectAttributeTokenTypes(XmlSchemaSet schemas)
    {
        var types = new Dictionary<string, XmlTokenizedType>(StringComparer.Ordinal);
        foreach (var type in schemas.GlobalTypes.Values)
        {
            if (type is XmlSchemaComplexType complex)
            {
                foreach (XmlSchemaAttribute attribute in complex.AttributeUses.Values)
                {
                    var tokenized = attribute.AttributeSchemaType?.Datatype?.TokenizedType ?? XmlTokenizedType.None;
                    types[attribute.QualifiedName.Name] = types.TryGetValue(attribute.QualifiedName.Name, out var seen) && seen != tokenized
                        ? XmlTokenizedType.None
                        : tokenized;
                }
            }
        }

        return types.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Turns the errors of one document, met in document order, into problems, leaving out those that only follow
    /// from one already listed.</summary>
    private sealed class Reporter(XDocument document, List<XsdError> errors, ProblemList problems)
    {
        private readonly ProblemList _problems = problems;

        // After an error the validator skips the rest of that element, so ids defined there are unknown to it and every
        // reference to them is reported too; such a reference is left out, as the error that hid its id is listed.
        private readonly HashSet<string>? _ids = errors.Exists(static e => e.NodeType == XmlNodeType.None)
            ? document.Root!.DescendantsAndSelf().Attributes("ObjectId").Select(static a => a.Value).ToHashSet(StringComparer.Ordinal)
            : null;

        // An element refused as a whole (abstract, an unknown xsi:type, not allowed where it is): what is inside it was
        // checked against the wrong type, if at all.
        private XElement? _refused;

        public void Add(XsdError error, XElement? last)
        {
            var at = last is null ? null : AtDepth(last, error.NodeType switch
            {
                XmlNodeType.Element or XmlNodeType.EndElement => error.Depth,
                XmlNodeType.Attribute or XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace => error.Depth - 1,

                // The end of the document: a reference to no id, reported at the end tag of the element that holds it.
                _ => int.MaxValue,
            });
            if (at is not null && _refused is not null && at.Ancestors().Contains(_refused))
            {
                return;
            }

            if (at is not null && error.NodeType == XmlNodeType.Element)
            {
                _refused = at;
                if (at.Name.NamespaceName != NistNames.Namespace)
                {
                    return; // Named as outside NIST's namespace, which says more than "invalid child element".
                }
            }

            if (at is not null && error.NodeType == XmlNodeType.None && _ids is not null
                && at.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } references
                && Array.TrueForAll(references, _ids.Contains))
            {
                return;
            }

            var path = at is null ? "/ElectionReport" : PathOf(at) + (error.AttributeText is null ? "" : "/@" + error.AttributeText);
            _problems.Add(ProblemCodes.Schema, Describe(error, at), error.Line > 0 ? error.Line : null, path);
        }

        private static string Describe(XsdError error, XElement? at)
        {
            if (at is not null && error.TokenizedType is XmlTokenizedType.ID or XmlTokenizedType.IDREF or XmlTokenizedType.IDREFS
                && (error.Attribute is null ? at.Value : (string?)at.Attribute(error.Attribute)) is { } value)
            {
                foreach (var token in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!XmlText.IsNCName(token))
                    {
                        return error.TokenizedType == XmlTokenizedType.ID ? XmlText.NotAnId(token, at!.Name.LocalName) : XmlText.NotAReference(token);
                    }
                }
            }

            var message = "Not valid against NIST's XSD: " + XmlMessages.WithoutNamespace(error.Message, NistNames.Namespace);
            if (at is null || error.NodeType != XmlNodeType.Element)
            {
                return message;
            }

            if (!ElementNames.Contains(at.Name.LocalName))
            {
                return message + $" NIST SP 1500-100 has no element named '{at.Name.LocalName}': check its spelling; what it holds would not be read.";
            }

            return at.Attribute(NistNames.XsiType) is null && AbstractElements.TryGetValue(at.Name.LocalName, out var kinds)
                ? message + $" Give it an xsi:type naming its kind: {kinds}."
                : message;
        }
    }
}

/// <summary>The validation errors of one load: the first <see cref="Capacity"/> kept to be located and listed, the rest
/// only counted, so that a file with an error in each of a million counts is refused in bounded memory.</summary>
internal sealed class XsdErrors
{
    /// <summary>How many errors are kept: well past the problems a file lists (<see cref="ProblemList.Limit"/>), for those
    /// left out as following from another.</summary>
    public const int Capacity = 10_000;

    public List<XsdError> Kept { get; } = [];

    public long Unkept { get; private set; }

    /// <summary>Whether the load met no validation error at all.</summary>
    public bool IsEmpty => Kept.Count == 0 && Unkept == 0;

    public void Add(XsdError error)
    {
        if (Kept.Count < Capacity)
        {
            Kept.Add(error);
        }
        else
        {
            Unkept++;
        }
    }
}

/// <summary>A validation error as the validating reader saw it: where its exception puts it, the node the reader was on
/// (an element, one of its attributes, or the end tag that completes it; the attribute's name as written, for the
/// path), and that node's XSD token type.</summary>
internal readonly record struct XsdError(
    int Line, int Position, XmlNodeType NodeType, int Depth, XName? Attribute, string? AttributeText, XmlTokenizedType TokenizedType, string Message);
