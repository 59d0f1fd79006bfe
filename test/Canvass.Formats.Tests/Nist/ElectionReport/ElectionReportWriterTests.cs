using Canvass.TestKit;
using System.Collections.Immutable;
using System.Text;
using Canvass.Domain.Elections;
using Canvass.Domain.Rcv;
using Canvass.Domain.Tabulation;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

public sealed class ElectionReportWriterTests
{
    private static readonly DateTimeOffset Generated = new(2024, 11, 6, 1, 2, 3, 456, TimeSpan.FromHours(-5));

    private static ElectionReportDocument Load(string name)
    {
        var result = ElectionReportReader.Read(NistFiles.Example(name));
        Assert.True(result.IsSuccess, NistFiles.Describe(result.Problems));
        return result.Value;
    }

    /// <summary>Builds a tabulation by hand from gen-01's reported counts: the precinct-level counts are the cells,
    /// the county (the election scope) is their county; contests reported only county-wide have the county as cell.</summary>
    private static ElectionTabulation Tabulate(ElectionReportDocument doc)
    {
        var scope = doc.Definition.ElectionScopeId;
        var contests = ImmutableArray.CreateBuilder<ContestResult>();
        foreach (var contest in doc.Definition.Contests)
        {
            var width = contest.Selections.Length;
            var units = new List<GpUnitId>();
            var votes = new Dictionary<GpUnitId, long[]>();
            foreach (var count in doc.Results.Counts)
            {
                if (count.Contest != contest.Id)
                {
                    continue;
                }

                if (!votes.TryGetValue(count.Unit, out var v))
                {
                    v = new long[width];
                    votes[count.Unit] = v;
                    units.Add(count.Unit);
                }

                v[contest.Selections.IndexOf(contest.Selections.First(s => s.Id == count.Selection))] += count.Votes;
            }

            var hasPrecincts = units.Exists(u => u != scope);
            var cells = ImmutableArray.CreateBuilder<UnitCounts>();
            var totals = new long[width];
            foreach (var unit in units)
            {
                if (hasPrecincts && unit == scope)
                {
                    continue;
                }

                var other = doc.Results.ContestCounts.FirstOrDefault(c => c.Contest == contest.Id && c.Unit == unit);
                cells.Add(new UnitCounts(unit, scope, CountItemType.Total, [.. votes[unit]], null, other?.Overvotes, other?.Undervotes, CountSource.ReportedResults));
                for (var i = 0; i < width; i++)
                {
                    totals[i] += votes[unit][i];
                }
            }

            contests.Add(new ContestResult(contest.Id, [.. totals], null, null, null, cells.ToImmutable(), [], false, null));
        }

        return new ElectionTabulation(contests.ToImmutable(), 0);
    }

    private static byte[] Json(ElectionDefinition d, ElectionTabulation? t, ElectionReportStatus status)
    {
        using var ms = new MemoryStream();
        ElectionReportWriter.WriteJson(ms, d, t, new ElectionReportOptions(Generated, status));
        return ms.ToArray();
    }

    private static byte[] Xml(ElectionDefinition d, ElectionTabulation? t, ElectionReportStatus status)
    {
        using var ms = new MemoryStream();
        ElectionReportWriter.WriteXml(ms, d, t, new ElectionReportOptions(Generated, status));
        return ms.ToArray();
    }

    [Fact]
    public void WriteJson_Gen01WithTabulation_ValidatesAgainstNistJsonSchema()
    {
        var doc = Load("err-gen-01.json");
        var json = Json(doc.Definition, Tabulate(doc), ElectionReportStatus.UnofficialComplete);
        var errors = NistSchemas.ValidateErrJson(json);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Take(50)));
    }

    /// <summary>The writer used the encoder made for JSON inside HTML: a GeneratedDate east of UTC came out as
    /// <c>2024-11-06T01:02:03\u002B01:00</c> and accented names as <c>\u00E9</c> escapes. Valid JSON, but not what a
    /// person reading the export (or a diff of two exports) should have to decode.</summary>
    [Fact]
    public void WriteJson_KeepsPlusSignsAndAccentsAsTheyAre()
    {
        var doc = Load("err-gen-01.json");
        using var ms = new MemoryStream();
        ElectionReportWriter.WriteJson(ms, doc.Definition with { Name = "Élection générale & <test>" }, null,
            new ElectionReportOptions(new DateTimeOffset(2024, 11, 6, 1, 2, 3, TimeSpan.FromHours(1)), ElectionReportStatus.PreElection));
        var text = Encoding.UTF8.GetString(ms.ToArray());

        Assert.Contains("\"2024-11-06T01:02:03+01:00\"", text, StringComparison.Ordinal);
        Assert.Contains("Élection générale & <test>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteXml_Gen01WithTabulation_ValidatesAgainstNistXsd()
    {
        var doc = Load("err-gen-01.json");
        var xml = Xml(doc.Definition, Tabulate(doc), ElectionReportStatus.UnofficialComplete);
        var errors = NistSchemas.ValidateErrXml(xml);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Take(50)));
    }

    [Fact]
    public void WriteJsonAndXml_PreElection_ValidateAgainstNistSchemas()
    {
        var doc = Load("pe-err-gen-01.json");
        var jsonErrors = NistSchemas.ValidateErrJson(Json(doc.Definition, null, ElectionReportStatus.PreElection));
        var xmlErrors = NistSchemas.ValidateErrXml(Xml(doc.Definition, null, ElectionReportStatus.PreElection));
        Assert.True(jsonErrors.Count == 0, string.Join(Environment.NewLine, jsonErrors.Take(50)));
        Assert.True(xmlErrors.Count == 0, string.Join(Environment.NewLine, xmlErrors.Take(50)));
    }

    [Theory]
    [InlineData("err-gen-01.json")]
    [InlineData("err-gen-02.json")]
    [InlineData("err-prim-01.json")]
    [InlineData("pe-err-gen-01.json")]
    [InlineData("err-2022-11-08-Massachusetts-Cambridge.json")]
    public void WriteThenRead_NistExample_GivesEqualDefinition(string name)
    {
        var doc = Load(name);
        var expected = NistFiles.Canonical(doc.Definition);
        using var json = new MemoryStream(Json(doc.Definition, null, ElectionReportStatus.PreElection));
        using var xml = new MemoryStream(Xml(doc.Definition, null, ElectionReportStatus.PreElection));
        var fromJson = ElectionReportReader.ReadJson(json, "out.json");
        var fromXml = ElectionReportReader.ReadXml(xml, "out.xml");
        Assert.True(fromJson.IsSuccess, NistFiles.Describe(fromJson.Problems));
        Assert.True(fromXml.IsSuccess, NistFiles.Describe(fromXml.Problems));
        Assert.Equal(expected, NistFiles.Canonical(fromJson.Value.Definition));
        Assert.Equal(expected, NistFiles.Canonical(fromXml.Value.Definition));
        Assert.Empty(fromJson.Value.Results.Counts);
    }

    [Fact]
    public void WriteThenRead_Gen01WithTabulation_GivesTheReportedCountsIncludingCountyRollups()
    {
        var doc = Load("err-gen-01.json");
        using var json = new MemoryStream(Json(doc.Definition, Tabulate(doc), ElectionReportStatus.UnofficialComplete));
        using var xml = new MemoryStream(Xml(doc.Definition, Tabulate(doc), ElectionReportStatus.UnofficialComplete));
        var fromJson = ElectionReportReader.ReadJson(json, "out.json");
        var fromXml = ElectionReportReader.ReadXml(xml, "out.xml");
        Assert.True(fromJson.IsSuccess, NistFiles.Describe(fromJson.Problems));
        Assert.True(fromXml.IsSuccess, NistFiles.Describe(fromXml.Problems));
        var expectedVotes = doc.Results.Counts.Select(c => c.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedVotes, fromJson.Value.Results.Counts.Select(c => c.ToString()).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(NistFiles.Canonical(fromJson.Value.Results), NistFiles.Canonical(fromXml.Value.Results));
        Assert.Equal("unofficial-complete", fromJson.Value.Status);
    }

    [Fact]
    public void WriteJson_GeneratedDate_HasZoneAndNoFractionalSeconds()
    {
        var doc = Load("pe-err-gen-01.json");
        var text = Encoding.UTF8.GetString(Json(doc.Definition, null, ElectionReportStatus.PreElection));
        Assert.Contains("\"GeneratedDate\": \"2024-11-06T01:02:03-05:00\"", text, StringComparison.Ordinal);
        Assert.Contains("\"VendorApplicationId\": \"Canvass ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteJson_BreakdownCells_RollsUpPerMethodOnCountyAndNeverLabelsPartialAsTotal()
    {
        var unitA = new GpUnitId("ru-a");
        var unitB = new GpUnitId("ru-b");
        var county = new GpUnitId("ru-county");
        var state = new GpUnitId("ru-state");
        var county2 = new GpUnitId("ru-county-2");
        var unitC = new GpUnitId("ru-c");
        var unitD = new GpUnitId("ru-d");
        var sel = new ContestSelection(new SelectionId("cs-y"), [], false, "Yes", []);
        var sel2 = new ContestSelection(new SelectionId("cs-n"), [], false, "No", []);
        var contest = new Contest(new ContestId("bm-1"), "Q1", ContestKind.BallotMeasure, state, 1, 1, VoteVariation.Majority, [sel, sel2], PassageThreshold.TwoThirds);
        GpUnit U(GpUnitId id, string type, params GpUnitId[] kids) => new(id, id.Value, type, [.. kids], []);
        var definition = new ElectionDefinition("E", state, new DateOnly(2024, 11, 5), new DateOnly(2024, 11, 5), "general", "Iss", "IS",
            [U(state, "state", county, county2), U(county, "county", unitA, unitB), U(county2, "county", unitC, unitD), U(unitA, "precinct"), U(unitB, "precinct"), U(unitC, "precinct"), U(unitD, "precinct")],
            [], [], [], [contest], []);
        UnitCounts Cell(GpUnitId u, GpUnitId c, CountItemType m, long y, long n) => new(u, c, m, [y, n], null, 1, 2, CountSource.CastVoteRecords);
        var tab = new ElectionTabulation(
            [new ContestResult(contest.Id, [0, 0], null, null, null,
                [
                    Cell(unitA, county, CountItemType.ElectionDay, 3, 1),
                    Cell(unitA, county, CountItemType.AbsenteeMail, 2, 2),
                    Cell(unitB, county, CountItemType.ElectionDay, 5, 0),
                    Cell(unitC, county2, CountItemType.Total, 1, 1),
                    Cell(unitD, county2, CountItemType.ElectionDay, 1, 1),
                ], [], false, null)],
            0);
        var bytes = Json(definition, tab, ElectionReportStatus.UnofficialPartial);
        Assert.Empty(NistSchemas.ValidateErrJson(bytes));
        Assert.Empty(NistSchemas.ValidateErrXml(Xml(definition, tab, ElectionReportStatus.UnofficialPartial)));
        using var ms = new MemoryStream(bytes);
        var back = ElectionReportReader.ReadJson(ms, "x.json");
        Assert.True(back.IsSuccess, NistFiles.Describe(back.Problems));
        var yes = back.Value.Results.Counts.Where(c => c.Selection == sel.Id).ToList();
        Assert.Contains(yes, c => c.Unit == county && c.Method == CountItemType.ElectionDay && c.Votes == 8);
        Assert.Contains(yes, c => c.Unit == county && c.Method == CountItemType.AbsenteeMail && c.Votes == 2);
        Assert.DoesNotContain(yes, c => c.Unit == county && c.Method == CountItemType.Total);
        // County 2 mixes a total cell with a breakdown cell: only one total of all its cells is written.
        Assert.Single(yes, c => c.Unit == county2);
        Assert.Contains(yes, c => c.Unit == county2 && c.Method == CountItemType.Total && c.Votes == 2);
        Assert.Equal(PassageThreshold.TwoThirds, back.Value.Definition.Contests[0].PassageThreshold);
    }

    [Fact]
    public void RcvRounds_OneTotalPerRoundOnTheDistrict_FractionalAndEliminatedAtZero_ValidatesAgainstBothSchemas()
    {
        var city = new GpUnitId("ru-city");
        var ward = new GpUnitId("ru-w1");
        ContestSelection Sel(string id, string text) => new(new SelectionId(id), [new CandidateId("can-" + id)], false, text, []);
        var contest = new Contest(new ContestId("cc-mayor"), "Mayor", ContestKind.Candidate, city, 1, 1, VoteVariation.Rcv,
            [Sel("cs-a", "Ann"), Sel("cs-b", "Ben"), Sel("cs-c", "Cal")]);
        var definition = new ElectionDefinition("E", city, new DateOnly(2024, 11, 5), new DateOnly(2024, 11, 5), "general", "Iss", "IS",
            [new GpUnit(city, "City", "city", [ward], []), new GpUnit(ward, "Ward 1", "precinct", [], [])], [], [],
            [new Candidate(new CandidateId("can-cs-a"), "Ann"), new Candidate(new CandidateId("can-cs-b"), "Ben"), new Candidate(new CandidateId("can-cs-c"), "Cal")],
            [contest], []);
        var inactive = new RcvInactiveBallots(0, 0, 0.25m, 0, 0);
        RcvRound Round(int n, decimal threshold, params (string Name, decimal Votes)[] tally) =>
            new(n, [.. tally.Select(t => KeyValuePair.Create(t.Name, t.Votes))], threshold, [], inactive, 0);
        var rounds = new RcvResult(
            [new RcvPass(1, [Round(1, 5, ("Ann", 4), ("Ben", 3), ("Cal", 2)), Round(2, 4.3751m, ("Ann", 4.5m), ("Ben", 4.25m))], ["Ann"], 9, 0, 3, 3)],
            []);
        var tab = new ElectionTabulation(
            [new ContestResult(contest.Id, [4, 3, 2], 9, 0, 0,
                [new UnitCounts(ward, city, CountItemType.ElectionDay, [4, 3, 2], 9, 0, 0, CountSource.CastVoteRecords)],
                [new SelectionId("cs-a")], false, null, rounds)],
            9);

        var bytes = Json(definition, tab, ElectionReportStatus.UnofficialComplete);
        Assert.Empty(NistSchemas.ValidateErrJson(bytes));
        var xml = Xml(definition, tab, ElectionReportStatus.UnofficialComplete);
        Assert.Empty(NistSchemas.ValidateErrXml(xml));
        var text = Encoding.UTF8.GetString(xml);
        Assert.Contains("<GpUnitId>ru-city</GpUnitId><Round>2</Round><Type>total</Type><Count>4.25</Count>", text.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);

        using var doc = System.Text.Json.JsonDocument.Parse(bytes);
        var selections = doc.RootElement.GetProperty("Election")[0].GetProperty("Contest")[0].GetProperty("ContestSelection");
        decimal[] RoundsOf(int k) =>
        [
            .. selections[k].GetProperty("VoteCounts").EnumerateArray()
                .Where(v => v.TryGetProperty("Round", out _))
                .Select(v => v.GetProperty("Count").GetDecimal()),
        ];
        Assert.Equal(new[] { 4m, 4.5m }, RoundsOf(0));
        Assert.Equal(new[] { 3m, 4.25m }, RoundsOf(1));
        Assert.Equal(new[] { 2m, 0m }, RoundsOf(2));
    }
}
