using System.Text.Json.Nodes;
using Canvass.Domain;
using Canvass.Formats.Rctab;
using Canvass.TestKit;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Canvass.Formats.Tests.Rcv;

/// <summary>Problems in the CVRs of an RCTab config, each listed at its file and line, row or path, run through
/// <see cref="RctabRunner"/> with a config whose candidates are Alice and Bob. A CVR that ranks a string naming no
/// candidate (RCTab's "unrecognized candidate": Zed) is refused with every such mark listed, for every provider; a CSV
/// field whose quote is never closed is <c>malformed</c>, not a cell.</summary>
public sealed class RcvCvrProblemTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("canvass-rcv-problems-");

    public void Dispose() => _temp.Delete(recursive: true);

    private static readonly string[][] EssRows =
    [
        ["Ballot", "Rank 1", "Rank 2"],
        ["b1", "Alice", "Bob"],
        ["b2", "Zed", "Alice"],
        ["b3", "Bob", "Zed"],
        ["b4", "Alice", ""],
    ];

    [Theory]
    [InlineData("cvr.csv")]
    [InlineData("cvr.xlsx")]
    public void Ess_EachUnknownCandidate_IsListedAtItsRowAndColumn(string name)
    {
        var cvr = Path.Combine(_temp.FullName, name);
        if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            File.WriteAllText(cvr, string.Join('\n', EssRows.Select(r => string.Join(',', r))) + "\n");
        }
        else
        {
            WriteXlsx(cvr, EssRows);
        }

        var problems = Run(Source("ess", name, firstColumn: 2, firstRow: 2, idColumn: 1));

        Assert.Equal([(cvr, 3L, "column 2"), (cvr, 4L, "column 3")], problems.Select(p => (p.File!, p.Line!.Value, p.Path!)));
        Assert.All(problems, p => Assert.Equal(ProblemCodes.UnknownReference, p.Code));
        Assert.Equal(
            "Ballot b2 ranks \"Zed\", which is not a candidate name or alias in the contest config (unrecognized candidate).",
            problems[0].Message);
    }

    [Fact]
    public void GenericCsv_EachBallotRankingAnUnknownCandidate_IsListedAtItsLineAndColumn()
    {
        var cvr = Write("cvr.csv", "Ballot,Alice,Bob,Zed\nb1,1,2,\nb2,2,,1\nb3,,1,2\n");

        var problems = Run(Source("genericCsv", "cvr.csv", firstColumn: 2, firstRow: 2, idColumn: 1));

        Assert.Equal([(cvr, 3L, "column 4 (Zed)"), (cvr, 4L, "column 4 (Zed)")], problems.Select(p => (p.File!, p.Line!.Value, p.Path!)));
        Assert.All(problems, p => Assert.Equal(ProblemCodes.UnknownReference, p.Code));
        Assert.Contains("Ballot b3 ranks \"Zed\"", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClearBallot_EachMarkForAnUnknownCandidate_IsListedAtItsLineAndColumn()
    {
        const string Fixed = "RowNumber,BoxID,BoxPosition,BallotID,PrecinctID,BallotStyleID,PrecinctStyleName,ScanComputerName,Status,Remade";
        var cvr = Write("cvr.csv",
            Fixed + ",Choice_1_1:Mayor:1:Vote For 1:Alice:NP,Choice_1_1:Mayor:2:Vote For 1:Alice:NP,Choice_2_1:Mayor:1:Vote For 1:Zed:NP,Choice_2_1:Mayor:2:Vote For 1:Zed:NP\n"
            + "1,1,1,b1,p1,1,s,c,0,0,1,0,0,1\n"
            + "2,1,2,b2,p1,1,s,c,0,0,0,1,0,0\n"
            + "3,1,3,b3,p1,1,s,c,0,0,0,0,1,0\n");

        var problems = Run(Source("clearBallot", "cvr.csv", contestId: "Mayor"));

        Assert.Equal([(cvr, 2L, "column 14"), (cvr, 4L, "column 13")], problems.Select(p => (p.File!, p.Line!.Value, p.Path!)));
        Assert.Contains("Ballot b1 ranks \"Zed\"", problems[0].Message, StringComparison.Ordinal);
    }

    private const string ClearBallotFixed = "RowNumber,BoxID,BoxPosition,BallotID,PrecinctID,BallotStyleID,PrecinctStyleName,ScanComputerName,Status,Remade";

    private const string ClearBallotChoices = "Choice_1_1:Mayor:1:Vote For 1:Alice:NP,Choice_1_1:Mayor:2:Vote For 1:Alice:NP,Choice_2_1:Mayor:1:Vote For 1:Bob:NP,Choice_2_1:Mayor:2:Vote For 1:Bob:NP";

    /// <summary>A Clear Ballot header whose quote is never closed on its line has fewer fields than every row: that is
    /// one <c>malformed</c> problem at the header and the column where the quoted field starts, with no row read after it
    /// (not a width error on every row).</summary>
    [Theory]
    [InlineData("RowNumber,\"BoxID,BoxPosition,BallotID,PrecinctID,BallotStyleID,PrecinctStyleName,ScanComputerName,Status,Remade," + ClearBallotChoices, 2)]
    [InlineData(ClearBallotFixed + ",Choice_1_1:Mayor:1:Vote For 1:Alice:NP,\"Choice_1_1:Mayor:2:Vote For 1:Alice:NP,Choice_2_1:Mayor:1:Vote For 1:Bob:NP,Choice_2_1:Mayor:2:Vote For 1:Bob:NP", 12)]
    public void ClearBallot_AHeaderQuoteNeverClosed_IsMalformedAtTheHeaderAndItsColumn(string header, int column)
    {
        var cvr = Write("cvr.csv", header + "\n1,1,1,b1,p1,1,s,c,0,0,1,0,0,1\n2,1,2,b2,p1,1,s,c,0,0,0,1,1,0\n3,1,3,b3,p1,1,s,c,0,0,0,0,1,0\n");

        var problems = Run(Source("clearBallot", "cvr.csv", contestId: "Mayor"));

        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.Malformed, cvr, 1L, "column " + column.ToString(System.Globalization.CultureInfo.InvariantCulture)), (p.Code, p.File, p.Line, p.Path));
        Assert.StartsWith("A quote in this field is never closed, so the rest of the line reads as one field: \"", p.Message, StringComparison.Ordinal);
    }

    /// <summary>A Clear Ballot row is split on its own line, so a quote never closed there spoils that row only: each
    /// such row is <c>malformed</c> at its line and the column where the quoted field starts, and the other rows are read.</summary>
    [Fact]
    public void ClearBallot_EachRowWithAQuoteNeverClosed_IsMalformedAtItsLineAndColumn()
    {
        var cvr = Write("cvr.csv", ClearBallotFixed + "," + ClearBallotChoices + "\n"
            + "1,1,1,b1,p1,1,s,c,0,0,1,0,0,1\n"
            + "2,1,2,\"b2,p1,1,s,c,0,0,0,1,1,0\n"
            + "3,1,3,b3,p1,1,s,c,0,0,0,0,1,0\n"
            + "4,1,4,b4,p1,1,s,c,0,0,\"0,1,1,0\n");

        var problems = Run(Source("clearBallot", "cvr.csv", contestId: "Mayor"));

        Assert.Equal([(cvr, 3L, "column 4"), (cvr, 5L, "column 11")], problems.Select(p => (p.File!, p.Line!.Value, p.Path!)));
        Assert.All(problems, p => Assert.Equal(ProblemCodes.Malformed, p.Code));
    }

    /// <summary>Each mark of an unknown candidate is listed at its own JSON path in its <c>CvrExport</c> file, down to the
    /// card, contest and mark (in the <c>Modified</c> record when that is the ballot), so an official can find it.</summary>
    [Fact]
    public void Dominion_EachMarkOfAnUnknownCandidate_IsListedAtItsPath()
    {
        var export = WriteDominion(
            DominionSession(1, DominionRecord(true, Mark(10, 1), Mark(11, 2))),
            DominionSession(2, DominionRecord(true, Mark(99, 1))),
            DominionSession(3, DominionRecord(true, Mark(11, 1), Mark(99, 2))),
            DominionSession(4, DominionRecord(false, Mark(10, 1)), DominionRecord(null, Mark(10, 1), Mark(99, 2), Mark(99, 3))));

        var problems = Run(Source("dominion", "dominion", contestId: "1"), aliases: ["10", "11"]);

        Assert.Equal(
            [
                (export, "Sessions[1].Original.Cards[1].Contests[1].Marks[0]"),
                (export, "Sessions[2].Original.Cards[1].Contests[1].Marks[1]"),
                (export, "Sessions[3].Modified.Cards[1].Contests[1].Marks[1]"),
                (export, "Sessions[3].Modified.Cards[1].Contests[1].Marks[2]"),
            ],
            problems.Select(p => (p.File!, p.Path!)));
        Assert.All(problems, p => Assert.Equal(ProblemCodes.UnknownReference, p.Code));
        Assert.Contains("Ballot 1-2-2 ranks \"99\"", problems[0].Message, StringComparison.Ordinal);
    }

    /// <summary>A mark without a candidate or a rank, and a rank beyond the contest's, are at the mark's path too; an
    /// ambiguous mark, though skipped, keeps its place in the count.</summary>
    [Fact]
    public void Dominion_AMarkWithoutARankOrRankedTooFar_IsListedAtItsPath()
    {
        var export = WriteDominion(
            DominionSession(1, DominionRecord(true, Mark(10, 1))),
            DominionSession(2, DominionRecord(true, """{"CandidateId":11,"Rank":1,"IsAmbiguous":true}""", """{"Rank":1}""", Mark(10, 4))));

        var problems = Run(Source("dominion", "dominion", contestId: "1"), aliases: ["10", "11"]);

        Assert.Equal(
            [
                (ProblemCodes.Schema, "Sessions[1].Original.Cards[1].Contests[1].Marks[1]"),
                (ProblemCodes.BadValue, "Sessions[1].Original.Cards[1].Contests[1].Marks[2]"),
            ],
            problems.Select(p => (p.Code, p.Path!)));
        Assert.All(problems, p => Assert.Equal(export, p.File));
    }

    /// <summary>Writes a Dominion export folder (contest 1, of 3 ranks, and candidates 10, 11 and 99) whose one
    /// <c>CvrExport.json</c> holds the sessions; returns that file.</summary>
    private string WriteDominion(params string[] sessions)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp.FullName, "dominion")).FullName;
        File.WriteAllText(Path.Combine(folder, "ContestManifest.json"), """{"List":[{"Id":1,"Description":"Mayor","NumOfRanks":3},{"Id":2,"Description":"Clerk"}]}""");
        File.WriteAllText(Path.Combine(folder, "CandidateManifest.json"), """{"List":[{"Id":10,"Description":"Alice"},{"Id":11,"Description":"Bob"},{"Id":99,"Description":"Zed"},{"Id":50,"Description":"Carol"}]}""");
        File.WriteAllText(Path.Combine(folder, "PrecinctPortionManifest.json"), """{"List":[{"Id":1,"Description":"P1"}]}""");
        var export = Path.Combine(folder, "CvrExport.json");
        File.WriteAllText(export, $$"""{"Sessions":[{{string.Join(',', sessions)}}]}""");
        return export;
    }

    /// <summary>A session (tabulator 1, batch 2) with its <c>Original</c> record, and a <c>Modified</c> one when given.</summary>
    private static string DominionSession(int record, string original, string? modified = null) =>
        $$"""{"TabulatorId":1,"BatchId":2,"RecordId":{{record}},"Original":{{original}}{{(modified is null ? "" : ",\"Modified\":" + modified)}}}""";

    /// <summary>A record whose contest 1 holds the marks, in its second card and after contest 2 (so its path has
    /// <c>Cards[1].Contests[1]</c>); <paramref name="isCurrent"/> null leaves <c>IsCurrent</c> out.</summary>
    private static string DominionRecord(bool? isCurrent, params string[] marks) =>
        $$"""{{{(isCurrent is { } c ? (c ? "\"IsCurrent\":true," : "\"IsCurrent\":false,") : "")}}"PrecinctPortionId":1,"Cards":[{"Contests":[{"Id":2,"Marks":[{"CandidateId":50,"Rank":1}]}]},{"Contests":[{"Id":2,"Marks":[]},{"Id":1,"Marks":[{{string.Join(',', marks)}}]}]}]}""";

    private static string Mark(int candidate, int rank) => $$"""{"CandidateId":{{candidate}},"Rank":{{rank}}}""";

    [Fact]
    public void Hart_EachBallotRankingAnUnknownCandidate_IsListedAtItsFileAndOption()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp.FullName, "hart")).FullName;
        static string Ballot(string guid, params (string Option, string Value)[] options) =>
            $"<Cvr>\n<CvrGuid>{guid}</CvrGuid>\n<Contests>\n<Contest>\n<Id>mayor</Id>\n<Options>\n"
            + string.Concat(options.Select(o => $"<Option>\n<Id>{o.Option}</Id>\n<Value>{o.Value}</Value>\n</Option>\n"))
            + "</Options>\n</Contest>\n</Contests>\n</Cvr>\n";
        File.WriteAllText(Path.Combine(folder, "1.xml"), Ballot("g1", ("alice", "10"), ("bob", "01")));
        var second = Path.Combine(folder, "2.xml");
        File.WriteAllText(second, Ballot("g2", ("bob", "10"), ("zed", "01")));
        var third = Path.Combine(folder, "3.xml");
        File.WriteAllText(third, Ballot("g3", ("zed", "10"), ("alice", "01")));

        var problems = Run(Source("hart", "hart", contestId: "mayor"), aliases: ["alice", "bob"]);

        Assert.Equal([(second, 11L, "Option/Id"), (third, 7L, "Option/Id")], problems.Select(p => (p.File!, p.Line!.Value, p.Path!)));
        Assert.Contains("Ballot g2 ranks \"zed\"", problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CdfJson_EachSelectionOfAnUnknownCandidate_IsListedAtItsPath()
    {
        static string Cvr(params (string Selection, int Rank)[] marks) =>
            $$"""{"CurrentSnapshotId":"ss","CVRSnapshot":[{"@id":"ss","CVRContest":[{"ContestId":"k1","CVRContestSelection":[{{string.Join(',', marks.Select(m => $$"""{"ContestSelectionId":"{{m.Selection}}","SelectionPosition":[{"HasIndication":"yes","Rank":{{m.Rank}}}]}"""))}}]}]}]}""";
        var cvr = Write("cvr.json", $$"""
            {"Election":[{"Candidate":[{"@id":"c-a","Name":"Alice"},{"@id":"c-b","Name":"Bob"},{"@id":"c-z","Name":"Zed"}],
              "Contest":[{"@id":"k1","Name":"Mayor","ContestSelection":[{"@id":"s-a","CandidateIds":["c-a"]},{"@id":"s-b","CandidateIds":["c-b"]},{"@id":"s-z","CandidateIds":["c-z"]}]}]}],
             "CVR":[{{Cvr(("s-a", 1), ("s-z", 2))}},{{Cvr(("s-b", 1))}},{{Cvr(("s-z", 1))}}]}
            """);

        var problems = Run(Source("cdf", "cvr.json", contestId: "Mayor"));

        Assert.Equal([(cvr, "CVR[0].CVRContestSelection[1]"), (cvr, "CVR[2].CVRContestSelection[0]")], problems.Select(p => (p.File!, p.Path!)));
        Assert.Contains("Ballot cvr.json(1) ranks \"Zed\"", problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CdfXml_EachSelectionOfAnUnknownCandidate_IsListedAtItsOwnLine()
    {
        var cvr = Write("cvr.xml", CdfXml(CdfXmlCvr(("s-a", 1), ("s-z", 2)), CdfXmlCvr(("s-b", 1)), CdfXmlCvr(("s-z", 1))));

        var problems = Run(Source("cdf", "cvr.xml", contestId: "Mayor"));

        // A CVR takes 8 lines and one per selection: the first starts on line 2 (its second selection on line 8), the
        // third on line 21 (its selection on line 26).
        Assert.Equal([(cvr, 8L, "CVRContestSelection"), (cvr, 26L, "CVRContestSelection")], problems.Select(p => (p.File!, p.Line!.Value, p.Path!)));
        Assert.All(problems, p => Assert.Equal(ProblemCodes.UnknownReference, p.Code));
        Assert.Contains("Ballot cvr.xml(3) ranks \"Zed\"", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CdfXml_APositionWithoutARank_IsListedAtItsOwnLine()
    {
        var cvr = Write("cvr.xml", CdfXml(CdfXmlCvr(("s-a", 1)), CdfXmlCvr(("s-b", 1), ("s-a", 0))));

        var p = Assert.Single(Run(Source("cdf", "cvr.xml", contestId: "Mayor")));

        // The second CVR starts on line 11; its second selection, and the position in it, are on line 17.
        Assert.Equal((ProblemCodes.Schema, cvr, 17L, "SelectionPosition"), (p.Code, p.File, p.Line, p.Path));
    }

    /// <summary>A CVR of 8 lines and one more per selection, each selection on one line.</summary>
    private static string CdfXmlCvr(params (string Selection, int Rank)[] marks) =>
        "<CVR>\n<CurrentSnapshotId>ss</CurrentSnapshotId>\n<CVRSnapshot ObjectId=\"ss\">\n<CVRContest>\n<ContestId>k1</ContestId>\n"
        + string.Concat(marks.Select(m => $"<CVRContestSelection><ContestSelectionId>{m.Selection}</ContestSelectionId><SelectionPosition><HasIndication>yes</HasIndication><Rank>{m.Rank}</Rank></SelectionPosition></CVRContestSelection>\n"))
        + "</CVRContest>\n</CVRSnapshot>\n</CVR>\n";

    /// <summary>A CDF XML report whose CVRs (from line 2) come before its election: contest Mayor (k1) with selections
    /// s-a, s-b and s-z for Alice, Bob and Zed.</summary>
    private static string CdfXml(params string[] cvrs) =>
        "<CastVoteRecordReport>\n"
        + string.Concat(cvrs)
        + "<Election>\n<Candidate ObjectId=\"c-a\"><Name>Alice</Name></Candidate>\n<Candidate ObjectId=\"c-b\"><Name>Bob</Name></Candidate>\n<Candidate ObjectId=\"c-z\"><Name>Zed</Name></Candidate>\n"
        + "<Contest ObjectId=\"k1\"><Name>Mayor</Name>\n<ContestSelection ObjectId=\"s-a\"><CandidateIds>c-a</CandidateIds></ContestSelection>\n"
        + "<ContestSelection ObjectId=\"s-b\"><CandidateIds>c-b</CandidateIds></ContestSelection>\n<ContestSelection ObjectId=\"s-z\"><CandidateIds>c-z</CandidateIds></ContestSelection>\n</Contest>\n</Election>\n"
        + "</CastVoteRecordReport>\n";

    /// <summary>Sep reads a field whose quote is never closed to the end of the file; that is not a cell naming a
    /// candidate (or a rank) with line breaks in it, but a <c>malformed</c> file, at the line and column where the field
    /// starts, with nothing after it read. A field quoted otherwise than RFC 4180 has it is <c>malformed</c> too, as in
    /// every Canvass CSV reader.</summary>
    [Theory]
    [InlineData("ess", "Ballot,Rank 1,Rank 2\nb1,Alice,Bob\nb2,\"Zed,Alice\nb3,Bob,Alice\n", 3, 2, "A quote in this field is never closed, so the rest of the file reads as one field: \"Zed,Alice…")]
    [InlineData("ess", "\"Ballot,Rank 1,Rank 2\nb1,Alice,Bob\nb2,Zed,Alice\n", 1, 1, "A quote in this field is never closed")]
    [InlineData("ess", "Ballot,Rank 1,Rank 2\nb1,Alice,Bob\nb2,\"Alice\"x,Bob\n", 3, 2, "\"Alice\"x is not a CSV field")]
    [InlineData("genericCsv", "Ballot,Alice,Bob\nb1,1,2\nb2,\"1,2\nb3,2,1\n", 3, 2, "A quote in this field is never closed")]
    [InlineData("genericCsv", "Ballot,\"Alice,Bob\nb1,1,2\nb2,2,1\n", 1, 2, "A quote in this field is never closed")]
    [InlineData("genericCsv", "Ballot,Alice,Bob\r\nb1,1,2\r\nb2,2,1\r\nb3,\"1,2\r\n", 4, 2, "A quote in this field is never closed")]
    public void Csv_AQuoteNeverClosed_IsMalformedAtTheLineWhereItOpens(string provider, string text, long line, int column, string message)
    {
        var cvr = Write("cvr.csv", text);

        var problems = Run(Source(provider, "cvr.csv", firstColumn: 2, firstRow: 2, idColumn: 1));

        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.Malformed, cvr, line, "column " + column.ToString(System.Globalization.CultureInfo.InvariantCulture)), (p.Code, p.File, p.Line, p.Path));
        Assert.StartsWith(message, p.Message, StringComparison.Ordinal);
    }

    /// <summary>In a file of more than 16 MiB, the field runs past what Sep buffers, which it refuses: that too is the
    /// quote never closed, at its line.</summary>
    [Fact]
    public void Csv_AQuoteNeverClosedInALargeFile_IsMalformedAtItsLine()
    {
        var text = new System.Text.StringBuilder("Ballot,Rank 1,Rank 2\nb1,Alice,Bob\nb2,\"Zed,Alice\n");
        for (var i = 3; text.Length < 18 << 20; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"b{i},Bob,Alice\n");
        }

        var cvr = Write("cvr.csv", text.ToString());

        var p = Assert.Single(Run(Source("ess", "cvr.csv", firstColumn: 2, firstRow: 2, idColumn: 1)));
        Assert.Equal((ProblemCodes.Malformed, cvr, 3L), (p.Code, p.File, p.Line));
        Assert.Contains("16 MiB", p.Message, StringComparison.Ordinal);
    }

    /// <summary>The conversions refuse what the tabulation refuses, as RCTab's do: a CDF or CSV export naming a
    /// candidate the config does not have could not be tabulated.</summary>
    [Fact]
    public void ReadCvrs_AnUnknownCandidate_IsListedAtItsLine()
    {
        var cvr = Write("cvr.csv", "Ballot,Alice,Bob,Zed\nb1,1,2,\nb2,2,,1\n");

        var read = RctabRunner.ReadCvrs(WriteConfig(Source("genericCsv", "cvr.csv", firstColumn: 2, firstRow: 2, idColumn: 1), []),
            TestContext.Current.CancellationToken);

        Assert.False(read.IsSuccess);
        var p = Assert.Single(read.Problems);
        Assert.Equal((ProblemCodes.UnknownReference, cvr, 3L), (p.Code, p.File, p.Line));
    }

    private static JsonObject Source(string provider, string filePath, string? contestId = null, int? firstColumn = null, int? firstRow = null,
        int? idColumn = null) => new()
    {
        ["provider"] = provider,
        ["filePath"] = filePath,
        ["contestId"] = contestId ?? "",
        ["firstVoteColumnIndex"] = firstColumn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["firstVoteRowIndex"] = firstRow?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["idColumnIndex"] = idColumn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Tabulates the source under the sample config with Alice and Bob (whose aliases are the given codes) as
    /// its candidates, and returns the problems of the refused run.</summary>
    private List<Problem> Run(JsonObject source, string[]? aliases = null)
    {
        var run = RctabRunner.Run(WriteConfig(source, aliases ?? []), TestContext.Current.CancellationToken);
        Assert.False(run.IsSuccess);
        return [.. run.Problems];
    }

    private string WriteConfig(JsonObject source, string[] aliases)
    {
        var config = JsonNode.Parse(File.ReadAllText(RepositoryFolder.Combine("samples", "rcv", "mayor_config.json")))!.AsObject();
        config["cvrFileSources"] = new JsonArray(source);
        config["candidates"] = new JsonArray(
            [.. new[] { "Alice", "Bob" }.Select((name, i) => new JsonObject
            {
                ["name"] = name,
                ["excluded"] = false,
                ["aliases"] = new JsonArray([.. aliases.Skip(i).Take(1).Select(a => (JsonNode)JsonValue.Create(a))]),
            })]);
        return Write("config.json", config.ToJsonString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void WriteXlsx(string path, string[][] rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        for (var r = 0; r < rows.Length; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Length; c++)
            {
                if (rows[r][c].Length > 0)
                {
                    row.Append(new Cell
                    {
                        CellReference = (char)('A' + c) + (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(rows[r][c])),
                    });
                }
            }

            data.Append(row);
        }

        sheet.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
    }
}
