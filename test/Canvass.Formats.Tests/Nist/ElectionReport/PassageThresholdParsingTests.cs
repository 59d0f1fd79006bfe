using Canvass.Domain.Elections;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

public sealed class PassageThresholdParsingTests
{
    [Theory]
    [InlineData("2/3", 2, 3, true)]
    [InlineData("two-thirds", 2, 3, true)]
    [InlineData("Two-Thirds majority", 2, 3, true)]
    [InlineData("60%", 3, 5, true)]
    [InlineData("55%", 11, 20, true)]
    [InlineData("at least 3/5", 3, 5, true)]
    [InlineData("more than 1/2", 1, 2, false)]
    [InlineData("majority", 1, 2, false)]
    [InlineData("50%", 1, 2, false)]
    public void ReadJson_PassageThresholdText_IsParsed(string text, int numerator, int denominator, bool inclusive)
    {
        var contest = ReadMeasure(text);
        Assert.Equal(new PassageThreshold(numerator, denominator, inclusive), contest.PassageThreshold);
        Assert.Equal(
            numerator * 2 == denominator && !inclusive ? VoteVariation.Majority : VoteVariation.SuperMajority,
            contest.VoteVariation);
    }

    [Fact]
    public void ReadJson_PassageThresholdOfLargeTerms_IsParsedWithoutOverflow() =>
        Assert.Equal(new PassageThreshold(1_500_000_001, 2_000_000_000, true), ReadMeasure("1500000001/2000000000").PassageThreshold);

    private static Contest ReadMeasure(string text)
    {
        var json = $$$$"""
            {"@type":"ElectionResults.ElectionReport","Format":"summary-contest","GeneratedDate":"2024-11-05T20:00:00Z","Issuer":"I","IssuerAbbreviation":"I",
             "SequenceStart":1,"SequenceEnd":1,"Status":"pre-election","VendorApplicationId":"t",
             "GpUnit":[{"@type":"ElectionResults.ReportingUnit","@id":"ru-1","Type":"state"}],
             "Election":[{"@type":"ElectionResults.Election","ElectionScopeId":"ru-1","StartDate":"2024-11-05","EndDate":"2024-11-05","Type":"general",
               "Name":{"@type":"ElectionResults.InternationalizedText","Text":[{"@type":"ElectionResults.LanguageString","Content":"E","Language":"en"}]},
               "Contest":[{"@type":"ElectionResults.BallotMeasureContest","@id":"bm-1","Name":"Q","ElectionDistrictId":"ru-1",
                 "PassageThreshold":{"@type":"ElectionResults.InternationalizedText","Text":[{"@type":"ElectionResults.LanguageString","Content":"{{{{text}}}}","Language":"en"}]}}]}]}
            """;
        using var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var result = ElectionReportReader.ReadJson(ms, "t.json");
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        return result.Value.Definition.Contests[0];
    }
}
