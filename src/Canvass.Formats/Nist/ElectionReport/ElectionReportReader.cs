using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Canvass.Domain;
using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Reads a NIST SP 1500-100 v2 <c>ElectionReport</c> (JSON or XML) into an election definition and its
/// reported counts, validating the whole file and collecting every problem. Never throws for bad input.</summary>
public static class ElectionReportReader
{
    /// <summary>The largest file <see cref="Read(string)"/> takes: a report is read whole (unlike cast vote records, which
    /// are streamed), so its size bounds the memory used: about eight times the file for XML, five for JSON
    /// (docs/benchmarks.md).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Reads a file, choosing JSON or XML by extension (<c>.json</c>, <c>.xml</c>) or else by its first
    /// non-space byte.</summary>
    public static Result<ElectionReportDocument> Read(string path) => Read(path, out _);

    /// <summary>Reads a file as <see cref="Read(string)"/> does; when the report is well formed and valid against the
    /// schema but its content has problems (a reference to no object, a breakdown that does not sum, …),
    /// <paramref name="partial"/> is the counts it could still read, so that a caller can list their problems against
    /// its own election too, instead of only the first pass's. Null otherwise.</summary>
    public static Result<ElectionReportDocument> Read(string path, out PlacedResults? partial)
    {
        ArgumentNullException.ThrowIfNull(path);
        partial = null;
        byte[] bytes;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                return Result<ElectionReportDocument>.Failure(new Problem(ProblemCodes.Unsupported, string.Create(CultureInfo.InvariantCulture,
                    $"The file is {length / (1 << 20):N0} MB; a NIST SP 1500-100 report is read whole, up to {MaxFileBytes >> 20:N0} MB. Split its counts into several files (one per county, say) and import each."),
                    path));
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Result<ElectionReportDocument>.Failure(new Problem(ProblemCodes.Unreadable, "The file could not be read: " + ex.Message, path));
        }

        var ext = Path.GetExtension(path);
        if (string.Equals(ext, ".json", StringComparison.OrdinalIgnoreCase))
        {
            return ReadJson(bytes, path, out partial);
        }

        if (string.Equals(ext, ".xml", StringComparison.OrdinalIgnoreCase))
        {
            return ReadXml(bytes, path, out partial);
        }

        var span = StrictUtf8.WithoutBom(bytes).Span;
        foreach (var b in span)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (b == (byte)'<')
            {
                return ReadXml(bytes, path, out partial);
            }

            if (b == (byte)'{')
            {
                return ReadJson(bytes, path, out partial);
            }

            // A CSV or a spreadsheet named as the election said "not well-formed JSON", as if it were a broken report.
            var start = b is >= 0x21 and < 0x7f ? $" (it starts with '{(char)b}')" : "";
            return Result<ElectionReportDocument>.Failure(new Problem(ProblemCodes.Unsupported,
                $"The file is neither a JSON object nor XML{start}: a NIST SP 1500-100 report is JSON (.json) or XML (.xml).", path));
        }

        return ReadJson(bytes, path, out partial);
    }

    /// <summary>Reads the JSON encoding.</summary>
    /// <param name="stream">The file's bytes (UTF-8).</param>
    /// <param name="fileName">The name used in problems.</param>
    public static Result<ElectionReportDocument> ReadJson(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return TryReadAll(stream, fileName, out var bytes, out var failure) ? ReadJson(bytes, fileName, out _) : failure;
    }

    /// <summary>Reads the XML encoding (namespace <c>http://itl.nist.gov/ns/voting/1500-100/v2</c>).</summary>
    /// <param name="stream">The file's bytes (UTF-8).</param>
    /// <param name="fileName">The name used in problems.</param>
    public static Result<ElectionReportDocument> ReadXml(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return TryReadAll(stream, fileName, out var bytes, out var failure) ? ReadXml(bytes, fileName, out _) : failure;
    }

    private static Result<ElectionReportDocument> ReadJson(byte[] bytes, string fileName, out PlacedResults? partial)
    {
        partial = null;
        if (CheckBytes(bytes, fileName) is { } bad)
        {
            return Result<ElectionReportDocument>.Failure(bad);
        }

        var problems = new ProblemList(fileName);
        JsonDocument document;
        List<(string Path, string Name)>? duplicates;
        try
        {
            document = JsonDuplicates.Parse(
                StrictUtf8.WithoutBom(bytes),
                new JsonDocumentOptions { MaxDepth = 256, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow },
                "$",
                out duplicates);
        }
        catch (JsonException ex)
        {
            return Result<ElectionReportDocument>.Failure(new Problem(
                ProblemCodes.Malformed, "The file is not well-formed JSON: " + JsonMessages.WithoutPosition(ex), fileName, (ex.LineNumber ?? 0) + 1,
                string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path));
        }

        using (document)
        {
            if (JsonMessages.FindLoneSurrogate(bytes, document.RootElement) is { } at)
            {
                return Result<ElectionReportDocument>.Failure(new Problem(ProblemCodes.Malformed, JsonMessages.LoneSurrogate, fileName, null, at));
            }

            if (duplicates is not null)
            {
                // "VotesAllowed": 1, "VotesAllowed": 3 read as 3, where NIST's XML encoding refuses the second element.
                JsonDuplicates.Report(duplicates, problems);
                return Result<ElectionReportDocument>.Failure(problems.ToImmutable());
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Result<ElectionReportDocument>.Failure(new Problem(
                    ProblemCodes.Schema, "The JSON root must be an ElectionReport object.", fileName, 1, "$"));
            }

            // A misspelled member (PassageTreshold) was ignored, and the measure passed at a simple majority.
            SchemaMembers.ElectionResults.CheckTyped(document.RootElement, "$", "NIST SP 1500-100", problems);

            var valid = !problems.HasProblems;
            var mapper = new ErrMapper(problems);
            var mapped = mapper.Map(new JsonErrNode(document.RootElement, "$", problems));
            partial = valid ? mapper.Partial : null;
            return Finish(mapped, problems);
        }
    }

    private static Result<ElectionReportDocument> ReadXml(byte[] bytes, string fileName, out PlacedResults? partial)
    {
        partial = null;
        if (CheckBytes(bytes, fileName) is { } bad)
        {
            return Result<ElectionReportDocument>.Failure(bad);
        }

        var problems = new ProblemList(fileName);
        var invalid = new XsdErrors();
        ElectionReportTree.Result tree;
        try
        {
            using var ms = new MemoryStream(bytes, writable: false);
            tree = ElectionReportXsd.LoadLight(ms, invalid);
        }
        catch (XmlException ex)
        {
            return Result<ElectionReportDocument>.Failure(new Problem(
                ProblemCodes.Malformed, XmlMessages.Describe(ex), fileName, XmlMessages.Line(ex, 1), "/"));
        }

        var root = tree.Root;
        if (root.Name != XNamespace.Get(NistNames.Namespace) + "ElectionReport")
        {
            var line = ((IXmlLineInfo)root).HasLineInfo() ? ((IXmlLineInfo)root).LineNumber : 1;
            return Result<ElectionReportDocument>.Failure(new Problem(
                ProblemCodes.Schema, $"The root element must be ElectionReport in namespace {NistNames.Namespace}, not {root.Name}.", fileName, line, "/" + root.Name.LocalName));
        }

        if (!invalid.IsEmpty || tree.Foreign)
        {
            // A file NIST's XSD refuses is not mapped: a misspelled or misplaced element would be read as missing, and the
            // problems that follow from it would bury the one to mend. Its tree stopped growing at the first error; the
            // file is read again, streaming (the same bytes, the same errors), to give each error its line and path.
            tree = default;
            root = null;
            XsdReporter.Report(bytes, invalid, problems);
            if (problems.HasProblems)
            {
                return Result<ElectionReportDocument>.Failure(problems.ToImmutable());
            }

            // No error is listed, each only following from another: the file is mapped, whole, as it always was.
            using var ms = new MemoryStream(bytes, writable: false);
            root = ElectionReportXsd.LoadLight(ms, new XsdErrors(), whole: true).Root;
        }

        var valid = !problems.HasProblems;
        var mapper = new ErrMapper(problems);
        var mapped = mapper.Map(new XmlErrNode(root, "/ElectionReport"));
        partial = valid ? mapper.Partial : null;
        return Finish(mapped, problems);
    }

    private static Result<ElectionReportDocument> Finish(ElectionReportDocument? document, ProblemList problems)
    {
        if (problems.HasProblems || document is null)
        {
            if (!problems.HasProblems)
            {
                problems.Add(ProblemCodes.Schema, "The report could not be read.", 1, "$");
            }

            return Result<ElectionReportDocument>.Failure(problems.ToImmutable());
        }

        return Result<ElectionReportDocument>.Success(document);
    }

    private static bool TryReadAll(Stream stream, string fileName, out byte[] bytes, out Result<ElectionReportDocument> failure)
    {
        try
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            bytes = ms.ToArray();
            failure = default;
            return true;
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or ObjectDisposedException)
        {
            bytes = [];
            failure = Result<ElectionReportDocument>.Failure(new Problem(ProblemCodes.Unreadable, "The file could not be read: " + ex.Message, fileName));
            return false;
        }
    }

    private static Problem? CheckBytes(byte[] bytes, string fileName)
    {
        var span = StrictUtf8.WithoutBom(bytes).Span;
        var blank = true;
        foreach (var b in span)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                blank = false;
                break;
            }
        }

        if (blank)
        {
            return new Problem(ProblemCodes.EmptyFile, "The file is empty.", fileName, 1, "$");
        }

        var offset = StrictUtf8.FirstInvalid(span);
        if (offset >= 0)
        {
            var line = 1 + span[..offset].Count((byte)'\n');
            return new Problem(ProblemCodes.NotUtf8, $"The file is not valid UTF-8 (byte offset {offset + bytes.Length - span.Length}, line {line}); save it as UTF-8.", fileName, line, "$");
        }

        return null;
    }
}
