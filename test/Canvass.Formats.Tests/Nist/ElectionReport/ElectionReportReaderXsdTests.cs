using System.Text;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Formats.Nist.ElectionReport;
using Canvass.TestKit;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

/// <summary>XML election reports are validated against NIST's XSD before they are read: what the XSD refuses was
/// silently dropped before (a misspelled PassageThreshold passed a 2/3 measure at a simple majority).</summary>
public sealed class ElectionReportReaderXsdTests
{
    private const string FileName = "gen-01.xml";

    /// <summary>The end of ballot measure bm-proposal-1 (Contest[9]) in NIST's GEN-01 example, before which a
    /// BallotMeasureContest's own elements (PassageThreshold among them) go.</summary>
    private const string MeasureEnd = "</Contest>\n      <Contest ObjectId=\"bm-proposal-2\"";

    private static readonly string Gen01 = File.ReadAllText(NistFiles.Example("err-gen-01.xml"));

    private static Result<ElectionReportDocument> Read(string text)
    {
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return ElectionReportReader.ReadXml(ms, FileName);
    }

    /// <summary>GEN-01 with <paramref name="insert"/> put before the first <paramref name="anchor"/>, and the line
    /// <paramref name="insert"/> starts on.</summary>
    private static (string Text, long Line) Insert(string text, string anchor, string insert)
    {
        var at = text.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{anchor}' is not in the file");
        return (text.Insert(at, insert), 1 + text.AsSpan(0, at).Count('\n'));
    }

    /// <summary>GEN-01 with the first <paramref name="from"/> after <paramref name="after"/> replaced by
    /// <paramref name="to"/>, and the line it is on.</summary>
    private static (string Text, long Line) Replace(string text, string from, string to, string after = "")
    {
        var at = text.IndexOf(from, text.IndexOf(after, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' is not in the file");
        return (text[..at] + to + text[(at + from.Length)..], 1 + text.AsSpan(0, at).Count('\n'));
    }

    private static Problem AssertSchemaProblem(Result<ElectionReportDocument> result, long line, string path)
    {
        Assert.False(result.IsSuccess, "The file was read.");
        var problem = result.Problems.FirstOrDefault(p => p.Line == line);
        Assert.True(problem is not null, $"No problem on line {line} in:{Environment.NewLine}{NistFiles.Describe(result.Problems)}");
        Assert.Equal(ProblemCodes.Schema, problem.Code);
        Assert.Equal(FileName, problem.File);
        Assert.Equal(path, problem.Path);
        return problem;
    }

    [Fact]
    public void ReadXml_PassageThreshold_IsRead()
    {
        var (text, _) = Insert(Gen01, MeasureEnd,
            "   <PassageThreshold><Text Language=\"en\">2/3</Text></PassageThreshold>\n      ");
        var result = Read(text);
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        var measure = result.Value.Definition.Contests.Single(c => c.Id.Value == "bm-proposal-1");
        Assert.Equal(new PassageThreshold(2, 3, true), measure.PassageThreshold);
        Assert.Equal(VoteVariation.SuperMajority, measure.VoteVariation);
    }

    [Fact]
    public void ReadXml_MisspelledPassageThreshold_IsSchemaAtItsLineNotASimpleMajority()
    {
        // Ignored, the misspelling left the 2/3 measure needing a simple majority.
        var (text, line) = Insert(Gen01, MeasureEnd,
            "   <PasageThreshold><Text Language=\"en\">2/3</Text></PasageThreshold>\n      ");
        var result = Read(text);
        var problem = AssertSchemaProblem(result, line, "/ElectionReport/Election[1]/Contest[9]/PasageThreshold[1]");
        Assert.Contains("'PasageThreshold'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("PassageThreshold", problem.Message, StringComparison.Ordinal); // among the elements expected
        Assert.Contains("no element named 'PasageThreshold'", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("http://itl.nist.gov", problem.Message, StringComparison.Ordinal);
        Assert.Single(result.Problems);
    }

    [Fact]
    public void ReadXml_MisspelledVoteCounts_IsSchemaAtItsLineAndNoCountsAreRead()
    {
        // Ignored, the misspelling dropped the selection's counts and the rest of the file was imported without them.
        var (text, line) = Replace(Gen01, "<VoteCounts>", "<VoteCount>", after: "bm-proposal-1-yes");
        (text, _) = Replace(text, "</VoteCounts>", "</VoteCount>", after: "bm-proposal-1-yes");
        var result = Read(text);
        var problem = AssertSchemaProblem(result, line, "/ElectionReport/Election[1]/Contest[9]/ContestSelection[1]/VoteCount[1]");
        Assert.True(problem.Message.Contains("VoteCounts", StringComparison.Ordinal), problem.Message); // the element expected
        Assert.Single(result.Problems);
    }

    [Fact]
    public void ReadXml_XsiTypeFromAnotherNamespace_IsSchemaAtTheElement()
    {
        // The prefix was dropped and the type read as NIST v2's; it names a type NIST SP 1500-100 v2 does not have.
        var (text, line) = Replace(Gen01, "xsi:type=\"CandidateContest\"", "xsi:type=\"v1:CandidateContest\" xmlns:v1=\"http://itl.nist.gov/ns/voting/1500-100/v1\"");
        var result = Read(text);
        Assert.False(result.IsSuccess);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemCodes.Schema, problem.Code);
        Assert.StartsWith("/ElectionReport/Election[1]/Contest[", problem.Path, StringComparison.Ordinal);
        Assert.Contains("xsi:type", problem.Message, StringComparison.Ordinal);
        Assert.Contains("v1:CandidateContest", problem.Message, StringComparison.Ordinal);

        // The element's line: where its start tag begins, the line before the attribute's here.
        Assert.InRange(problem.Line ?? 0, line - 1, line);
    }

    [Fact]
    public void ReadXml_UnknownXsiType_IsOneProblemNotOneForEveryReferenceToTheContest()
    {
        // The validator skips an element whose type it does not know, so the ids in it are unknown to it; the
        // references to them (four OrderedContent entries) are not listed on top of the type.
        var (text, line) = Replace(Gen01, "xsi:type=\"CandidateContest\"", "xsi:type=\"CandidateKontest\"");
        var result = Read(text);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemCodes.Schema, problem.Code);
        Assert.Contains("'CandidateKontest'", problem.Message, StringComparison.Ordinal);
        Assert.InRange(problem.Line ?? 0, line - 1, line);
    }

    [Fact]
    public void ReadXml_SeveralErrors_ListsEveryOneWithItsLineInFileOrder()
    {
        var (text, misspelledVotes) = Replace(Gen01, "<VotesAllowed>", "<VotesAlowed>");
        (text, _) = Replace(text, "</VotesAllowed>", "</VotesAlowed>");
        var (withCount, count) = Replace(text, "<Count>5</Count>", "<Count>five</Count>", after: "bm-proposal-1-no");
        var (withThreshold, threshold) = Insert(withCount, MeasureEnd,
            "   <PasageThreshold><Text Language=\"en\">2/3</Text></PasageThreshold>\n      ");
        var (withUnknown, unknown) = Replace(withThreshold, "<Issuer>", "<Isuer>");
        (text, _) = Replace(withUnknown, "</Issuer>", "</Isuer>");

        var result = Read(text);
        Assert.False(result.IsSuccess);
        Assert.Equal([misspelledVotes, count, threshold, unknown], result.Problems.Select(p => p.Line ?? 0));
        Assert.All(result.Problems, p => Assert.Equal(ProblemCodes.Schema, p.Code));
        Assert.All(result.Problems, p => Assert.Equal(FileName, p.File));
        Assert.Contains("'five'", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.EndsWith("/Count[1]", result.Problems[1].Path, StringComparison.Ordinal);
        Assert.Equal("/ElectionReport/Isuer[1]", result.Problems[3].Path);
    }

    [Fact]
    public void ReadXml_MoreErrorsThanAreKept_ListsTheFirstAndCountsEveryOne()
    {
        const int bad = 12_000;
        var counts = string.Concat(Enumerable.Repeat("<VoteCounts><GpUnitId>ru-county-1</GpUnitId><Type>total</Type><Count>x</Count></VoteCounts>\n", bad));
        var (text, line) = Replace(Gen01, "<VoteCounts>", counts + "<VoteCounts>", after: "bm-proposal-1-yes");
        var result = Read(text);
        Assert.False(result.IsSuccess);
        Assert.Equal(1001, result.Problems.Length);
        Assert.Equal(line, result.Problems[0].Line);
        Assert.Equal(line + 999, result.Problems[999].Line);
        Assert.Equal(ProblemCodes.TooManyProblems, result.Problems[^1].Code);
        Assert.StartsWith($"{bad - 1000} more problems", result.Problems[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadXml_DuplicateIdAndDanglingReference_AreSchemaWithTheirLines()
    {
        var (duplicate, line) = Replace(Gen01, "ObjectId=\"can-jd\"", "ObjectId=\"can-hb\"");
        var result = Read(duplicate);
        Assert.False(result.IsSuccess);
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.Schema && p.Line == line && p.Message.Contains("'can-hb'", StringComparison.Ordinal));

        // GEN-01 still refers to can-jd, which is now defined nowhere.
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.Schema && p.Message.Contains("'can-jd'", StringComparison.Ordinal)
            && p.Path is not null && p.Path.EndsWith("/CandidateIds[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadXml_ElementsOutOfNistsOrder_AreSchema()
    {
        // NIST's XSD fixes the order of each object's elements (here SequenceStart before SequenceEnd).
        var (swapped, line) = Replace(Gen01, "<SequenceStart>1</SequenceStart>\n   <SequenceEnd>1</SequenceEnd>", "<SequenceEnd>1</SequenceEnd>\n   <SequenceStart>1</SequenceStart>");
        var result = Read(swapped);
        var problem = AssertSchemaProblem(result, line, "/ElectionReport/SequenceEnd[1]");
        Assert.Contains("'SequenceEnd'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("SequenceStart", problem.Message, StringComparison.Ordinal); // the element expected there
        Assert.DoesNotContain("no element named", problem.Message, StringComparison.Ordinal);
        Assert.Single(result.Problems);
    }

    [Fact]
    public void ShippedXsd_IsNistsUnchanged() =>
        Assert.Equal(
            File.ReadAllBytes(NistSchemas.ErrXsdPath),
            File.ReadAllBytes(Path.Combine(RepositoryFolder.Path, "schemas", "nist-1500-100", "NIST_V2_election_results_reporting.xsd")));
}
