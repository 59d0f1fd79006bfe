using System.Collections.Frozen;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
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

    /// <summary>The local name of every element the XSD declares, to tell a misspelled element from a misplaced one.</summary>
    private static readonly FrozenSet<string> ElementNames = DeclaredElements(Schemas).Select(static e => e.QualifiedName.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>For each element whose type is abstract (<c>Contest</c>, <c>GpUnit</c>, …), the types an <c>xsi:type</c>
    /// may name there, as text.</summary>
    private static readonly FrozenDictionary<string, string> AbstractElements = CollectAbstractElements(Schemas);

    /// <summary>The token type of each attribute the XSD declares with one type throughout (<c>ObjectId</c>: ID).</summary>
    private static readonly FrozenDictionary<string, XmlTokenizedType> AttributeTokenTypes = CollectAttributeTokenTypes(Schemas);

    /// <summary>Loads <paramref name="stream"/> through a reader that validates it against NIST's XSD, adding every
    /// validation error to <paramref name="errors"/>, into the tree of <see cref="ElectionReportTree"/>; once an error is
    /// met (or an element outside NIST's namespace), the rest is only validated, as such a file is not mapped:
    /// <see cref="XsdReporter"/> locates its problems. DTDs, external resources, comments and processing instructions
    /// are not read.</summary>
    /// <exception cref="XmlException">The file is not well-formed XML (or has a DOCTYPE).</exception>
    /// <param name="stream">The file.</param>
    /// <param name="errors">Where the errors go.</param>
    /// <param name="whole">Whether to keep the whole tree even after an error.</param>
    public static ElectionReportTree.Result LoadLight(Stream stream, XsdErrors errors, bool whole = false)
    {
        using var reader = CreateReader(stream, errors);
        return ElectionReportTree.Load(reader, whole ? null : errors);
    }

    /// <summary>A reader of <paramref name="stream"/> that validates it against NIST's XSD and adds each error to
    /// <paramref name="errors"/> (or, when it is null, passes over them).</summary>
    internal static XmlReader CreateReader(Stream stream, XsdErrors? errors)
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
            if (errors is not null && e.Severity == XmlSeverityType.Error)
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

    /// <summary>The message of a problem for an element outside NIST's namespace.</summary>
    internal static string OutsideNist(string namespaceName, string localName) =>
        $"Element '{localName}' is in {(namespaceName.Length == 0 ? "no namespace" : $"namespace '{namespaceName}'")}, not NIST's {NistNames.Namespace}; it would not be read.";

    /// <summary>The message of a problem for <paramref name="error"/>.</summary>
    /// <param name="error">The validation error.</param>
    /// <param name="element">The local name of the element at fault, or null when there is none.</param>
    /// <param name="hasXsiType">Whether that element has an <c>xsi:type</c>.</param>
    /// <param name="idText">When the error's node is an ID or a reference (<see cref="IsIdOrReference"/>): the text of the
    /// element at fault, or the value of its attribute in error (null when it has none).</param>
    internal static string Describe(XsdError error, string? element, bool hasXsiType, string? idText)
    {
        if (element is not null && idText is not null)
        {
            foreach (var token in idText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!XmlText.IsNCName(token))
                {
                    return error.TokenizedType == XmlTokenizedType.ID ? XmlText.NotAnId(token, element) : XmlText.NotAReference(token);
                }
            }
        }

        var message = "Not valid against NIST's XSD: " + XmlMessages.WithoutNamespace(error.Message, NistNames.Namespace);
        if (element is null || error.NodeType != XmlNodeType.Element)
        {
            return message;
        }

        if (!ElementNames.Contains(element))
        {
            return message + $" NIST SP 1500-100 has no element named '{element}': check its spelling; what it holds would not be read.";
        }

        return !hasXsiType && AbstractElements.TryGetValue(element, out var kinds)
            ? message + $" Give it an xsi:type naming its kind: {kinds}."
            : message;
    }

    /// <summary>Whether a node of <paramref name="type"/> holds ids or references to them.</summary>
    internal static bool IsIdOrReference(XmlTokenizedType type) =>
        type is XmlTokenizedType.ID or XmlTokenizedType.IDREF or XmlTokenizedType.IDREFS;

    /// <summary>The XSD token type of an attribute of no namespace named <paramref name="localName"/>, as far as its
    /// declarations tell (one type throughout, as <c>ObjectId</c>'s ID).</summary>
    internal static XmlTokenizedType AttributeTokenType(string localName) =>
        AttributeTokenTypes.GetValueOrDefault(localName);

    /// <summary>The XSD token type (ID, IDREF, …) of the node <paramref name="reader"/> is on, as far as it is known. The
    /// reader has no schema information for an attribute it refuses, so an attribute's comes from its declarations.</summary>
    private static XmlTokenizedType TokenizedType(XmlReader? reader) =>
        reader?.NodeType == XmlNodeType.Attribute
            ? (reader.NamespaceURI.Length == 0 ? AttributeTokenType(reader.LocalName) : XmlTokenizedType.None)
            : reader?.SchemaInfo?.SchemaType?.Datatype?.TokenizedType ?? XmlTokenizedType.None;

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
