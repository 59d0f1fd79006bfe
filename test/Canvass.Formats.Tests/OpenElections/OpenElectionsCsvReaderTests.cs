using System.Collections.Immutable;
using System.Text;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Domain;
using Canvass.Formats.OpenElections;
using Canvass.Formats.Tests.Cvr;
using Canvass.Formats.Tests.Utf8Files;

namespace Canvass.Formats.Tests.OpenElections;

public sealed class OpenElectionsCsvReaderTests
{
    private const string Header = "county,precinct,office,district,party,candidate,votes\n";

    private static Result<ReportedResults> Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    private static Result<ReportedResults> Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return OpenElectionsCsvReader.Read(stream, TestElection.Index, "oe.csv", TestContext.Current.CancellationToken);
    }

    private static ImmutableArray<Problem> Problems(string text)
    {
        var result = Read(text);
        Assert.False(result.IsSuccess);
        return result.Problems;
    }

    [Fact]
    public void Names_resolve_case_insensitively()
    {
        var result = Read(Header
            + "ADAMS,Precinct 1,president,,DEM,alice adams,120\n"
            + "Adams,,Council,District A,,Dora,7\n"
            + "county-b,,Mayor,,,Over Votes,2\n");
        Assert.True(result.IsSuccess, string.Join("\n", result.Problems));
        Assert.Equal(
            [
                new ReportedCount(new ContestId("pres"), new SelectionId("pres-a"), new GpUnitId("p1"), CountItemType.Total, 120),
                new ReportedCount(new ContestId("council-a"), new SelectionId("ca-2"), new GpUnitId("county-a"), CountItemType.Total, 7),
            ],
            result.Value.Counts.ToArray());
        Assert.Equal(new ReportedContestCounts(new ContestId("mayor-b"), new GpUnitId("county-b"), CountItemType.Total, null, 2, null), Assert.Single(result.Value.ContestCounts));
    }

    [Fact]
    public void Breakdown_columns_are_checked_against_votes()
    {
        var result = Read("county,office,candidate,votes,election_day,early_voting,mail,provisional\nAdams,President,Bob Brown,10,4,3,2,1\n");
        Assert.True(result.IsSuccess);
        Assert.Equal(
            [(CountItemType.Total, 10L), (CountItemType.ElectionDay, 4L), (CountItemType.Early, 3L), (CountItemType.AbsenteeMail, 2L), (CountItemType.Provisional, 1L)],
            result.Value.Counts.Select(c => (c.Method, c.Votes)).ToArray());

        var bad = Problems("county,office,candidate,votes,election_day,early_voting\nAdams,President,Bob Brown,10,4,3\n");
        Assert.Equal((ProblemCodes.Inconsistent, 2L, "votes"), (bad[0].Code, bad[0].Line, bad[0].Path));
    }

    [Theory]
    [InlineData("Adams,,President,,,Bob Brown,-3\n", ProblemCodes.BadCount, "votes")]
    [InlineData("Adams,,President,,,Bob Brown,abc\n", ProblemCodes.BadCount, "votes")]
    [InlineData("Adams,,President,,,Bob Brown,2.5\n", ProblemCodes.BadCount, "votes")]
    [InlineData("Adams,,President,,,Bob Brown,\n", ProblemCodes.BadCount, "votes")]
    [InlineData("Adams,,President,,,Zed,3\n", ProblemCodes.UnknownReference, "candidate")]
    [InlineData("Adams,,Senate,,,Bob Brown,3\n", ProblemCodes.UnknownReference, "office")]
    [InlineData("Nowhere,,President,,,Bob Brown,3\n", ProblemCodes.UnknownReference, "county")]
    [InlineData("Adams,P9,President,,,Bob Brown,3\n", ProblemCodes.UnknownReference, "precinct")]
    // A quote inside a field that is not wholly quoted: Sep's unescaping read "3"1 as 31 and "Bob "Brown as Bob Brown.
    [InlineData("Adams,,President,,,Bob Brown,\"3\"1\n", ProblemCodes.Malformed, "votes")]
    [InlineData("Adams,,President,,,Bob Brown,3 \n", ProblemCodes.BadCount, "votes")]
    [InlineData("Adams,,President,,,Bob Brown,\" 3\"\n", ProblemCodes.BadCount, "votes")]
    [InlineData("Adams,,President,,,\"Bob \"Brown,3\n", ProblemCodes.Malformed, "candidate")]
    [InlineData("Adams,,President,,,\"Bob Brown\",3\"\n", ProblemCodes.Malformed, "votes")]
    public void Bad_row_is_reported_with_line_and_column(string row, string code, string column)
    {
        var problems = Problems(Header + "Adams,,President,,,Bob Brown,1\n" + row);
        var p = Assert.Single(problems);
        Assert.Equal((code, "oe.csv", 3L, column), (p.Code, p.File, p.Line, p.Path));
    }

    [Theory]
    [InlineData("Adams,,President,,,Bob \"Brown,3\nAdams,,President,,,Cy,1\n", "candidate", "never closed")]
    [InlineData("Adams,,President,,,\"Bob Brown,3\nAdams,,President,,,Cy,1\n", "candidate", "never closed")]
    public void A_quote_that_breaks_a_row_is_named_at_its_column_not_counted_as_fields(string rows, string column, string says)
    {
        var p = Assert.Single(Problems(Header + "Adams,,President,,,Bob Brown,1\n" + rows));
        Assert.Equal((ProblemCodes.Malformed, 3L, column), (p.Code, p.Line, p.Path));
        Assert.Contains(says, p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_row_is_listed()
    {
        var problems = Problems(Header + "Adams,,President,,,Bob Brown,-1\nAdams,,President,,,Bob Brown,1\nAdams,,President,,,Bob Brown,x\n");
        Assert.Equal([2L, 4L], problems.Select(p => p.Line!.Value).ToArray());
    }

    [Fact]
    public void Header_problems_name_the_header_s_own_line()
    {
        // Blank lines may come before the header; its problems said line 1.
        var problems = Problems("\n\ncounty,office,\"cand\"idate,candidate\n");
        Assert.Equal([3L], problems.Select(p => p.Line!.Value).Distinct());
        Assert.Contains(problems, p => p.Code == ProblemCodes.Malformed && p.Path == "header");
        Assert.Contains(problems, p => p.Code == ProblemCodes.Schema && p.Path == "votes");
    }

    [Fact]
    public void Quoted_fields_are_read_as_RFC_4180_has_them()
    {
        var result = Read(Header + "\"Adams\",,\"President\",,,\" Bob Brown \",\"12\"\n");
        Assert.True(result.IsSuccess, string.Join("\n", result.Problems));
        Assert.Equal(12, Assert.Single(result.Value.Counts).Votes);
    }

    [Theory]
    [InlineData("Adams,,President,,,Bob Brown\n", ProblemCodes.Malformed, 2L)]
    [InlineData("Adams,,President,,,\"Bob Brown,1\n", ProblemCodes.Malformed, 2L)]
    [InlineData("Adams,,Presid", ProblemCodes.Malformed, 2L)]
    public void Malformed_and_truncated_rows(string row, string code, long line)
    {
        var p = Problems(Header + row)[0];
        Assert.Equal((code, line), (p.Code, p.Line));
    }

    [Fact]
    public void A_name_shared_by_several_units_is_taken_in_the_row_s_county_and_the_contest_s_district()
    {
        // "Berrien County" is in Georgia and in Michigan: the demo's Michigan totals were filed under Georgia's.
        var built = TestElection.Build();
        var definition = built with { GpUnits = [.. built.GpUnits.Select(u => u.Id.Value is "p1" or "p3" ? u with { Name = "Ward 1" } : u)] };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Header + "Baker,Ward 1,President,,,Alice Adams,3\nAdams,Ward 1,President,,,Alice Adams,4\nAdams,,Council,District A,,Dora,5\n"));
        var result = OpenElectionsCsvReader.Read(stream, new ElectionIndex(definition), "oe.csv", TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, string.Join("\n", result.Problems));
        Assert.Equal(["p3", "p1", "county-a"], result.Value.Counts.Select(c => c.Unit.Value));

        using var ambiguous = new MemoryStream(Encoding.UTF8.GetBytes(Header + "Ward 1,,President,,,Alice Adams,3\n"));
        var p = Assert.Single(OpenElectionsCsvReader.Read(ambiguous, new ElectionIndex(definition), "oe.csv", TestContext.Current.CancellationToken).Problems);
        Assert.Equal((ProblemCodes.Inconsistent, 2L, "county"), (p.Code, p.Line, p.Path));
    }

    [Fact]
    public void A_column_named_twice_is_malformed()
    {
        var p = Assert.Single(Problems("county,precinct,office,district,party,candidate,votes,Votes\nAdams,,President,,,Alice Adams,1,2\n"));
        Assert.Equal((ProblemCodes.Malformed, 1L), (p.Code, p.Line));
    }

    [Fact]
    public void The_same_count_twice_is_reported_with_both_lines()
    {
        var p = Assert.Single(Problems(Header + "Adams,,President,,,Alice Adams,1\nAdams,,President,,,alice adams,2\n"));
        Assert.Equal((ProblemCodes.Inconsistent, 3L), (p.Code, p.Line));
        Assert.Contains("first on line 2", p.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9007199254740992")] // 2^53: past what the log's JSON carries exactly, which crashed the import
    [InlineData("9223372036854775807")]
    [InlineData("99999999999999999999")]
    public void A_count_above_two_to_the_53rd_is_a_bad_count(string votes)
    {
        var p = Assert.Single(Problems(Header + $"Adams,,President,,,Alice Adams,{votes}\n"));
        Assert.Equal((ProblemCodes.BadCount, 2L, "votes"), (p.Code, p.Line, p.Path));
        Assert.Contains("2^53 - 1", p.Message, StringComparison.Ordinal);
        Assert.True(Read(Header + "Adams,,President,,,Alice Adams,9007199254740991\n").IsSuccess);
    }

    [Fact]
    public void Blank_lines_before_the_header_are_skipped_and_utf16_is_not_utf8()
    {
        Assert.True(Read("\n\n" + Header + "Adams,,President,,,Alice Adams,1\n").IsSuccess);
        Assert.Equal(ProblemCodes.EmptyFile, Problems("\n\n")[0].Code);
        Assert.Equal(ProblemCodes.NotUtf8, Assert.Single(Read(Encoding.BigEndianUnicode.GetBytes(Header + "Adams,,President,,,Alice Adams,1\n")).Problems).Code);
    }

    [Fact]
    public void Not_utf8_deep_in_the_file_is_reported_at_its_own_line()
    {
        var blank = string.Concat(Enumerable.Repeat(new string(' ', 40) + "\n", 10_000)); // skipped, but read and counted
        var (bytes, line) = BadBytes.At(Header + "Adams,,President,,,Alice Adams,1\n" + blank + "Adams,,President,,,Bob Brown,1\n" + blank, "Bob Brown");
        var result = Read(bytes);
        Assert.Equal((ProblemCodes.NotUtf8, line), (Assert.Single(result.Problems).Code, result.Problems[0].Line));
    }

    [Fact]
    public void Missing_column_empty_file_and_not_utf8()
    {
        Assert.Equal((ProblemCodes.Schema, "votes"), (Problems("county,office,candidate\n")[0].Code, Problems("county,office,candidate\n")[0].Path));
        Assert.Equal(ProblemCodes.EmptyFile, Problems("")[0].Code);
        var bytes = Encoding.UTF8.GetBytes(Header + "Adams,,President,,,Bob Br?wn,1\n");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xF6;
        var result = Read(bytes);
        Assert.Equal(ProblemCodes.NotUtf8, Assert.Single(result.Problems).Code);
    }
}
