using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

public sealed class ElectionReportReaderExampleTests
{
    public static TheoryData<string> JsonExamples() =>
    [
        "err-gen-01.json",
        "err-gen-02.json",
        "err-prim-01.json",
        "pe-err-gen-01.json",
        "err-2022-11-08-Massachusetts-Cambridge.json",
    ];

    [Theory]
    [MemberData(nameof(JsonExamples))]
    public void ReadJson_NistExample_HasNoProblems(string name)
    {
        using var stream = File.OpenRead(NistFiles.Example(name));
        var result = ElectionReportReader.ReadJson(stream, name);
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        Assert.NotEmpty(result.Value.Definition.Contests);
    }

    [Fact]
    public void ReadXml_Gen01_HasNoProblems()
    {
        using var stream = File.OpenRead(NistFiles.Example("err-gen-01.xml"));
        var result = ElectionReportReader.ReadXml(stream, "err-gen-01.xml");
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
    }

    [Fact]
    public void Read_ByPath_PicksEncodingByExtension()
    {
        var json = ElectionReportReader.Read(NistFiles.Example("err-gen-01.json"));
        var xml = ElectionReportReader.Read(NistFiles.Example("err-gen-01.xml"));
        Assert.True(json.IsSuccess, NistFiles.Describe(json.Problems));
        Assert.True(xml.IsSuccess, NistFiles.Describe(xml.Problems));
    }

    [Fact]
    public void ReadJsonAndXml_Gen01_GiveEqualDefinitionsAndCounts()
    {
        using var js = File.OpenRead(NistFiles.Example("err-gen-01.json"));
        using var xs = File.OpenRead(NistFiles.Example("err-gen-01.xml"));
        var json = ElectionReportReader.ReadJson(js, "err-gen-01.json").Value;
        var xml = ElectionReportReader.ReadXml(xs, "err-gen-01.xml").Value;
        Assert.Equal(NistFiles.Canonical(json.Definition), NistFiles.Canonical(xml.Definition));
        Assert.Equal(NistFiles.Canonical(json.Results), NistFiles.Canonical(xml.Results));
        Assert.NotEmpty(json.Results.Counts);
        Assert.Equal(json.Status, xml.Status);
    }

    [Fact]
    public void ReadJson_PreElectionExample_HasNoCounts()
    {
        using var stream = File.OpenRead(NistFiles.Example("pe-err-gen-01.json"));
        var doc = ElectionReportReader.ReadJson(stream, "pe-err-gen-01.json").Value;
        Assert.Empty(doc.Results.Counts);
        Assert.Equal("pre-election", doc.Status);
        Assert.NotEmpty(doc.Definition.BallotStyles);
    }
}
