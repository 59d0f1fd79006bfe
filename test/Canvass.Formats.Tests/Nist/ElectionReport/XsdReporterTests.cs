using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

/// <summary>A report NIST's XSD refuses is located by a streaming read (<see cref="XsdReporter"/>) instead of a second
/// load as a whole <see cref="XDocument"/>: every problem's message, line and path must be what the whole tree gives
/// (<see cref="WholeTreeXsdReport"/>).</summary>
public sealed class XsdReporterTests
{
    private const string FileName = "gen-01.xml";

    private static readonly string Gen01 = File.ReadAllText(NistFiles.Example("err-gen-01.xml"));

    /// <summary>GEN-01 with each edit made in turn: the first <c>From</c> replaced by <c>To</c>.</summary>
    private static string Edit(string text, params (string From, string To)[] edits)
    {
        foreach (var (from, to) in edits)
        {
            var at = text.IndexOf(from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{from}' is not in the file");
            text = text[..at] + to + text[(at + from.Length)..];
        }

        return text;
    }

    private static string BadCounts(int count)
    {
        var counts = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            counts.Append(CultureInfo.InvariantCulture, $"<VoteCounts><GpUnitId>ru-county-1</GpUnitId><Type>total</Type><Count>x{i}</Count></VoteCounts>\n");
        }

        return counts.ToString();
    }

    /// <summary>Refused variants of GEN-01, by what is wrong in them.</summary>
    public static TheoryData<string, string> Refused()
    {
        const string Foreign = "<x:Note xmlns:x=\"urn:x\">n</x:Note>";
        (string Name, string Text)[] variants =
        [
            ("a misspelled element deep in a count", Edit(Gen01, ("<Count>5</Count>", "<Cuont>5</Cuont>"))),
            ("two misspelled siblings of one name", Edit(Gen01, ("<Overvotes>0</Overvotes>", "<Overvote>0</Overvote>"), ("<Overvotes>0</Overvotes>", "<Overvote>0</Overvote>"))),
            ("a misspelled element inside a misspelled one", Edit(Gen01, ("<Name>Straight Party</Name>", "<Nmae><Txet>Straight Party</Txet></Nmae>"))),
            ("a count that is not a number", Edit(Gen01, ("<Count>5</Count>", "<Count>five</Count>"))),
            ("an element outside NIST's namespace in a count", Edit(Gen01, ("<Count>5</Count>", "<Count>5</Count>" + Foreign))),
            ("an element in no namespace below the root", Edit(Gen01, ("<Issuer>", "<Extra xmlns=\"\">1</Extra><Issuer>"))),
            ("a foreign element holding NIST's elements and its own", Edit(Gen01, ("<Issuer>", "<x:Wrap xmlns:x=\"urn:x\"><Name>a</Name><x:Inner/><Name>b</Name></x:Wrap>\n<Issuer>"))),
            ("foreign elements in two places", Edit(Gen01, ("<Count>5</Count>", "<Count>5</Count>" + Foreign), ("<Issuer>", Foreign + "<Issuer>"))),
            ("a duplicate id, and the references to the one it replaced", Edit(Gen01, ("ObjectId=\"can-jd\"", "ObjectId=\"can-hb\""))),
            ("an id that is not an NCName", Edit(Gen01, ("ObjectId=\"can-jd\"", "ObjectId=\"1can\""))),
            ("a reference list with a token that is not an NCName", Edit(Gen01, ("<CandidateIds>can-hb can-jd", "<CandidateIds>1x can-hb can-jd"))),
            ("a reference in pieces, CDATA and a comment between them", Edit(Gen01, ("<ElectionDistrictId>ru-county-1</ElectionDistrictId>", "<ElectionDistrictId><![CDATA[2]]>ru-<!-- c -->county-1</ElectionDistrictId>"))),
            ("a reference list in pieces", Edit(Gen01, ("<CandidateIds>can-hb can-jd", "<CandidateIds>can-hb<!-- c --> can-<![CDATA[jd 9]]>z"))),
            ("a reference to no id", Edit(Gen01, ("<PartyId>par-lib</PartyId>", "<PartyId>par-lbi</PartyId>"))),
            ("two references to no id on one line", Edit(Gen01, ("<CandidateIds>can-hb can-jd", "<CandidateIds>can-hx can-jx"))),
            ("a single reference with two ids", Edit(Gen01, ("<ContestId>spc-1</ContestId>", "<ContestId>spc-1 cc-senate</ContestId>"))),
            ("an unknown xsi:type, hiding the ids in its contest", Edit(Gen01, ("xsi:type=\"CandidateContest\"", "xsi:type=\"CandidateKontest\""))),
            ("an abstract element without xsi:type", Edit(Gen01, (" xsi:type=\"CandidateContest\"", ""))),
            ("an xsi:type from another namespace", Edit(Gen01, ("xsi:type=\"CandidateContest\"", "xsi:type=\"v1:CandidateContest\" xmlns:v1=\"http://itl.nist.gov/ns/voting/1500-100/v1\""))),
            ("text where only elements may be", Edit(Gen01, ("<Candidate ObjectId=\"can-jd\">", "<Candidate ObjectId=\"can-jd\">junk x"))),
            ("text in the root", Edit(Gen01, ("<Issuer>", "free text <Issuer>"))),
            ("an attribute the XSD does not declare", Edit(Gen01, ("<Candidate ObjectId=\"can-jd\">", "<Candidate ObjectId=\"can-jd\" Foo=\"1\">"))),
            ("an attribute in another namespace", Edit(Gen01, ("<Candidate ObjectId=\"can-jd\">", "<Candidate ObjectId=\"can-jd\" x:Foo=\"1\" xmlns:x=\"urn:x\">"))),
            ("an attribute on the root", Edit(Gen01, ("<ElectionReport ", "<ElectionReport Foo=\"1\" "))),
            ("elements out of NIST's order", Edit(Gen01, ("<SequenceStart>1</SequenceStart>\n   <SequenceEnd>1</SequenceEnd>", "<SequenceEnd>1</SequenceEnd>\n   <SequenceStart>1</SequenceStart>"))),
            ("a required element missing", Edit(Gen01, ("<Name>Straight Party</Name>", ""))),
            ("xsi:nil where it is not allowed", Edit(Gen01, ("<CandidateIds>can-hb can-jd", "<CandidateIds xsi:nil=\"true\">can-hb can-jd"))),
            ("an element inside a reference", Edit(Gen01, ("<CandidateIds>can-hb can-jd", "<CandidateIds><Z>q</Z>1bad can-hb can-jd"))),
            ("a count on one line with three errors", Edit(Gen01, ("<VoteCounts>", "<VoteCounts><GpUnitId>nope</GpUnitId><Type>by-pigeon</Type><Count>x</Count></VoteCounts>\n<VoteCounts>"))),
            ("the whole file on one line, with errors", Edit(Gen01.Replace("\n", " ", StringComparison.Ordinal), ("<Count>5</Count>", "<Cuont>5</Cuont>"), ("<PartyId>par-lib</PartyId>", "<PartyId>par-lbi</PartyId>"), ("<Issuer>", Foreign + "<Issuer>"))),
            ("more errors than are kept", Edit(Gen01, ("<VoteCounts>", BadCounts(XsdErrors.Capacity + 20) + "<VoteCounts>"))),
        ];
        var data = new TheoryData<string, string>();
        foreach (var (name, text) in variants)
        {
            data.Add(name, text);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void ReadXml_RefusedReport_ListsTheWholeTreesProblems(string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var expected = WholeTreeXsdReport.Problems(bytes, FileName);
        Assert.True(expected.HasProblems, name);

        var result = ElectionReportReader.ReadXml(new MemoryStream(bytes), FileName);

        Assert.False(result.IsSuccess, name);
        Assert.Equal(expected.ToImmutable(), result.Problems);
    }

    [Fact]
    public void ReadXml_ErrorsDeepInALargeReport_HaveTheirLinesAndPaths()
    {
        // 30,000 later rounds of one count, a misspelled field in one, an element outside NIST's namespace in another
        // and a reference to no unit in a third.
        const int Rounds = 30_000;
        const int Misspelled = 17_345;
        const int Foreign = 25_002;
        const int Dangling = 29_999;
        var counts = new StringBuilder();
        for (var r = 1; r <= Rounds; r++)
        {
            var unit = r == Dangling ? "prec-x" : "prec-1";
            var type = r == Misspelled ? "Tpye" : "Type";
            var note = r == Foreign ? "<x:Note xmlns:x=\"urn:x\"/>" : "";
            counts.Append(CultureInfo.InvariantCulture,
                $"<VoteCounts>\n<GpUnitId>{unit}</GpUnitId>\n<Round>{r + 1}</Round>\n<{type}>early</{type}>\n<Count>{r}</Count>{note}\n</VoteCounts>\n");
        }

        var anchor = Gen01.IndexOf("<VoteCounts>", Gen01.IndexOf("bm-proposal-1-yes", StringComparison.Ordinal), StringComparison.Ordinal);
        var line = 1 + Gen01.AsSpan(0, anchor).Count('\n');
        var bytes = Encoding.UTF8.GetBytes(Gen01.Insert(anchor, counts.ToString()));

        var result = ElectionReportReader.ReadXml(new MemoryStream(bytes), FileName);

        const string Selection = "/ElectionReport/Election[1]/Contest[9]/ContestSelection[1]";
        Assert.Equal(
            [
                (line + ((Misspelled - 1) * 6) + 3, $"{Selection}/VoteCounts[{Misspelled}]/Tpye[1]"),
                (line + ((Foreign - 1) * 6) + 4, $"{Selection}/VoteCounts[{Foreign}]/Note[1]"),
                (line + ((Dangling - 1) * 6) + 1, $"{Selection}/VoteCounts[{Dangling}]/GpUnitId[1]"),
            ],
            result.Problems.Select(p => (p.Line ?? 0, p.Path)));
        Assert.Contains("no element named 'Tpye'", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("'urn:x'", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("'prec-x'", result.Problems[2].Message, StringComparison.Ordinal);
        Assert.Equal(WholeTreeXsdReport.Problems(bytes, FileName).ToImmutable(), result.Problems);
    }

    [Fact]
    public void LoadLight_RefusedReport_KeepsNoTreeAfterTheFirstErrorButMeetsEveryError()
    {
        // The tree of a refused file is not mapped: past the first error (line 10, in the first ballot style) the file is
        // only validated, and the errors after it are all met (a count, line 1131).
        var bytes = Encoding.UTF8.GetBytes(Edit(Gen01, ("<GpUnitIds>cp-1-4-5-6</GpUnitIds>", "<GpUnitIdz>cp-1-4-5-6</GpUnitIdz>"), ("<Count>5</Count>", "<Count>five</Count>")));
        var wholeErrors = new XsdErrors();
        var whole = ElectionReportXsd.LoadLight(new MemoryStream(bytes), wholeErrors, whole: true);
        var errors = new XsdErrors();
        var light = ElectionReportXsd.LoadLight(new MemoryStream(bytes), errors);

        Assert.True(whole.Root.Descendants().Count() > 500, whole.Root.Descendants().Count().ToString(CultureInfo.InvariantCulture));
        Assert.InRange(light.Root.Descendants().Count(), 1, 10);
        Assert.Equal(XNamespace.Get(NistNames.Namespace) + "ElectionReport", light.Root.Name);
        Assert.Equal(wholeErrors.Kept, errors.Kept);
        Assert.Equal([10, 1131], errors.Kept.Select(e => e.Line));
    }

    [Fact]
    public void ElementText_IsTheElementsValueInTheWholeTree()
    {
        // Text in pieces (CDATA, a comment between two), in an element holding elements and in one holding none.
        var bytes = Encoding.UTF8.GetBytes(Edit(Gen01,
            ("<CandidateIds>can-hb can-jd", "<CandidateIds>can-hb<!-- c --> can-<![CDATA[jd]]>"),
            ("<Name>Straight Party</Name>", "<Name>Straight <![CDATA[Party]]></Name>")));
        var elements = WholeTreeXsdReport.Load(bytes, new XsdErrors()).Root!.DescendantsAndSelf().ToList();
        var sampled = 0;
        for (var i = 0; i < elements.Count; i += i < 40 ? 1 : 37)
        {
            Assert.Equal(elements[i].Value, XsdReporter.ElementText(bytes, i + 1));
            sampled++;
        }

        var pieces = elements.FindIndex(e => e.Value == "can-hb can-jd");
        Assert.True(pieces > 0);
        Assert.Equal("can-hb can-jd", XsdReporter.ElementText(bytes, pieces + 1));
        Assert.True(sampled > 60, sampled.ToString(CultureInfo.InvariantCulture));
    }
}
