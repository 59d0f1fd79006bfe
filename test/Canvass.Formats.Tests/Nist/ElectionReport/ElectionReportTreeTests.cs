using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Canvass.Domain;
using Canvass.Formats.Common;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

/// <summary>The XML read maps a lighter tree than the <see cref="XDocument"/> it used to (counts kept compactly, paths
/// built when asked): what it reads, and every problem's line and path, must be what the whole tree gives.</summary>
public sealed class ElectionReportTreeTests
{
    private const string FileName = "gen-01.xml";

    private const string Selection = "bm-proposal-1-yes";

    /// <summary>The path of bm-proposal-1-yes, the first selection of Contest[9] in NIST's GEN-01 example.</summary>
    private const string SelectionPath = "/ElectionReport/Election[1]/Contest[9]/ContestSelection[1]";

    private static readonly string Gen01 = File.ReadAllText(NistFiles.Example("err-gen-01.xml"));

    /// <summary>GEN-01 with <paramref name="counts"/> put before the first VoteCounts of bm-proposal-1-yes (which has
    /// two: ru-county-1 and cp-1-4-5-6, totals of 5; prec-1 has none), and the line they start on.</summary>
    private static (string Text, long Line) WithCounts(string counts)
    {
        var at = Gen01.IndexOf("<VoteCounts>", Gen01.IndexOf(Selection, StringComparison.Ordinal), StringComparison.Ordinal);
        return (Gen01.Insert(at, counts), 1 + Gen01.AsSpan(0, at).Count('\n'));
    }

    private static string Counts(string unit, string type, string count, string inside = "", string attributes = "") =>
        $"<VoteCounts{attributes}>{inside}<GpUnitId>{unit}</GpUnitId><Type>{type}</Type><Count>{count}</Count></VoteCounts>\n";

    private static string Device(string type) =>
        $"<DeviceClass><Manufacturer>Acme</Manufacturer><Type>{type}</Type></DeviceClass>";

    /// <summary>Reports, each with the code of the problem it has (null when it reads).</summary>
    public static TheoryData<string, string?> Reports()
    {
        (string Counts, string? Code)[] variants =
        [
            ("", null),

            // Counts split by device class (added), and the same class twice (a problem at the second's DeviceClass).
            (Counts("prec-1", "election-day", "2", Device("opscan-central")) + Counts("prec-1", "election-day", "3", Device("dre")), null),
            (Counts("prec-1", "election-day", "2", Device("dre")) + Counts("prec-1", "election-day", "3", Device("dre")), ProblemCodes.Inconsistent),

            // RCV rounds, suppressed counts, other types, an xsi:type on the count.
            ("<VoteCounts><GpUnitId>prec-1</GpUnitId><IsSuppressedForPrivacy>true</IsSuppressedForPrivacy><Round>2</Round><Type>early</Type><Count>9</Count></VoteCounts>\n"
                + "<VoteCounts><GpUnitId>prec-1</GpUnitId><Round>1</Round><Type>early</Type><Count>4</Count></VoteCounts>\n", null),
            (Counts("prec-1", "other", "1").Replace("<Count>", "<OtherType>drive-in</OtherType><Count>", StringComparison.Ordinal), null),
            (Counts("prec-1", "early", "1", attributes: " xsi:type=\"VoteCounts\""), null),

            // Text in pieces: white space, CDATA, a comment between two digits.
            (Counts("prec-1", "early", " <![CDATA[1]]>2<!-- a comment -->3 \n"), null),

            // Problems only the mapper finds: a unit that is a contest, a negative or fractional count, a count twice,
            // a total its breakdown does not sum to, a round too large to read, seats.
            (Counts("bm-proposal-2", "early", "1"), ProblemCodes.UnknownReference),
            (Counts("prec-1", "early", "-1"), ProblemCodes.BadCount),
            (Counts("prec-1", "early", "2.5"), ProblemCodes.BadCount),
            (Counts("prec-1", "early", "1") + Counts("prec-1", "early", "1"), ProblemCodes.Inconsistent),
            (Counts("ru-county-1", "election-day", "1") + Counts("ru-county-1", "early", "1"), ProblemCodes.Inconsistent),
            ("<VoteCounts><GpUnitId>prec-1</GpUnitId><Round>99999999999</Round><Type>early</Type><Count>4</Count></VoteCounts>\n", ProblemCodes.Schema),
            (Counts("prec-1", "seats", "1"), null),

            // Refused by the XSD, so not mapped, and located by the streaming reporter: an unknown count type, an element
            // outside NIST's namespace, a misspelled field.
            (Counts("prec-1", "by-pigeon", "1"), ProblemCodes.Schema),
            (Counts("prec-1", "early", "1", "<x:Note xmlns:x=\"urn:x\">n</x:Note>"), ProblemCodes.Schema),
            (Counts("prec-1", "early", "1").Replace("<Count>1</Count>", "<Cuont>1</Cuont>", StringComparison.Ordinal), ProblemCodes.Schema),

            // Refused too: a count naming a unit that is nowhere, an xsi:type NIST does not define, two elements outside
            // NIST's namespace in one count and a misspelled count after them.
            (Counts("prec-x", "early", "1"), ProblemCodes.Schema),
            (Counts("prec-1", "early", "1", attributes: " xsi:type=\"VoteCount\""), ProblemCodes.Schema),
            (Counts("prec-1", "early", "1", "<x:Note xmlns:x=\"urn:x\">n</x:Note><x:Note xmlns:x=\"urn:x\"/>") + "<VoteCount/>\n", ProblemCodes.Schema),
        ];
        var data = new TheoryData<string, string?>();
        foreach (var (counts, code) in variants)
        {
            data.Add(WithCounts(counts).Text, code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public void ReadXml_LightTree_GivesWhatTheWholeTreeGives(string text, string? code)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var light = ElectionReportReader.ReadXml(new MemoryStream(bytes), FileName);
        var whole = ReadWhole(bytes);

        Assert.Equal(code is null, light.IsSuccess);
        Assert.Equal(whole.IsSuccess, light.IsSuccess);
        Assert.Equal(whole.Problems, light.Problems);
        if (!whole.IsSuccess)
        {
            Assert.Equal(code, light.Problems[0].Code);
            return;
        }

        Assert.Equal(NistFiles.Canonical(whole.Value.Definition), NistFiles.Canonical(light.Value.Definition));
        Assert.Equal(whole.Value.Results.Counts, light.Value.Results.Counts);
        Assert.Equal(whole.Value.Results.ContestCounts, light.Value.Results.ContestCounts);
        Assert.Equal([.. whole.Value.CountPlaces], [.. light.Value.CountPlaces]);
        Assert.Equal([.. whole.Value.ContestCountPlaces], [.. light.Value.ContestCountPlaces]);
    }

    [Fact]
    public void ReadXml_ProblemDeepInALargeReport_HasItsLineAndPath()
    {
        // 30,000 later rounds of one count (kept: the first round), and a count naming a contest as its unit among them.
        const int Rounds = 30_000;
        const int Bad = 17_345;
        var counts = new StringBuilder();
        for (var r = 1; r <= Rounds; r++)
        {
            var unit = r == Bad ? "bm-proposal-2" : "prec-1";
            counts.Append(CultureInfo.InvariantCulture,
                $"<VoteCounts>\n<GpUnitId>{unit}</GpUnitId>\n<Round>{r + 1}</Round>\n<Type>early</Type>\n<Count>{r}</Count>\n</VoteCounts>\n");
        }

        var (text, line) = WithCounts(counts.ToString());
        var result = ElectionReportReader.ReadXml(new MemoryStream(Encoding.UTF8.GetBytes(text)), FileName);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemCodes.UnknownReference, problem.Code);
        Assert.Equal(line + ((Bad - 1) * 6), problem.Line); // the line of the GpUnitId's VoteCounts, six lines a count
        Assert.Equal($"{SelectionPath}/VoteCounts[{Bad}]/GpUnitId", problem.Path);
        Assert.Equal(FileName, problem.File);
    }

    [Fact]
    public void ReadXml_CountPlaces_AreEachCountsLineAndPath()
    {
        var (text, line) = WithCounts(Counts("prec-1", "early", "1") + Counts("prec-1", "election-day", "2", Device("dre")));
        var result = ElectionReportReader.ReadXml(new MemoryStream(Encoding.UTF8.GetBytes(text)), FileName);
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));

        var counts = result.Value.Results.Counts;
        var first = counts.Select((c, i) => (c, i)).First(x => x.c.Selection.Value == Selection).i;
        Assert.Equal(new SourcePlace(line, $"{SelectionPath}/VoteCounts[1]"), result.Value.CountPlaces[first]);
        Assert.Equal(new SourcePlace(line + 1, $"{SelectionPath}/VoteCounts[2]"), result.Value.CountPlaces[first + 1]);
        Assert.Equal(new SourcePlace(line + 2, $"{SelectionPath}/VoteCounts[3]"), result.Value.CountPlaces[first + 2]);
        Assert.Equal(counts.Length, result.Value.CountPlaces.Count);
    }

    [Fact]
    public void XmlErrNode_Paths_AreTheElementsPositions()
    {
        // Every element the mapper could reach, in the whole tree and in the light one, has the path that names its
        // position (the name and index of each step from the root) and the whole tree's line.
        var bytes = Encoding.UTF8.GetBytes(WithCounts(Counts("prec-1", "early", "1", Device("dre"))).Text);
        var document = WholeTreeXsdReport.Load(bytes, new XsdErrors());
        var invalid = new XsdErrors();
        var light = ElectionReportXsd.LoadLight(new MemoryStream(bytes), invalid);
        Assert.True(invalid.IsEmpty);
        Assert.False(light.Foreign);

        var wholeRoot = new XmlErrNode(document.Root!, "/ElectionReport");
        var lightRoot = new XmlErrNode(light.Root, "/ElectionReport");
        var checkedCounts = 0;
        foreach (var element in document.Root!.Descendants())
        {
            var steps = element.AncestorsAndSelf().Reverse().Skip(1)
                .Select(e => (e.Name.LocalName, Index: e.ElementsBeforeSelf(e.Name).Count() + 1)).ToList();
            var expected = "/ElectionReport" + string.Concat(steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"/{s.LocalName}[{s.Index}]")));
            var line = ((IXmlLineInfo)element).LineNumber;
            foreach (var root in new[] { wholeRoot, lightRoot })
            {
                ErrNode node = root;
                foreach (var (name, index) in steps)
                {
                    node = node.Children(name)[index - 1];
                }

                Assert.Equal(expected, node.Path);
                Assert.Equal(line, node.Line);
            }

            checkedCounts += element.Name.LocalName == "VoteCounts" ? 1 : 0;
        }

        Assert.Equal(203, checkedCounts);
    }

    [Fact]
    public void JsonErrNode_Paths_AreTheMembersPositions()
    {
        // Each object's path is its parent's, the member's name, and its index when the member is an array, as the
        // problems have always named it.
        using var json = JsonDocument.Parse(File.ReadAllBytes(NistFiles.Example("err-gen-01.json")));
        var checkedObjects = 0;
        var stack = new Stack<(JsonElement Element, ErrNode Node)>();
        stack.Push((json.RootElement, new JsonErrNode(json.RootElement, "$", new ProblemList(null))));
        while (stack.Count > 0)
        {
            var (element, node) = stack.Pop();
            checkedObjects++;
            foreach (var member in element.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.Object)
                {
                    var child = Assert.Single(node.Children(member.Name));
                    Assert.Equal(node.Path + "." + member.Name, child.Path);
                    stack.Push((member.Value, child));
                }
                else if (member.Value.ValueKind == JsonValueKind.Array && member.Value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Object))
                {
                    var children = node.Children(member.Name);
                    var items = member.Value.EnumerateArray().ToList();
                    Assert.Equal(items.Count, children.Count);
                    for (var i = 0; i < items.Count; i++)
                    {
                        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{node.Path}.{member.Name}[{i}]"), children[i].Path);
                        stack.Push((items[i], children[i]));
                    }
                }
            }
        }

        Assert.True(checkedObjects > 500, checkedObjects.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The read as it was before the light tree: the whole document, its errors reported, then mapped.</summary>
    private static Result<ElectionReportDocument> ReadWhole(byte[] bytes)
    {
        var problems = new ProblemList(FileName);
        var invalid = new XsdErrors();
        var document = WholeTreeXsdReport.Load(bytes, invalid);
        WholeTreeXsdReport.Report(document, invalid, problems);
        if (problems.HasProblems)
        {
            return Result<ElectionReportDocument>.Failure(problems.ToImmutable());
        }

        var mapped = new ErrMapper(problems).Map(new XmlErrNode(document.Root!, "/ElectionReport"));
        return problems.HasProblems || mapped is null
            ? Result<ElectionReportDocument>.Failure(problems.ToImmutable())
            : Result<ElectionReportDocument>.Success(mapped);
    }
}
