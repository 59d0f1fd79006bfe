using System.Text;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

public sealed class ElectionReportReaderBadInputTests
{
    private const string FileName = "bad.json";

    private const string Valid = """
        {
          "@type": "ElectionResults.ElectionReport",
          "Format": "summary-contest",
          "GeneratedDate": "2024-11-05T20:00:00Z",
          "Issuer": "Test County",
          "IssuerAbbreviation": "TC",
          "SequenceStart": 1,
          "SequenceEnd": 1,
          "Status": "unofficial-complete",
          "VendorApplicationId": "test",
          "GpUnit": [
            { "@type": "ElectionResults.ReportingUnit", "@id": "ru-state", "Type": "state", "ComposingGpUnitIds": ["ru-county"] },
            { "@type": "ElectionResults.ReportingUnit", "@id": "ru-county", "Type": "county" }
          ],
          "Party": [
            { "@type": "ElectionResults.Party", "@id": "par-a",
              "Name": { "@type": "ElectionResults.InternationalizedText", "Text": [ { "@type": "ElectionResults.LanguageString", "Content": "A Party", "Language": "en" } ] } }
          ],
          "Election": [ {
            "@type": "ElectionResults.Election",
            "ElectionScopeId": "ru-state",
            "Name": { "@type": "ElectionResults.InternationalizedText", "Text": [ { "@type": "ElectionResults.LanguageString", "Content": "General", "Language": "en" } ] },
            "StartDate": "2024-11-05",
            "EndDate": "2024-11-05",
            "Type": "general",
            "Candidate": [
              { "@type": "ElectionResults.Candidate", "@id": "can-a", "PartyId": "par-a",
                "BallotName": { "@type": "ElectionResults.InternationalizedText", "Text": [ { "@type": "ElectionResults.LanguageString", "Content": "Ann", "Language": "en" } ] } },
              { "@type": "ElectionResults.Candidate", "@id": "can-b",
                "BallotName": { "@type": "ElectionResults.InternationalizedText", "Text": [ { "@type": "ElectionResults.LanguageString", "Content": "Bob", "Language": "en" } ] } }
            ],
            "Contest": [ {
              "@type": "ElectionResults.CandidateContest", "@id": "cc-mayor", "Name": "Mayor", "ElectionDistrictId": "ru-state", "VotesAllowed": 1,
              "ContestSelection": [
                { "@type": "ElectionResults.CandidateSelection", "@id": "cs-a", "CandidateIds": ["can-a"],
                  "VoteCounts": [ { "@type": "ElectionResults.VoteCounts", "GpUnitId": "ru-county", "Type": "total", "Count": 10 } ] },
                { "@type": "ElectionResults.CandidateSelection", "@id": "cs-b", "CandidateIds": ["can-b"],
                  "VoteCounts": [ { "@type": "ElectionResults.VoteCounts", "GpUnitId": "ru-county", "Type": "total", "Count": 7 } ] }
              ]
            } ]
          } ]
        }
        """;

    private static Result<ElectionReportDocument> ReadJson(string text) => ReadJson(Encoding.UTF8.GetBytes(text));

    private static Result<ElectionReportDocument> ReadJson(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        return ElectionReportReader.ReadJson(ms, FileName);
    }

    private static Result<ElectionReportDocument> ReadXml(string text)
    {
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return ElectionReportReader.ReadXml(ms, "bad.xml");
    }

    /// <summary>Reads <see cref="Valid"/> with its county unit replaced by <paramref name="units"/>.</summary>
    private static Result<ElectionReportDocument> ReadWithUnits(params (string Id, string Type, string[] Composing)[] units)
    {
        var json = units.Select(u =>
            $"{{ \"@type\": \"ElectionResults.ReportingUnit\", \"@id\": \"{u.Id}\", \"Type\": \"{u.Type}\", \"ComposingGpUnitIds\": [{string.Join(", ", u.Composing.Select(c => "\"" + c + "\""))}] }}");
        return ReadJson(Mutate("{ \"@type\": \"ElectionResults.ReportingUnit\", \"@id\": \"ru-county\", \"Type\": \"county\" }", string.Join(", ", json)));
    }

    private static string Mutate(string from, string to)
    {
        Assert.Contains(from, Valid, StringComparison.Ordinal);
        return Valid.Replace(from, to, StringComparison.Ordinal);
    }

    /// <summary>Asserts the read failed with a problem of <paramref name="code"/> whose file and path are filled in,
    /// and whose path contains <paramref name="pathPart"/>.</summary>
    private static Problem AssertProblem(Result<ElectionReportDocument> result, string code, string pathPart, string file = FileName)
    {
        Assert.False(result.IsSuccess);
        var problem = result.Problems.FirstOrDefault(p => p.Code == code);
        Assert.True(problem is not null, $"No {code} problem in:{Environment.NewLine}{NistFiles.Describe(result.Problems)}");
        Assert.Equal(file, problem.File);
        Assert.NotNull(problem.Path);
        Assert.Contains(pathPart, problem.Path, StringComparison.Ordinal);
        return problem;
    }

    [Fact]
    public void ReadJson_ValidMinimalReport_Succeeds()
    {
        var result = ReadJson(Valid);
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        Assert.Equal("Ann", result.Value.Definition.Contests[0].Selections[0].Text);
        Assert.Equal(2, result.Value.Results.Counts.Length);
    }

    [Fact]
    public void ReadJson_MalformedJson_ReportsMalformedWithLine()
    {
        var problem = AssertProblem(ReadJson(Mutate("\"Issuer\": \"Test County\",", "\"Issuer\": \"Test County\" \"oops\",")), ProblemCodes.Malformed, "$");
        Assert.Equal(5, problem.Line);
    }

    [Fact]
    public void ReadJson_TruncatedFile_ReportsMalformed()
    {
        var problem = AssertProblem(ReadJson(Valid[..(Valid.Length / 2)]), ProblemCodes.Malformed, "$");
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void ReadXml_MalformedXml_ReportsMalformedWithLine()
    {
        var problem = AssertProblem(
            ReadXml("<?xml version=\"1.0\"?>\n<ElectionReport xmlns=\"http://itl.nist.gov/ns/voting/1500-100/v2\">\n  <Format>precinct-level</Foramt>\n</ElectionReport>"),
            ProblemCodes.Malformed, "/", "bad.xml");
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void ReadJson_MisspelledMember_IsSchemaAtItsPath()
    {
        // A misspelled member was ignored: 'PasageThreshold' left a 2/3 measure at a simple majority.
        var problem = AssertProblem(ReadJson(Mutate("\"VotesAllowed\": 1", "\"VotesAllowed\": 1, \"NumberElcted\": 2")), ProblemCodes.Schema, "$.Election[0].Contest[0].NumberElcted");
        Assert.Contains("ElectionResults.CandidateContest", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"VotesAllowed\": 1", "\"VotesAllowed\": 1, \"VotesAllowed\": 3", "$.Election[0].Contest[0].VotesAllowed")]
    [InlineData("\"@id\": \"cc-mayor\"", "\"@id\": \"cc-mayor\", \"@id\": \"cc-other\"", "$.Election[0].Contest[0].@id")]
    [InlineData("\"Count\": 10", "\"Count\": 10, \"Count\": 500", "$.Election[0].Contest[0].ContestSelection[0].VoteCounts[0].Count")]
    [InlineData("\"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 7", "\"GpUnitId\": \"ru-county\", \"GpUnitId\": \"ru-state\", \"Type\": \"total\", \"Count\": 7", "$.Election[0].Contest[0].ContestSelection[1].VoteCounts[0].GpUnitId")]
    [InlineData("\"Contest\": [", "\"Contest\": [], \"Contest\": [", "$.Election[0].Contest")]
    [InlineData("\"VotesAllowed\": 1", "\"VotesAllowed\": 1, \"Votes\\u0041llowed\": 3", "$.Election[0].Contest[0].VotesAllowed")]
    public void ReadJson_MemberNamedTwiceInOneObject_IsMalformedAtItsPath(string from, string to, string path)
    {
        // The last one was taken without a word ("VotesAllowed": 1, "VotesAllowed": 3 changed what an overvote is),
        // where the XML encoding refuses the second element.
        var result = ReadJson(Mutate(from, to));
        var problem = AssertProblem(result, ProblemCodes.Malformed, path);
        Assert.Equal(path, problem.Path);
        Assert.Contains("more than once", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_MembersNamedTwiceInSeveralObjects_AreEachListed()
    {
        var text = Mutate("\"VotesAllowed\": 1", "\"VotesAllowed\": 1, \"VotesAllowed\": 3")
            .Replace("\"Count\": 10", "\"Count\": 10, \"Count\": 500", StringComparison.Ordinal);
        var result = ReadJson(text);
        Assert.False(result.IsSuccess);
        Assert.Equal(
            [(ProblemCodes.Malformed, "$.Election[0].Contest[0].VotesAllowed"), (ProblemCodes.Malformed, "$.Election[0].Contest[0].ContestSelection[0].VoteCounts[0].Count")],
            result.Problems.Select(p => (p.Code, p.Path)));
    }

    [Fact]
    public void ReadXml_ElementOutsideNistsNamespace_IsSchemaWithLine()
    {
        var text = File.ReadAllText(NistFiles.Example("err-gen-01.xml"));
        var at = text.IndexOf("<VotesAllowed>", StringComparison.Ordinal);
        Assert.True(at > 0);
        var problem = AssertProblem(ReadXml(text.Insert(at, "<NumberElected xmlns=\"\">2</NumberElected>")), ProblemCodes.Schema, "NumberElected", "bad.xml");
        Assert.Equal(1 + text[..at].Count(c => c == '\n'), problem.Line);
    }

    [Fact]
    public void ReadXml_TruncatedGen01_ReportsMalformed()
    {
        var text = File.ReadAllText(NistFiles.Example("err-gen-01.xml"));
        var problem = AssertProblem(ReadXml(text[..(text.Length / 2)]), ProblemCodes.Malformed, "/", "bad.xml");
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void ReadJson_EmptyFile_ReportsEmptyFile()
    {
        AssertProblem(ReadJson([]), ProblemCodes.EmptyFile, "$");
        AssertProblem(ReadJson("  \n "), ProblemCodes.EmptyFile, "$");
    }

    [Fact]
    public void ReadJson_NonUtf8Bytes_ReportsNotUtf8WithLine()
    {
        var bytes = Encoding.UTF8.GetBytes(Mutate("Test County", "Test County XX"));
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xE9; // Latin-1 é, invalid as UTF-8 here
        var problem = AssertProblem(ReadJson(bytes), ProblemCodes.NotUtf8, "$");
        Assert.Equal(5, problem.Line);
    }

    [Fact]
    public void ReadJson_WrongType_ReportsSchemaAtContest()
    {
        var result = ReadJson(Mutate("ElectionResults.CandidateContest", "ElectionResults.CandidateContestt"));
        AssertProblem(result, ProblemCodes.Schema, "$.Election[0].Contest[0]");
    }

    [Fact]
    public void ReadXml_WrongXsiType_ReportsSchemaWithLine()
    {
        var text = File.ReadAllText(NistFiles.Example("err-gen-01.xml"));
        var at = text.IndexOf("xsi:type=\"CandidateContest\"", StringComparison.Ordinal);
        var bad = text[..at] + "xsi:type=\"CandidateKontest\"" + text[(at + "xsi:type=\"CandidateContest\"".Length)..];
        var problem = AssertProblem(ReadXml(bad), ProblemCodes.Schema, "/ElectionReport/Election[1]/Contest[", "bad.xml");
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void ReadJson_MissingRequiredField_ReportsSchemaWithPath()
    {
        var result = ReadJson(Mutate("\"Name\": \"Mayor\", ", ""));
        AssertProblem(result, ProblemCodes.Schema, "$.Election[0].Contest[0].Name");
    }

    [Fact]
    public void ReadJson_MissingVotesAllowed_ReportsSchema()
    {
        AssertProblem(ReadJson(Mutate(", \"VotesAllowed\": 1", "")), ProblemCodes.Schema, "$.Election[0].Contest[0].VotesAllowed");
    }

    [Fact]
    public void ReadJson_DuplicateId_ReportsDuplicateId()
    {
        var result = ReadJson(Mutate("\"@id\": \"cs-b\"", "\"@id\": \"cs-a\""));
        AssertProblem(result, ProblemCodes.DuplicateId, "$.Election[0].Contest[0].ContestSelection[1]");
    }

    [Fact]
    public void ReadJson_UnknownCandidateReference_ReportsUnknownReference()
    {
        var result = ReadJson(Mutate("[\"can-b\"]", "[\"can-zz\"]"));
        AssertProblem(result, ProblemCodes.UnknownReference, "$.Election[0].Contest[0].ContestSelection[1].CandidateIds");
    }

    [Fact]
    public void ReadJson_ReferenceToWrongKind_ReportsUnknownReference()
    {
        var result = ReadJson(Mutate("\"ElectionScopeId\": \"ru-state\"", "\"ElectionScopeId\": \"par-a\""));
        AssertProblem(result, ProblemCodes.UnknownReference, "$.Election[0].ElectionScopeId");
    }

    [Fact]
    public void ReadJson_UnknownCountUnit_ReportsUnknownReference()
    {
        var result = ReadJson(Mutate("\"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 7", "\"GpUnitId\": \"ru-nowhere\", \"Type\": \"total\", \"Count\": 7"));
        AssertProblem(result, ProblemCodes.UnknownReference, "ContestSelection[1].VoteCounts[0].GpUnitId");
    }

    [Fact]
    public void ReadJson_GpUnitCycle_ReportsBadValue()
    {
        var result = ReadJson(Mutate("\"@id\": \"ru-county\", \"Type\": \"county\"", "\"@id\": \"ru-county\", \"Type\": \"county\", \"ComposingGpUnitIds\": [\"ru-state\"]"));
        AssertProblem(result, ProblemCodes.BadValue, "$.GpUnit[");
    }

    [Fact]
    public void ReadJson_UnitInTwoCounties_IsRefusedAtTheSecondCounty()
    {
        // Which county a unit's ballots and totals belong to would otherwise depend on the order of the units.
        var result = ReadWithUnits(("ru-county", "county", ["ru-p1"]), ("ru-other", "county", ["ru-p2", "ru-p1"]), ("ru-p1", "precinct", []), ("ru-p2", "precinct", []));
        var problem = AssertProblem(result, ProblemCodes.BadValue, "$.GpUnit[2].ComposingGpUnitIds");
        Assert.Contains("'ru-p1' lies in two counties, 'ru-county' and 'ru-other'", problem.Message, StringComparison.Ordinal);
        Assert.Single(result.Problems);
    }

    [Fact]
    public void ReadJson_UnitInTwoCountiesThroughAWard_IsRefusedOnceAtTheSecondCounty()
    {
        var result = ReadWithUnits(("ru-county", "county", ["ru-ward"]), ("ru-other", "county", ["ru-p1"]), ("ru-ward", "ward", ["ru-p1", "ru-p2"]), ("ru-p1", "precinct", []), ("ru-p2", "precinct", []));
        var problem = AssertProblem(result, ProblemCodes.BadValue, "$.GpUnit[2].ComposingGpUnitIds");
        Assert.Contains("'ru-p1' lies in two counties, 'ru-county' and 'ru-other'", problem.Message, StringComparison.Ordinal);
        Assert.Single(result.Problems);
    }

    [Fact]
    public void ReadJson_UnitInACountyAndSeveralDistricts_Succeeds()
    {
        var result = ReadWithUnits(
            ("ru-county", "county", ["ru-p1"]), ("ru-cd-1", "congressional", ["ru-p1"]), ("ru-school", "school", ["ru-ward", "ru-p1"]),
            ("ru-ward", "ward", ["ru-p1"]), ("ru-p1", "precinct", []));
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
    }

    [Theory]
    [InlineData("\"Content\": \"A Party\"", "\"Content\": \"A \\u0001Party\"", "$.Party[0].Name.Text[0].Content", "U+0001")]
    [InlineData("\"Name\": \"Mayor\"", "\"Name\": \"Mayor\\u0000\"", "$.Election[0].Contest[0].Name", "U+0000")]
    [InlineData("\"Issuer\": \"Test County\"", "\"Issuer\": \"Test County\\uffff\"", "$.Issuer", "U+FFFF")]
    [InlineData("\"ComposingGpUnitIds\": [\"ru-county\"]", "\"ComposingGpUnitIds\": [\"ru-county\", \"ru-\\u001fx\"]", "$.GpUnit[0].ComposingGpUnitIds[1]", "U+001F")]
    public void ReadJson_CharacterXmlCannotCarry_IsRefusedOnceAtItsPath(string from, string to, string path, string character)
    {
        // NIST's XML encoding (XML 1.0) cannot carry such a character, so the export would fail on it.
        var result = ReadJson(Mutate(from, to));
        var problem = AssertProblem(result, ProblemCodes.BadValue, path);
        Assert.Equal(path, problem.Path);
        Assert.Contains(character, problem.Message, StringComparison.Ordinal);
        Assert.Single(result.Problems, p => p.Code == ProblemCodes.BadValue && p.Path == path);
    }

    [Fact]
    public void ReadJson_TabsNewlinesAndCharactersBeyondTheBmp_AreKept()
    {
        var result = ReadJson(Mutate("\"Content\": \"A Party\"", "\"Content\": \"A\\tParty\\r\\n\\ud83d\\uddf3 \\u00fcn\""));
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        Assert.Equal("A\tParty\r\n\U0001F5F3 \u00fcn", result.Value.Definition.Parties[0].Name);
    }

    [Fact]
    public void ReadXml_ControlCharacterReference_IsMalformed() =>
        AssertProblem(
            ReadXml("<?xml version=\"1.0\"?>\n<ElectionReport xmlns=\"http://itl.nist.gov/ns/voting/1500-100/v2\">\n  <Issuer>A&#x1;B</Issuer>\n</ElectionReport>"),
            ProblemCodes.Malformed, "/", "bad.xml");

    [Theory]
    [InlineData("ru county")]
    [InlineData("13121")]
    [InlineData("ru:county")]
    [InlineData("-county")]
    public void ReadJson_IdThatIsNotAnXmlName_IsRefusedAtTheId(string id)
    {
        // Every @id is an xsd:ID (an NCName): NIST's XML cannot carry any other, and a space splits it in two there.
        var result = ReadJson(Valid.Replace("ru-county", id, StringComparison.Ordinal));
        var problem = AssertProblem(result, ProblemCodes.BadValue, "$.GpUnit[1].@id");
        Assert.Equal("$.GpUnit[1].@id", problem.Path);
        Assert.Contains("'" + id + "'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("NCName", problem.Message, StringComparison.Ordinal);
        Assert.Single(result.Problems);
    }

    [Fact]
    public void ReadJson_DigitId_SuggestsAPrefixedId()
    {
        var problem = AssertProblem(ReadJson(Valid.Replace("ru-county", "13121", StringComparison.Ordinal)), ProblemCodes.BadValue, "$.GpUnit[1].@id");
        Assert.Contains("'ru-13121'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_IdsWithDotsUnderscoresAndLetters_Succeed()
    {
        var result = ReadJson(Valid.Replace("ru-county", "_ru.county-\u00e9_1", StringComparison.Ordinal));
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
    }

    [Fact]
    public void ReadXml_ObjectIdThatIsNotAnXmlName_IsRefusedAtItsLine()
    {
        var text = """
            <?xml version="1.0" encoding="utf-8"?>
            <ElectionReport xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://itl.nist.gov/ns/voting/1500-100/v2">
              <Election>
                <Candidate ObjectId="can-a"><BallotName><Text Language="en">Ann</Text></BallotName></Candidate>
                <Contest ObjectId="cc-mayor" xsi:type="CandidateContest">
                  <ContestSelection ObjectId="cs-a" xsi:type="CandidateSelection"><CandidateIds>can-a</CandidateIds></ContestSelection>
                  <ElectionDistrictId>13121</ElectionDistrictId>
                  <Name>Mayor</Name>
                  <VotesAllowed>1</VotesAllowed>
                </Contest>
                <ElectionScopeId>13121</ElectionScopeId>
                <Name><Text Language="en">General</Text></Name>
                <StartDate>2024-11-05</StartDate>
                <EndDate>2024-11-05</EndDate>
                <Type>general</Type>
              </Election>
              <Format>precinct-level</Format>
              <GeneratedDate>2024-11-05T20:00:00Z</GeneratedDate>
              <GpUnit ObjectId="13121" xsi:type="ReportingUnit"><Type>county</Type></GpUnit>
              <Issuer>Test County</Issuer>
              <IssuerAbbreviation>TC</IssuerAbbreviation>
              <SequenceStart>1</SequenceStart>
              <SequenceEnd>1</SequenceEnd>
              <Status>pre-election</Status>
              <VendorApplicationId>test</VendorApplicationId>
            </ElectionReport>
            """;
        var valid = ReadXml(text.Replace("13121", "ru-13121", StringComparison.Ordinal));
        Assert.True(valid.IsSuccess, NistFiles.Describe(valid.Problems));
        var result = ReadXml(text);

        // NIST's XSD refuses the id (xsd:ID) and both references to it (xsd:IDREF), each at its line.
        Assert.Equal([(7L, "/ElectionReport/Election[1]/Contest[1]/ElectionDistrictId[1]"), (11L, "/ElectionReport/Election[1]/ElectionScopeId[1]"), (19L, "/ElectionReport/GpUnit[1]/@ObjectId")],
            result.Problems.Select(p => (p.Line ?? 0, p.Path ?? "")));
        Assert.All(result.Problems, p => Assert.Equal(ProblemCodes.Schema, p.Code));
        Assert.Contains("'ru-13121'", result.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("NCName", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_NegativeCount_ReportsBadCount()
    {
        AssertProblem(ReadJson(Mutate("\"Count\": 7", "\"Count\": -7")), ProblemCodes.BadCount, "ContestSelection[1].VoteCounts[0].Count");
    }

    [Fact]
    public void ReadJson_FractionalCount_ReportsBadCount()
    {
        AssertProblem(ReadJson(Mutate("\"Count\": 7", "\"Count\": 7.5")), ProblemCodes.BadCount, "ContestSelection[1].VoteCounts[0].Count");
    }

    [Fact]
    public void ReadJson_NonNumericCount_ReportsBadCount()
    {
        AssertProblem(ReadJson(Mutate("\"Count\": 7", "\"Count\": \"seven\"")), ProblemCodes.BadCount, "ContestSelection[1].VoteCounts[0].Count");
    }

    [Fact]
    public void ReadJson_UnknownCountItemType_ReportsBadValue()
    {
        AssertProblem(ReadJson(Mutate("\"Type\": \"total\", \"Count\": 7", "\"Type\": \"by-pigeon\", \"Count\": 7")), ProblemCodes.BadValue, "ContestSelection[1].VoteCounts[0].Type");
    }

    [Fact]
    public void ReadJson_BreakdownNotEqualToTotal_ReportsInconsistentAndKeepsNothing()
    {
        var result = ReadJson(Mutate(
            "{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 10 }",
            "{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 10 }, " +
            "{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"election-day\", \"Count\": 4 }, " +
            "{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"absentee-mail\", \"Count\": 5 }"));
        AssertProblem(result, ProblemCodes.Inconsistent, "$.Election[0].Contest[0].ContestSelection[0].VoteCounts[0]");
    }

    [Fact]
    public void ReadJson_BreakdownEqualToTotal_KeepsTotalAndBreakdown()
    {
        var result = ReadJson(Mutate(
            "{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 10 }",
            "{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 10 }, " +
            "{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"election-day\", \"Count\": 4 }, " +
            "{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"absentee-mail\", \"Count\": 6 }"));
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        Assert.Equal(4, result.Value.Results.Counts.Length);
    }

    [Fact]
    public void ReadJson_UnknownPassageThreshold_ReportsBadValue()
    {
        var text = Mutate(
            "\"Contest\": [ {",
            "\"Contest\": [ { \"@type\": \"ElectionResults.BallotMeasureContest\", \"@id\": \"bm-1\", \"Name\": \"Q\", \"ElectionDistrictId\": \"ru-state\", " +
            "\"PassageThreshold\": { \"@type\": \"ElectionResults.InternationalizedText\", \"Text\": [ { \"@type\": \"ElectionResults.LanguageString\", \"Content\": \"lots\", \"Language\": \"en\" } ] } }, {");
        AssertProblem(ReadJson(text), ProblemCodes.BadValue, "$.Election[0].Contest[0].PassageThreshold");
    }

    [Fact]
    public void ReadJson_SeatsCounts_AreNotVotes()
    {
        // A 'seats' count is seats won; read as votes it replaced the selection's total.
        var result = ReadJson(Mutate("\"Count\": 7", "\"Count\": 7 }, { \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"seats\", \"Count\": 1"));
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        Assert.DoesNotContain(result.Value.Results.Counts, c => c.Method == CountItemType.Seats);
        Assert.Contains(result.Value.Results.Counts, c => c.Votes == 7);
    }

    private static string ByDevice(string first, string second) => Mutate(
        "\"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 7 }",
        $"\"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 4, \"DeviceClass\": {first} }}, " +
        $"{{ \"@type\": \"ElectionResults.VoteCounts\", \"GpUnitId\": \"ru-county\", \"Type\": \"total\", \"Count\": 3, \"DeviceClass\": {second} }}");

    private const string OpticalScan = "{ \"@type\": \"ElectionResults.DeviceClass\", \"Type\": \"opscan-central\", \"Manufacturer\": \"Acme\" }";

    private const string Dre = "{ \"@type\": \"ElectionResults.DeviceClass\", \"Type\": \"dre\", \"Manufacturer\": \"Acme\" }";

    [Fact]
    public void ReadJson_CountsSplitByDeviceClass_AreAdded()
    {
        var result = ReadJson(ByDevice(OpticalScan, Dre));
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        Assert.Equal(7, Assert.Single(result.Value.Results.Counts, c => c.Selection.Value == "cs-b").Votes);
    }

    [Fact]
    public void ReadJson_TwoCountsFromTheSameDeviceClass_AreInconsistent()
    {
        // They were added: the same count twice doubled the selection's votes.
        var problem = AssertProblem(ReadJson(ByDevice(OpticalScan, OpticalScan)), ProblemCodes.Inconsistent, "ContestSelection[1].VoteCounts[1].DeviceClass");
        Assert.Contains("same DeviceClass (Type opscan-central, Manufacturer Acme)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_CountAboveTwoToThe53rd_IsBadCount() =>
        Assert.Contains("2^53 - 1", AssertProblem(ReadJson(Mutate("\"Count\": 7", "\"Count\": 9007199254740992")), ProblemCodes.BadCount, "Count").Message, StringComparison.Ordinal);

    [Fact]
    public void ReadJson_EscapedLoneSurrogate_IsMalformedAtItsPath() =>
        AssertProblem(ReadJson(Mutate("\"Content\": \"A Party\"", "\"Content\": \"A \\udc00Party\"")), ProblemCodes.Malformed, "$.Party[0].Name.Text[0].Content");

    [Fact]
    public void ReadJson_SuperMajorityMeasureWithoutThreshold_IsRefused()
    {
        // No share is assumed: 2/3, 3/5 and 55 % are all in use, and a guess would decide the outcome.
        var text = Mutate(
            "\"Contest\": [ {",
            "\"Contest\": [ { \"@type\": \"ElectionResults.BallotMeasureContest\", \"@id\": \"bm-1\", \"Name\": \"Q\", \"ElectionDistrictId\": \"ru-state\", " +
            "\"VoteVariation\": \"super-majority\" }, {");
        AssertProblem(ReadJson(text), ProblemCodes.Schema, "$.Election[0].Contest[0].PassageThreshold");
    }

    [Fact]
    public void ReadJson_SeveralProblems_ReportsEveryOne()
    {
        var text = Mutate("\"Count\": 7", "\"Count\": -7").Replace("[\"can-a\"]", "[\"can-zz\"]", StringComparison.Ordinal);
        var result = ReadJson(text);
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.BadCount);
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.UnknownReference);
    }

    [Fact]
    public void ReadJson_RootIsArray_ReportsSchema()
    {
        AssertProblem(ReadJson("[1, 2]"), ProblemCodes.Schema, "$");
    }

    [Fact]
    public void ReadXml_WrongNamespace_ReportsSchema()
    {
        AssertProblem(ReadXml("<ElectionReport xmlns=\"urn:other\"/>"), ProblemCodes.Schema, "/ElectionReport", "bad.xml");
    }
}
