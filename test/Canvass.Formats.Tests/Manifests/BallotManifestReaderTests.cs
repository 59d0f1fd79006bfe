using System.Collections.Immutable;
using System.Text;
using Canvass.Domain;
using Canvass.Formats.Manifests;
using Canvass.Formats.Tests.Utf8Files;

namespace Canvass.Formats.Tests.Manifests;

public sealed class BallotManifestReaderTests
{
    private static Result<BallotManifest> Read(string text, string? jurisdiction = null) => Read(Encoding.UTF8.GetBytes(text), jurisdiction);

    private static Result<BallotManifest> Read(byte[] bytes, string? jurisdiction = null)
    {
        using var stream = new MemoryStream(bytes);
        return BallotManifestReader.Read(stream, "manifest.csv", jurisdiction, TestContext.Current.CancellationToken);
    }

    private static ImmutableArray<Problem> Problems(string text, string? jurisdiction = null)
    {
        var result = Read(text, jurisdiction);
        Assert.False(result.IsSuccess);
        Assert.All(result.Problems, p => Assert.Equal("manifest.csv", p.File));
        return result.Problems;
    }

    [Fact]
    public void Arlo_columns_with_a_jurisdiction_column_are_read_in_order()
    {
        var result = Read(
            "Jurisdiction,Container,Tabulator,Batch Name,Number of Ballots\n"
            + "Adams,Box 1,TAB1,Batch 1,25\n"
            + "Adams,Box 1,TAB2,Batch 1,30\n"
            + "Brown,,,Batch 1,0\n");
        Assert.True(result.IsSuccess, string.Join("\n", result.Problems));
        Assert.Equal(
            [
                new ManifestBatch("Adams", "Box 1", "TAB1", "Batch 1", 25, null, 2),
                new ManifestBatch("Adams", "Box 1", "TAB2", "Batch 1", 30, null, 3),
                new ManifestBatch("Brown", null, null, "Batch 1", 0, null, 4),
            ],
            result.Value.Batches.ToArray());
        Assert.Equal(55, result.Value.BallotCount);
        Assert.Equal(["Adams", "Brown"], result.Value.Jurisdictions.ToArray());
    }

    [Fact]
    public void Headers_match_case_insensitively_in_any_order_and_County_names_the_jurisdiction()
    {
        var result = Read("\uFEFF number of ballots , batch name,COUNTY,cvr\n12,B-7,Clark,yes\n3,B-8,Clark,No\n");
        Assert.True(result.IsSuccess, string.Join("\n", result.Problems));
        Assert.Equal(
            [new ManifestBatch("Clark", null, null, "B-7", 12, true, 2), new ManifestBatch("Clark", null, null, "B-8", 3, false, 3)],
            result.Value.Batches.ToArray());
    }

    [Fact]
    public void A_per_jurisdiction_file_without_the_column_takes_the_named_jurisdiction()
    {
        var result = Read("Batch Name,Number of Ballots\n\"Batch, 1\",7\n", "Adams");
        Assert.True(result.IsSuccess, string.Join("\n", result.Problems));
        Assert.Equal(new ManifestBatch("Adams", null, null, "Batch, 1", 7, null, 2), Assert.Single(result.Value.Batches));

        var other = Assert.Single(Problems("Jurisdiction,Batch Name,Number of Ballots\nBrown,B1,7\n", "Adams"));
        Assert.Equal((ProblemCodes.UnknownReference, 2L, "Jurisdiction"), (other.Code, other.Line, other.Path));
    }

    [Fact]
    public void Missing_columns_are_each_reported_on_the_header_line()
    {
        var problems = Problems("Container,Tabulator\nBox,T1\n");
        Assert.Equal(
            [(ProblemCodes.Schema, 1L, "Batch Name"), (ProblemCodes.Schema, 1L, "Number of Ballots"), (ProblemCodes.Schema, 1L, "Jurisdiction")],
            problems.Select(p => (p.Code, p.Line!.Value, p.Path)).ToArray());
    }

    [Fact]
    public void Unknown_and_repeated_columns_are_refused()
    {
        var problems = Problems("Jurisdiction,Batch Name,Number of Ballots,Ballots,County\nA,B,1,1,A\n");
        Assert.Equal([("Ballots", ProblemCodes.Schema), ("County", ProblemCodes.Schema)], problems.Select(p => (p.Path, p.Code)).ToArray());
        Assert.Contains("appears twice", problems[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-3")]
    [InlineData("2.5")]
    [InlineData("1,000")]
    [InlineData("many")]
    [InlineData("")]
    [InlineData("99999999999")]
    public void Bad_ballot_counts_are_reported_with_line_and_column(string count)
    {
        var p = Assert.Single(Problems($"Jurisdiction,Batch Name,Number of Ballots\nA,B1,5\nA,B2,\"{count}\"\n"));
        Assert.Equal((ProblemCodes.BadCount, 3L, "Number of Ballots"), (p.Code, p.Line, p.Path));
    }

    [Fact]
    public void Header_problems_name_the_header_s_own_line()
    {
        var p = Assert.Single(Problems("\nJurisdiction,Batch Name\nA,B1\n"));
        Assert.Equal((ProblemCodes.Schema, 2L, "Number of Ballots"), (p.Code, p.Line, p.Path));
    }

    [Fact]
    public void A_ballot_count_with_a_stray_quote_is_malformed_not_read_leniently()
    {
        // Sep's unescaping read "3"1 as 31 ballots: a batch's size decides how often the audit samples it.
        var p = Assert.Single(Problems("Jurisdiction,Batch Name,Number of Ballots\nA,B1,5\nA,B2,\"3\"1\n"));
        Assert.Equal((ProblemCodes.Malformed, 3L, "Number of Ballots"), (p.Code, p.Line, p.Path));
        Assert.Equal(31, Assert.Single(Read("Jurisdiction,Batch Name,Number of Ballots\n\"A\",\"B \"\"2\"\"\",\"31\"\n").Value.Batches).BallotCount);
    }

    [Fact]
    public void Duplicate_batches_are_reported_against_their_first_line()
    {
        var problems = Problems(
            "Jurisdiction,Tabulator,Batch Name,Number of Ballots\n"
            + "A,T1,B1,5\n"
            + "A,T2,B1,5\n"
            + "B,T1,B1,5\n"
            + "A,T1, B1 ,6\n");
        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.DuplicateId, 5L, "Batch Name"), (p.Code, p.Line, p.Path));
        Assert.Contains("first on line 2", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_row_is_listed_and_nothing_is_returned()
    {
        var problems = Problems(
            "Jurisdiction,Batch Name,Number of Ballots,CVR\n"
            + ",B1,5,Yes\n"
            + "A,,5,Yes\n"
            + "A,B3,5,Maybe\n"
            + "A,B4,5\n"
            + "A,B5,5,No\n");
        Assert.Equal(
            [(2L, "Jurisdiction"), (3L, "Batch Name"), (4L, "CVR"), (5L, null)],
            problems.Select(p => (p.Line!.Value, p.Path)).ToArray());
        Assert.Equal(ProblemCodes.Malformed, problems[3].Code);
    }

    [Theory]
    [InlineData("", ProblemCodes.EmptyFile)]
    [InlineData("Jurisdiction,Batch Name,Number of Ballots\n", ProblemCodes.EmptyFile)]
    [InlineData("Jurisdiction,Batch Name,Number of Ballots\nA,\"B1,5\n", ProblemCodes.Malformed)]
    public void Empty_and_broken_files_are_refused(string text, string code) =>
        Assert.Equal(code, Problems(text)[0].Code);

    /// <summary>A manifest of 10,000 batches whose bytes stop being UTF-8 at line 6,545, and that line.</summary>
    private static (byte[] Bytes, long Line) NotUtf8Deep()
    {
        var text = new StringBuilder("Jurisdiction,Batch Name,Number of Ballots\n");
        for (var i = 0; i < 10_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"A,B{i},5\n");
        }

        return BadBytes.At(text.ToString(), "B6543,");
    }

    [Fact]
    public void Not_utf8_deep_in_the_file_is_reported_at_its_own_line()
    {
        var (bytes, line) = NotUtf8Deep();
        var result = Read(bytes);
        Assert.Equal((ProblemCodes.NotUtf8, line), (Assert.Single(result.Problems).Code, result.Problems[0].Line));
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused()
    {
        var bytes = Encoding.Latin1.GetBytes("Jurisdiction,Batch Name,Number of Ballots\nDoña Ana,B1,5\n");
        var result = Read(bytes);
        Assert.Equal(ProblemCodes.NotUtf8, Assert.Single(result.Problems).Code);
    }

    private static (BallotManifestRows Rows, ImmutableArray<Problem> Problems) ReadRows(byte[] bytes, string? jurisdiction = null)
    {
        using var stream = new MemoryStream(bytes);
        var problems = new Canvass.Formats.Common.ProblemList("manifest.csv");
        var rows = BallotManifestReader.ReadRows(stream, problems, jurisdiction, TestContext.Current.CancellationToken);
        return (rows, problems.ToImmutable());
    }

    [Fact]
    public void ReadRows_of_a_bad_file_gives_the_batches_that_read_and_what_read_of_each_row_that_did_not()
    {
        var (rows, problems) = ReadRows(Encoding.UTF8.GetBytes(
            "Jurisdiction,Batch Name,Number of Ballots\n"
            + "Adams,B1,25\n"
            + "Adams,B2,many\n"
            + "Adams,B3\n"
            + "Adams,B1,25\n"
            + "Br\"o\"wn,B4,x\n"
            + "Brown,B5,5\n"));
        Assert.Equal(
            [(ProblemCodes.BadCount, 3L), (ProblemCodes.Malformed, 4L), (ProblemCodes.DuplicateId, 5L), (ProblemCodes.Malformed, 6L), (ProblemCodes.BadCount, 6L)],
            problems.Select(p => (p.Code, p.Line!.Value)).ToArray());
        Assert.True(rows.Complete);
        Assert.Equal(["B1", "B5"], rows.Batches.Select(b => b.BatchName).ToArray());
        Assert.Equal(
            [new ManifestRowRefused(3, "Adams", "B2"), new ManifestRowRefused(null, null, null), new ManifestRowRefused(6, null, "B4")],
            rows.Refused.ToArray());
    }

    [Fact]
    public void ReadRows_of_a_row_of_another_jurisdiction_than_the_files_does_not_give_its_jurisdiction()
    {
        var (rows, problems) = ReadRows(Encoding.UTF8.GetBytes("Jurisdiction,Batch Name,Number of Ballots\nBrown,B1,5\n"), "Adams");
        Assert.Equal(ProblemCodes.UnknownReference, Assert.Single(problems).Code);
        Assert.Equal(new ManifestRowRefused(2, null, "B1"), Assert.Single(rows.Refused));
    }

    [Fact]
    public void ReadRows_of_a_file_that_stops_being_utf8_says_it_is_incomplete()
    {
        var (bytes, line) = NotUtf8Deep();
        var (rows, problems) = ReadRows(bytes);
        Assert.Equal(ProblemCodes.NotUtf8, Assert.Single(problems).Code);
        Assert.False(rows.Complete);
        Assert.All(rows.Batches, b => Assert.True(b.Line < line));
    }
}
