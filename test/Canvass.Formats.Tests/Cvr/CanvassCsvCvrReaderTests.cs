using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain;
using Canvass.Formats.Cvr;
using Canvass.Formats.Tests.Utf8Files;

namespace Canvass.Formats.Tests.Cvr;

public sealed class CanvassCsvCvrReaderTests
{
    private const string Header = "ballot_id,county,precinct,batch,vote_method,pres,council-a,mayor-b,rcv\n";

    private static (List<CvrRecord> Records, System.Collections.Immutable.ImmutableArray<Problem> Problems) Read(string text) =>
        TestElection.Read(new CanvassCsvCvrReader(), text);

    private static Problem Single(string text)
    {
        var (records, problems) = Read(text);
        Assert.Empty(records);
        return Assert.Single(problems);
    }

    [Fact]
    public void Valid_rows_resolve_to_positions()
    {
        var (records, problems) = Read(Header
            + "b1,county-a,p1,bt1,election-day,pres-a,ca-1|ca-3,,r2>r1\n"
            + "b2,county-b,,,absentee-mail,pres-b,,mb-2,\n");
        Assert.Empty(problems);
        Assert.Equal(2, records.Count);
        var b1 = records[0].Ballot;
        Assert.Equal(2, records[0].Line);
        Assert.Equal(("b1", 1, 3, "bt1", CountItemType.ElectionDay, -1), (b1.BallotId, b1.County, b1.Precinct, b1.BatchId, b1.VoteMethod, b1.BallotStyle));
        Assert.Equal("pres=pres-a;council-a=ca-1|ca-3;rcv=r2@1|r1@2", BallotEncoding.EncodeMarks(b1, TestElection.Index.Definition));
        var b2 = records[1].Ballot;
        Assert.Equal((2, -1, (string?)null), (b2.County, b2.Precinct, b2.BatchId));

        // rcv is on every ballot, so its empty cell is an undervote; council-a is not on a county-b ballot.
        Assert.Equal([0, 2, 3], b2.Contests.Select(c => c.Contest).ToArray());
        Assert.Empty(b2.Contests[2].Marks);
    }

    [Fact]
    public void Overvote_is_kept_not_reported()
    {
        var (records, problems) = Read(Header + "b1,county-a,p1,,early,pres-a|pres-b,ca-1|ca-2|ca-3,,\n");
        Assert.Empty(problems);
        var ballot = Assert.Single(records).Ballot;
        Assert.Equal(2, ballot.Contests[0].Marks.Length);
        Assert.Equal(3, ballot.Contests[1].Marks.Length);
    }

    [Fact]
    public void Ranked_cell_with_skipped_rank_and_overvote_at_a_rank()
    {
        var (records, problems) = Read(Header + "b1,county-a,p1,,early,,,,r1|r2>>r3\n");
        Assert.Empty(problems);
        Assert.Equal([new Mark(0, 1), new Mark(1, 1), new Mark(2, 3)], Assert.Single(records).Ballot.Contests.Single(c => c.Contest == 3).Marks.ToArray());
    }

    [Fact]
    public void Header_is_case_insensitive_and_columns_may_be_reordered()
    {
        var (records, problems) = Read("pres,VOTE_METHOD,County,Ballot_Id\npres-b,provisional,county-b,x\n");
        Assert.Empty(problems);
        Assert.Equal(CountItemType.Provisional, Assert.Single(records).Ballot.VoteMethod);
    }

    [Theory]
    [InlineData("b1,county-a,p1,,early,pres-x,,,\n", ProblemCodes.UnknownReference, "pres")]
    [InlineData("b1,county-z,p1,,early,pres-a,,,\n", ProblemCodes.UnknownReference, "county")]
    [InlineData("b1,county-a,p9,,early,pres-a,,,\n", ProblemCodes.UnknownReference, "precinct")]
    [InlineData("b1,county-a,p1,,Election Day,pres-a,,,\n", ProblemCodes.BadValue, "vote_method")]
    [InlineData("b1,county-a,p1,,total,pres-a,,,\n", ProblemCodes.BadValue, "vote_method")]
    [InlineData(",county-a,p1,,early,pres-a,,,\n", ProblemCodes.BadValue, "ballot_id")]
    [InlineData("b1,county-a,p1,,early,pres-a|pres-a,,,\n", ProblemCodes.BadValue, "pres")]
    [InlineData("b1,county-a,p1,,early,pres-a>pres-b,,,\n", ProblemCodes.BadValue, "pres")]
    [InlineData("b1,county-a,p1,,early,,,mb-1,\n", ProblemCodes.ContestNotOnBallot, "mayor-b")]
    [InlineData("b1,county-a,p1,,early,,ca-1|,,\n", ProblemCodes.UnknownReference, "council-a")]
    [InlineData("b\01,county-a,p1,,early,pres-a,,,\n", ProblemCodes.BadValue, "ballot_id")] // SQLite kept it, PostgreSQL failed
    [InlineData("b1,county-a,p1,bt\0,early,pres-a,,,\n", ProblemCodes.BadValue, "batch")]
    [InlineData("\"b\01\",county-a,p1,,early,pres-a,,,\n", ProblemCodes.BadValue, "ballot_id")]
    public void Bad_cell_is_reported_with_line_and_column(string row, string code, string column)
    {
        var (records, problems) = Read(Header + "b0,county-a,p1,,early,,,,\n" + row);
        Assert.Equal("b0", Assert.Single(records).Ballot.BallotId);
        var problem = Assert.Single(problems);
        Assert.Equal((code, "f", 3L, column), (problem.Code, problem.File, problem.Line, problem.Path));
    }

    [Theory]
    [InlineData("precinct,ballot_style,mayor-b\nb1,county-a,early,p1,,mb-1", "Contest 'mayor-b' is not on the ballots of 'p1', which lies outside its district 'county-b'.")]
    [InlineData("precinct,ballot_style,council-a\nb1,county-a,early,p2,,ca-1", "Contest 'council-a' is not on the ballot styles of 'p2' ('bs-p2').")]
    [InlineData("precinct,ballot_style,council-a\nb1,county-a,early,p2,bs-p2,ca-1", "Contest 'council-a' is not on ballot style 'bs-p2'.")]
    public void A_contest_not_on_the_ballot_is_named_with_the_reason(string rest, string message)
    {
        // It said "not on its ballot style" of a ballot that named none, in an election that may have none.
        var problem = Single("ballot_id,county,vote_method," + rest + "\n");
        Assert.Equal((ProblemCodes.ContestNotOnBallot, message), (problem.Code, problem.Message));
    }

    [Fact]
    public void Ballot_style_limits_the_contests()
    {
        // bs-p2 lists only pres, so council-a (whose district contains p2) is not on the ballot.
        var (records, problems) = Read("ballot_id,county,precinct,vote_method,ballot_style,pres,council-a\nb1,county-a,p2,early,,pres-a,ca-1\nb2,county-a,p2,early,bs-zz,pres-a,\n");
        Assert.Empty(records);
        Assert.Equal(
            [(ProblemCodes.ContestNotOnBallot, 2L, "council-a"), (ProblemCodes.UnknownReference, 3L, "ballot_style")],
            problems.Select(p => (p.Code, p.Line!.Value, p.Path!)).ToArray());
    }

    [Fact]
    public void Every_problem_is_listed_and_good_rows_still_yield()
    {
        var (records, problems) = Read(Header + "b1,county-a,p1,,early,pres-x,,,\nb2,county-a,p1,,early,pres-a,,,\nb3,county-q,p1,,early,pres-a,,,\n");
        Assert.Equal("b2", Assert.Single(records).Ballot.BallotId);
        Assert.Equal([2L, 4L], problems.Select(p => p.Line!.Value).ToArray());
    }

    [Fact]
    public void A_row_with_an_unknown_unit_still_has_its_marks_checked()
    {
        // The county, the vote method and a selection are all wrong: one run lists all three. Whether mayor-b is on the
        // ballot cannot be judged without the ballot's unit, so that is not reported as a fourth.
        var (records, problems) = Read(Header + "b1,county-z,p1,,mail,pres-x,,mb-1,\n");
        Assert.Empty(records);
        Assert.Equal(
            [(ProblemCodes.UnknownReference, "county"), (ProblemCodes.BadValue, "vote_method"), (ProblemCodes.UnknownReference, "pres")],
            problems.Select(p => (p.Code, p.Path!)).ToArray());

        // With an unknown precinct the marks are checked too, and the not-on-ballot judgement is still left out.
        var (_, precinctProblems) = Read(Header + "b1,county-a,p9,,early,pres-a,,mb-1|mb-9,\n");
        Assert.Equal(
            [(ProblemCodes.UnknownReference, "precinct"), (ProblemCodes.UnknownReference, "mayor-b")],
            precinctProblems.Select(p => (p.Code, p.Path!)).ToArray());
    }

    [Fact]
    public void Wrong_field_count_is_malformed()
    {
        var problem = Single(Header + "b1,county-a,p1,,early,pres-a,,\n");
        Assert.Equal((ProblemCodes.Malformed, 2L), (problem.Code, problem.Line));
    }

    [Fact]
    public void Unknown_contest_and_duplicate_names_in_header()
    {
        var (records, problems) = Read("ballot_id,county,vote_method,pres,senate,Pres,county\nb1,county-a,early,pres-a,x,y,z\n");
        Assert.Empty(records);
        Assert.Equal(
            [(ProblemCodes.UnknownReference, "senate"), (ProblemCodes.UnknownReference, "Pres"), (ProblemCodes.Malformed, "county")],
            problems.Select(p => (p.Code, p.Path!)).ToArray());
        Assert.All(problems, p => Assert.Equal(1L, p.Line));
    }

    [Fact]
    public void Missing_required_column()
    {
        var problem = Single("ballot_id,vote_method,pres\nb1,early,pres-a\n");
        Assert.Equal((ProblemCodes.Schema, "county"), (problem.Code, problem.Path));
    }

    [Fact]
    public void Quoted_fields_are_unescaped()
    {
        var (records, problems) = Read(Header + "\"b,1\",county-a,p1,\"bt \"\"x\"\"\",early,\"pres-a\",,,\n");
        Assert.Empty(problems);
        Assert.Equal(("b,1", "bt \"x\""), (records[0].Ballot.BallotId, records[0].Ballot.BatchId));
    }

    [Theory]
    [InlineData("\"b\"1,county-a,p1,,early,pres-a,,,\n", "ballot_id")] // a lenient reader takes it for ballot b1
    [InlineData("b\"1\",county-a,p1,,early,pres-a,,,\n", "ballot_id")] // a quote in a field that is not quoted
    [InlineData("b1,\"county\"-a,p1,,early,pres-a,,,\n", "county")] // would read as county-a, a unit of the election
    [InlineData("b1,county-a,p1,,early,\"pres\"\"-a\",,,\n", null)] // well quoted: pres"-a, not a selection
    [InlineData("b1,county-a,p1,\"bt\"x,early,pres-a,,,\n", "batch")]
    public void A_field_must_be_free_of_quotes_or_wholly_quoted(string row, string? column)
    {
        var problem = Single(Header + row);
        if (column is null)
        {
            Assert.Equal((ProblemCodes.UnknownReference, "pres"), (problem.Code, problem.Path));
            Assert.Contains("'pres\"-a'", problem.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal((ProblemCodes.Malformed, 2L, column), (problem.Code, problem.Line, problem.Path));
            Assert.Contains("wholly quoted", problem.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_badly_quoted_field_of_a_row_and_its_other_problems_are_listed()
    {
        var (records, problems) = Read(Header + "\"b\"1,county-a,p1,,early,\"pres-a\"x,ca-9,,\n");
        Assert.Empty(records);
        Assert.Equal(
            [(ProblemCodes.Malformed, "ballot_id"), (ProblemCodes.Malformed, "pres"), (ProblemCodes.UnknownReference, "council-a")],
            problems.Select(p => (p.Code, p.Path)).ToArray());
    }

    [Fact]
    public void Header_names_follow_the_quoting_rule_and_its_problems_name_its_line()
    {
        var (_, problems) = Read("\n\n\"ballot_id\",county,\"vote\"_method,pres,nope\nb1,county-a,early,pres-a,\n");
        Assert.Equal(
            [(ProblemCodes.Malformed, 3L, "\"vote\"_method"), (ProblemCodes.UnknownReference, 3L, "nope"), (ProblemCodes.Schema, 3L, "vote_method")],
            problems.Select(p => (p.Code, p.Line, p.Path)).ToArray());
    }

    [Theory]
    [InlineData("ballot_id,county,vote_method,pres,,council-a\nb1,county-a,early,pres-a,,ca-1\n", null, "Column 5 of the header has no name (a stray or trailing comma?)")]
    [InlineData("ballot_id,county,vote_method,pres,,\nb1,county-a,early,pres-a,,\n", null, "Column 6 of the header has no name")] // not "appears twice"
    [InlineData("ballot_id,county,vote_method,pres \nb1,county-a,early,pres-a\n", "pres ", "it has spaces around 'pres', and spaces are part of a name")]
    [InlineData("ballot_id,county,vote_method,PRES\nb1,county-a,early,pres-a\n", "PRES", "contest ids are case-sensitive, and the election's is 'pres'")]
    public void A_header_name_that_is_empty_padded_or_in_another_case_says_so(string text, string? path, string says)
    {
        var (records, problems) = Read(text);
        Assert.Empty(records);
        Assert.DoesNotContain(problems, p => p.Code == ProblemCodes.Malformed);
        var problem = problems.Last(p => p.Code == ProblemCodes.UnknownReference);
        Assert.Equal((1L, path), (problem.Line, problem.Path));
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_quote_is_malformed()
    {
        var (records, problems) = Read(Header + "b1,county-a,p1,,early,pres-a,,,\nb2,county-a,p1,\"bt,early,pres-a,,,\nb3,county-a,p1,,early,pres-a,,,\n");
        Assert.Single(records);
        var problem = Assert.Single(problems);
        Assert.Equal(ProblemCodes.Malformed, problem.Code);
        Assert.Equal(3L, problem.Line);
    }

    [Theory]
    [InlineData("b2,county-a,p1,bt\"1,early,pres-a,,,\nb3,county-a,p1,,early,pres-a,,,\n", "never closed")] // a stray quote
    [InlineData("b2,county-a,p1,\"bt,early,pres-a,,,\nb3,county-a,p1,,early,pres-a,,,\n", "never closed")]
    [InlineData("b2,county-a,p1,bt\"1,early,pres-a,,,\nb3,county-a,p1,,early,pres-\"a,,,\n", "up to line 4")] // closed a line on
    public void A_quote_that_breaks_a_row_is_named_at_its_column_not_counted_as_fields(string rows, string says)
    {
        // The row as written has the header's nine fields: "the row has 4 fields" sent a person counting commas astray.
        var (records, problems) = Read(Header + "b1,county-a,p1,,early,pres-a,,,\n" + rows);
        Assert.Single(records);
        var problem = Assert.Single(problems);
        Assert.Equal((ProblemCodes.Malformed, 3L, "batch"), (problem.Code, problem.Line, problem.Path));
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("A quote in this field", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_of_the_wrong_width_whose_quoting_holds_says_how_many_fields()
    {
        var problem = Single(Header + "\"b,1\",county-a,p1,,early,pres-a,,\n");
        Assert.Equal((ProblemCodes.Malformed, 2L, "The row has 8 fields; the header has 9."), (problem.Code, problem.Line, problem.Message));
    }

    [Fact]
    public void Truncated_last_row_is_malformed()
    {
        var (records, problems) = Read(Header + "b1,county-a,p1,,early,pres-a,,,\nb2,county-a,p1,,ear");
        Assert.Single(records);
        Assert.Equal((ProblemCodes.Malformed, 3L), (Assert.Single(problems).Code, problems[0].Line));
    }

    [Fact]
    public void Not_utf8_is_reported()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Header + "b1,county-a,p1,,early,pres-a,,,\nb2,county-a,p1,X,early,pres-a,,,\n");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xE9; // 'é' in Windows-1252
        var (_, problems) = TestElection.Read(new CanvassCsvCvrReader(), bytes);
        Assert.Equal(ProblemCodes.NotUtf8, Assert.Single(problems).Code);
    }

    [Fact]
    public void Blank_lines_before_the_header_are_skipped_and_blank_lines_alone_are_empty()
    {
        var (records, problems) = Read("\n\n" + Header + "b1,county-a,p1,,early,pres-a,,,\n");
        Assert.Empty(problems);
        Assert.Equal(4L, Assert.Single(records).Line);
        Assert.Equal(ProblemCodes.EmptyFile, Assert.Single(Read("\n \n\n").Problems).Code);
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_is_not_utf8()
    {
        // Decoded as UTF-8 it is ASCII with a NUL after every letter: it was read as a header of unknown columns.
        var (_, problems) = TestElection.Read(new CanvassCsvCvrReader(), System.Text.Encoding.Unicode.GetBytes(Header + "b1,county-a,p1,,early,pres-a,,,\n"));
        Assert.Equal(ProblemCodes.NotUtf8, Assert.Single(problems).Code);
    }

    /// <summary>A stray NUL in a UTF-8 header is at line 1, and not called UTF-16: it was reported at line 2 as "looks like
    /// UTF-16".</summary>
    [Fact]
    public void A_nul_in_a_utf8_header_is_named_at_line_one()
    {
        var (_, problems) = TestElection.Read(new CanvassCsvCvrReader(), System.Text.Encoding.UTF8.GetBytes(Header.Replace("ballot_id", "ballot\0id", StringComparison.Ordinal) + "b1,county-a,p1,,early,pres-a,,,\n"));
        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.NotUtf8, 1L), (p.Code, p.Line));
        Assert.Contains("a NUL character", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_utf8_deep_in_the_file_is_reported_at_its_own_line()
    {
        var text = new System.Text.StringBuilder(Header);
        for (var i = 0; i < 10_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"b{i},county-a,p1,,early,pres-a,,,\n");
        }

        var (bytes, line) = BadBytes.At(text.ToString(), "b7000,");
        var (_, problems) = TestElection.Read(new CanvassCsvCvrReader(), bytes);
        Assert.Equal((ProblemCodes.NotUtf8, line), (Assert.Single(problems).Code, problems[0].Line));
    }

    [Fact]
    public void Utf8_bom_is_accepted()
    {
        var (records, problems) = TestElection.Read(new CanvassCsvCvrReader(), [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Header + "b1,county-a,p1,,early,pres-a,,,\n")]);
        Assert.Empty(problems);
        Assert.Single(records);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    public void Empty_file(string text)
    {
        var problem = Single(text);
        Assert.Equal((ProblemCodes.EmptyFile, "f"), (problem.Code, problem.File));
    }

    [Fact]
    public void Header_only_file_has_no_ballots_and_no_problems()
    {
        var (records, problems) = Read(Header);
        Assert.Empty(records);
        Assert.Empty(problems);
    }

    [Fact]
    public void Duplicate_ballot_ids_within_a_file_are_left_to_the_store()
    {
        var (records, problems) = Read(Header + "b1,county-a,p1,,early,pres-a,,,\nb1,county-a,p1,,early,pres-b,,,\n");
        Assert.Empty(problems);
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void For_file_chooses_by_extension()
    {
        Assert.Equal("canvass-csv", CvrReaders.ForFile("a/B.CSV")!.Format);
        Assert.Equal("nist-1500-103-json", CvrReaders.ForFile("b.json")!.Format);
        Assert.Equal("nist-1500-103-xml", CvrReaders.ForFile("c.xml")!.Format);
        Assert.Null(CvrReaders.ForFile("d.txt"));
    }
}

/// <summary><see cref="CanvassCsvCvrReader.ReadRows"/> takes a short path for most rows: for any file, good rows and bad,
/// it must give exactly the ballots and problems of <see cref="CanvassCsvCvrReader.Read"/> with the stored form built the
/// long way.</summary>
public sealed class CanvassCsvShortPathTests
{
    private const string Header = "ballot_id,county,precinct,batch,vote_method,ballot_style,pres,council-a,mayor-b,rcv\n";

    // Good values first; a field takes one of the others (a problem, or an odd but valid value) one time in ten.
    private static readonly string[] Methods = ["election-day", "early", "absentee-mail", "total", "mail", ""];
    private static readonly string[] Pres = ["", "pres-a", "pres-b", "pres-a|pres-b", "pres-a|pres-a", "pres-x", "pres-a>pres-b", "pres-a|", "\"pres-b\"", "\"pres\"-b", "pres\"-b"];
    private static readonly string[] Council = ["", "ca-1", "ca-1|ca-3", "ca-3|ca-2|ca-1", "ca-2|ca-2", "mb-1"];
    private static readonly string[] Mayor = ["", "mb-1", "mb-2", "mb-1|mb-2", "mb-3"];
    private static readonly string[] Rcv = ["", "r1", "r2>r1", "r1|r2>>r3", "r3>r2>r1", "r1>r1", "r4", ">r2"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Short_path_gives_what_the_long_path_gives(int seed)
    {
        var random = new Random(seed);
        string Pick(string[] values, int good) => random.Next(10) == 0 ? values[random.Next(values.Length)] : values[random.Next(good)];
        var sb = new System.Text.StringBuilder(Header);
        for (var i = 0; i < 400; i++)
        {
            var inA = random.Next(2) == 0;
            var county = Pick(inA ? ["county-a", "", "p1", "nowhere"] : ["county-b", "", "nowhere"], 1);
            var precinct = Pick(inA ? ["", "p1", "p2", "p3", "p9"] : ["", "p3", "p1"], inA ? 3 : 2);
            var style = Pick(["", "bs-p2", "bs-9"], 1);
            var id = random.Next(25) == 0 ? "" : $"b{i}-é";
            sb.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{id},{county},{precinct},{(random.Next(3) == 0 ? "" : $"bt{i / 50}")},{Pick(Methods, 3)},{style},{Pick(Pres, 4)},{(inA ? Pick(Council, 4) : Pick(["", "ca-1"], 1))},{(inA ? Pick(["", "mb-1"], 1) : Pick(Mayor, 3))},{Pick(Rcv, 5)}");
            sb.Append(random.Next(40) == 0 ? ",extra\n" : "\n");
        }

        var text = sb.ToString();
        var (records, problems) = TestElection.Read(new CanvassCsvCvrReader(), text);
        var expected = records.Select(r => CvrBallot.From(r, TestElection.Index.Definition)).ToList();

        var shortProblems = new Common.ProblemList("f");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        var ballots = new List<CvrBallot>();
        var numbered = 0;
        new CanvassCsvCvrReader().ReadRows(stream, TestElection.Index, shortProblems, (in CvrRow row) =>
        {
            ballots.Add(row.ToBallot());

            // Where the reader numbers the marks' parts, they are exactly the marks' text, part by part.
            if (!row.MarkParts.IsEmpty)
            {
                numbered++;
                var table = row.PartTable!;
                var parts = new List<string>();
                foreach (var part in row.MarkParts)
                {
                    parts.Add(table[part]);
                }

                Assert.Equal(row.Marks.ToString(), string.Join(';', parts));
            }
        }, TestContext.Current.CancellationToken);

        Assert.True(expected.Count > 20, $"only {expected.Count} good rows: the mix should leave some");
        Assert.True(numbered > 10, $"only {numbered} rows with numbered parts: the short path should take most good rows");
        Assert.True(problems.Length > 20, $"only {problems.Length} problems: the mix should have some");
        Assert.Equal(expected.Select(Text), ballots.Select(Text));
        Assert.Equal(problems, shortProblems.ToImmutable());
    }

    private static string Text(CvrBallot b) =>
        $"{b.BallotId}|{b.County}|{b.Precinct}|{b.BatchId}|{b.VoteMethod}|{b.BallotStyle}|{b.Marks}|{string.Join(",", b.Contests)}|{b.Line}";

    [Fact]
    public void Past_the_part_tables_capacity_rows_go_as_text_and_read_the_same()
    {
        // One vote-for-3 contest of 100 choices: every ordered triple is a different cell, so 270,000 rows meet more
        // distinct cells than the part table takes.
        System.Collections.Immutable.ImmutableArray<ContestSelection> selections =
            [.. Enumerable.Range(0, 100).Select(i => new ContestSelection(new SelectionId($"s{i}"), [], false, $"Choice {i}", []))];
        var definition = new ElectionDefinition(
            "Wide", new GpUnitId("st"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), "general", "Test", "TS",
            [new GpUnit(new GpUnitId("st"), "State", "state", [new GpUnitId("cty")], []), new GpUnit(new GpUnitId("cty"), "County", "county", [], [])],
            [], [], [],
            [new Contest(new ContestId("wide"), "Wide", ContestKind.Candidate, new GpUnitId("st"), 3, 3, VoteVariation.NOfM, selections)],
            []);
        var index = new ElectionIndex(definition);
        const int Rows = MarkPartTable.Capacity + 7_856;
        var text = new System.Text.StringBuilder("ballot_id,county,precinct,batch,vote_method,wide\n");
        for (var i = 0; i < Rows; i++)
        {
            // Three different choices, a different ordered triple on every row: a from i, b never a, c the k-th choice that
            // is neither.
            var a = i % 100;
            var b = (a + 1 + (i / 100 % 99)) % 100;
            var c = i / 9_900;
            c += c >= Math.Min(a, b) ? 1 : 0;
            c += c >= Math.Max(a, b) ? 1 : 0;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"b{i},cty,,,early,s{a}|s{b}|s{c}\n");
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        var (records, problems) = TestElection.Read(new CanvassCsvCvrReader(), bytes, index);
        var expected = records.Select(r => CvrBallot.From(r, definition)).ToList();

        var shortProblems = new Common.ProblemList("f");
        using var stream = new MemoryStream(bytes);
        var ballots = new List<CvrBallot>(Rows);
        var (numbered, asText) = (0, 0);
        new CanvassCsvCvrReader().ReadRows(stream, index, shortProblems, (in CvrRow row) =>
        {
            ballots.Add(row.ToBallot());
            if (row.MarkParts.IsEmpty)
            {
                asText++;
            }
            else
            {
                numbered++;
            }
        }, TestContext.Current.CancellationToken);

        Assert.Empty(problems);
        Assert.Empty(shortProblems.ToImmutable());
        Assert.Equal(Rows, ballots.Count);
        // Every cell is new, so the table numbers the first Capacity rows and is then full.
        Assert.Equal(MarkPartTable.Capacity, numbered);
        Assert.Equal(Rows - MarkPartTable.Capacity, asText);
        Assert.Equal(expected.Select(b => (b.BallotId, b.Marks, b.Line)), ballots.Select(b => (b.BallotId, b.Marks, b.Line)));
    }
}
