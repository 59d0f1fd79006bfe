using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Canvass.Domain;
using Canvass.Formats.Common;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

/// <summary>The oracle for <see cref="XsdReporter"/>: how the reader located a refused file's problems before it streamed
/// them, in the whole file loaded as an <see cref="XDocument"/> with line info (about 18 times the file's size). The
/// messages come from the same <see cref="ElectionReportXsd.Describe"/>; which element each error is put at, its line
/// and path, and which errors are left out are found here in the whole tree.</summary>
internal static class WholeTreeXsdReport
{
    /// <summary>The file loaded whole through the validating reader, every error added to <paramref name="errors"/>.</summary>
    public static XDocument Load(byte[] bytes, XsdErrors errors)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = ElectionReportXsd.CreateReader(stream, errors);
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    /// <summary>The problems of <paramref name="bytes"/>, whose root is NIST's ElectionReport, as the whole tree gives them
    /// (none when it is valid).</summary>
    public static ProblemList Problems(byte[] bytes, string fileName)
    {
        var errors = new XsdErrors();
        var document = Load(bytes, errors);
        var problems = new ProblemList(fileName);
        Report(document, errors, problems);
        return problems;
    }

    public static void Report(XDocument document, XsdErrors errors, ProblemList problems)
    {
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
                problems.Add(ProblemCodes.Schema, ElectionReportXsd.OutsideNist(element.Name.NamespaceName, element.Name.LocalName),
                    info.HasLineInfo() ? info.LineNumber : null, PathOf(element));
            }
        }

        while (next < sorted.Count)
        {
            reporter.Add(sorted[next++], last);
        }

        for (var i = 0L; i < errors.Unkept; i++)
        {
            problems.Add(ProblemCodes.Schema, string.Create(CultureInfo.InvariantCulture,
                $"Not valid against NIST's XSD: one of the errors found after the first {XsdErrors.Capacity:N0}, which are not located."));
        }
    }

    private static bool IsBefore(XsdError error, int line, int position) =>
        error.Line < line || (error.Line == line && error.Position < position);

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

    private static string PathOf(XElement element)
    {
        var steps = new Stack<string>();
        for (var e = element; e.Parent is not null; e = e.Parent)
        {
            steps.Push(string.Create(CultureInfo.InvariantCulture, $"/{e.Name.LocalName}[{e.ElementsBeforeSelf(e.Name).Count() + 1}]"));
        }

        return "/" + element.Document!.Root!.Name.LocalName + string.Concat(steps);
    }

    private sealed class Reporter(XDocument document, List<XsdError> errors, ProblemList problems)
    {
        private readonly HashSet<string>? _ids = errors.Exists(static e => e.NodeType == XmlNodeType.None)
            ? document.Root!.DescendantsAndSelf().Attributes("ObjectId").Select(static a => a.Value).ToHashSet(StringComparer.Ordinal)
            : null;

        private XElement? _refused;

        public void Add(XsdError error, XElement? last)
        {
            var at = last is null ? null : AtDepth(last, error.NodeType switch
            {
                XmlNodeType.Element or XmlNodeType.EndElement => error.Depth,
                XmlNodeType.Attribute or XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace => error.Depth - 1,
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
                    return;
                }
            }

            if (at is not null && error.NodeType == XmlNodeType.None && _ids is not null
                && at.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } references
                && Array.TrueForAll(references, _ids.Contains))
            {
                return;
            }

            var idText = at is null || !ElectionReportXsd.IsIdOrReference(error.TokenizedType) ? null
                : error.Attribute is null ? at.Value
                : (string?)at.Attribute(error.Attribute);
            var path = at is null ? "/ElectionReport" : PathOf(at) + (error.AttributeText is null ? "" : "/@" + error.AttributeText);
            problems.Add(ProblemCodes.Schema, ElectionReportXsd.Describe(error, at?.Name.LocalName, at?.Attribute(NistNames.XsiType) is not null, idText),
                error.Line > 0 ? error.Line : null, path);
        }
    }
}
