using System.Globalization;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using Canvass.Formats.Rcv;
using Canvass.TestKit;

namespace Canvass.Formats.Tests.Rcv;

public sealed class RcvBadInputTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("canvass-rcv-");

    public void Dispose() => _temp.Delete(recursive: true);

    private static string Case(params string[] parts) => SharedFolder.Combine(["conformance", "rctab", "cases", .. parts]);

    private static RcvSource Source(string provider, string filePath, string? contestId = null, int? firstColumn = null, int? firstRow = null) =>
        new(provider, filePath, contestId, firstColumn, firstRow, null, null, null, null, null, null, null, false);

    private static (List<RankedCvr> Ballots, List<Problem> Problems) Read(RcvSource source, string dir, int? max = null)
    {
        var problems = new ProblemList(source.FilePath);
        var ballots = RcvSourceReader.Read(source, dir, max, null, problems, TestContext.Current.CancellationToken).ToList();
        return (ballots, problems.ToImmutable().ToList());
    }

    [Theory]
    [InlineData(RcvProviders.Ess, "cvr.csv")]
    [InlineData(RcvProviders.Ess, "cvr.xlsx")]
    [InlineData(RcvProviders.GenericCsv, "cvr.csv")]
    [InlineData(RcvProviders.ClearBallot, "cvr.csv")]
    [InlineData(RcvProviders.Cdf, "cvr.json")]
    [InlineData(RcvProviders.Cdf, "cvr.xml")]
    public void A_zero_byte_cvr_file_is_an_empty_file_for_every_provider(string provider, string name)
    {
        File.WriteAllBytes(Path.Combine(_temp.FullName, name), []);

        var (ballots, problems) = Read(Source(provider, name, provider == RcvProviders.Cdf ? "Mayor" : null, firstColumn: 2, firstRow: 2), _temp.FullName);

        Assert.Empty(ballots);
        Assert.Equal(ProblemCodes.EmptyFile, Assert.Single(problems).Code);
    }

    [Fact]
    public void Corrupt_xlsx_is_a_problem_not_an_exception()
    {
        File.WriteAllText(Path.Combine(_temp.FullName, "bad.xlsx"), "this is not a zip file");
        var (ballots, problems) = Read(Source(RcvProviders.Ess, "bad.xlsx", firstColumn: 2, firstRow: 2), _temp.FullName);
        Assert.Empty(ballots);
        var problem = Assert.Single(problems);
        Assert.Equal(ProblemCodes.Malformed, problem.Code);
        Assert.EndsWith("bad.xlsx", problem.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_xlsx_is_a_problem()
    {
        var bytes = File.ReadAllBytes(Case("_shared", "simple_ess_cvr.xlsx"));
        File.WriteAllBytes(Path.Combine(_temp.FullName, "cut.xlsx"), bytes[..(bytes.Length / 2)]);
        var (_, problems) = Read(Source(RcvProviders.Ess, "cut.xlsx", firstColumn: 2, firstRow: 2), _temp.FullName);
        Assert.NotEmpty(problems);
    }

    [Fact]
    public void A_sheet_whose_relationship_is_missing_is_a_problem()
    {
        // Found by MutatedInputTests: the workbook names its sheet by a relationship id the package does not have.
        var path = Path.Combine(_temp.FullName, "norel.xlsx");
        File.Copy(Case("_shared", "simple_ess_cvr.xlsx"), path);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("xl/workbook.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open());
            writer.Write(xml.Replace("r:id=\"rId1\"", "r:id=\"rId99\"", StringComparison.Ordinal));
        }

        var (ballots, problems) = Read(Source(RcvProviders.Ess, "norel.xlsx", firstColumn: 2, firstRow: 2), _temp.FullName);
        Assert.Empty(ballots);
        Assert.Equal(ProblemCodes.Schema, Assert.Single(problems).Code);
    }

    [Fact]
    public void Missing_file_and_folder_are_problems()
    {
        var (_, problems) = Read(Source(RcvProviders.Ess, "nope.xlsx", firstColumn: 2, firstRow: 2), _temp.FullName);
        Assert.Equal(ProblemCodes.Unreadable, Assert.Single(problems).Code);
        (_, problems) = Read(Source(RcvProviders.Dominion, "nope", "1"), _temp.FullName);
        Assert.Equal(ProblemCodes.Unreadable, Assert.Single(problems).Code);
        (_, problems) = Read(Source(RcvProviders.Cdf, "nope.json", "x"), _temp.FullName);
        Assert.Equal(ProblemCodes.Unreadable, Assert.Single(problems).Code);
    }

    [Fact]
    public void Missing_dominion_manifest_is_a_problem_naming_it()
    {
        var from = Case("dominion_multi_file", "dominion_multi_file_input_data");
        var to = Directory.CreateDirectory(Path.Combine(_temp.FullName, "export")).FullName;
        foreach (var file in Directory.GetFiles(from).Where(f => !f.EndsWith("CandidateManifest.json", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        var (ballots, problems) = Read(Source(RcvProviders.Dominion, "export", "13"), _temp.FullName);
        Assert.Empty(ballots);
        var problem = Assert.Single(problems);
        Assert.Contains("CandidateManifest.json", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_contest_ids_are_problems()
    {
        var (ballots, problems) = Read(Source(RcvProviders.Dominion, "dominion_multi_file_input_data", "999"), Case("dominion_multi_file"));
        Assert.Empty(ballots);
        Assert.Equal(ProblemCodes.UnknownReference, Assert.Single(problems).Code);

        (ballots, problems) = Read(Source(RcvProviders.Cdf, "cdf_json_file1_cvr.json", "no such contest"), Case("_shared", "cdf_json"));
        Assert.Empty(ballots);
        Assert.Equal(ProblemCodes.UnknownReference, Assert.Single(problems).Code);

        (ballots, problems) = Read(Source(RcvProviders.Cdf, "101-RCV-CVT_TEST_3_UNIOVS2103-2.xml", "no such contest"), Case("unisyn_cvrs"));
        Assert.Empty(ballots);
        Assert.Equal(ProblemCodes.UnknownReference, Assert.Single(problems).Code);

        (ballots, problems) = Read(Source(RcvProviders.ClearBallot, "clear_ballot_kansas_primary.cvr.csv", "no such contest"), Case("clear_ballot_kansas_primary"));
        Assert.Empty(ballots);
        Assert.Equal(ProblemCodes.UnknownReference, Assert.Single(problems).Code);
    }

    [Fact]
    public void Generic_csv_ranking_beyond_the_maximum_fails_with_its_line()
    {
        // RCTab's max_ranking_enforcement: ballot 1 ranks a fourth candidate with maxRankingsAllowed 3.
        var source = Source(RcvProviders.GenericCsv, "max_ranking_enforcement_cvr.csv", firstColumn: 2, firstRow: 2);
        var (_, problems) = Read(source, Case("max_ranking_enforcement"), max: 3);
        var problem = Assert.Single(problems);
        Assert.Equal(ProblemCodes.BadValue, problem.Code);
        Assert.Equal(2, problem.Line);
        Assert.Contains("rank 4", problem.Message, StringComparison.Ordinal);

        (_, problems) = Read(source, Case("max_ranking_enforcement"), max: null);
        Assert.Empty(problems);
    }

    [Fact]
    public void Generic_csv_cells_are_rank_numbers()
    {
        var source = new RcvSource(RcvProviders.GenericCsv, "generic_csv_test_cvr.csv", null, 4, 2, 1, 2, 3, null, null, null, "Write-In", false);
        var (ballots, problems) = Read(source, Case("generic_csv_test"), max: 5);
        Assert.Empty(problems);
        var first = ballots[0];
        Assert.Equal(("R_3QEQ85E7gV2DuyG", "p1", "b1"), (first.Id, first.Precinct, first.BatchId));
        Assert.Equal([new RankedChoice(1, "Cucumber"), new RankedChoice(2, "Broccoli")], first.Choices.OrderBy(c => c.Rank));
        Assert.Contains(ballots, b => b.Choices.Any(c => c.Candidate == RankedCvr.UndeclaredWriteIn));
    }

    [Fact]
    public void Invalid_sources_test_produces_problems_for_every_source()
    {
        var dir = Case("invalid_sources_test");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "invalid_sources_test_config.json")));
        var failed = 0;
        var i = 0;
        foreach (var s in config.RootElement.GetProperty("cvrFileSources").EnumerateArray())
        {
            var parsed = RcvSource.FromJson(s, "cvrFileSources[" + i++.ToString(CultureInfo.InvariantCulture) + "]");
            if (!parsed.TryGetValue(out var source))
            {
                Assert.All(parsed.Problems, p => Assert.StartsWith("cvrFileSources[", p.Path, StringComparison.Ordinal));
                failed++;
                continue;
            }

            var (_, problems) = Read(source, dir);
            if (problems.Count > 0)
            {
                failed++;
            }
        }

        Assert.Equal(4, failed);
    }

    [Fact]
    public void Source_json_accepts_strings_and_numbers()
    {
        using var doc = JsonDocument.Parse("""
            {"provider":"ess","filePath":"a.xlsx","contestId":"","firstVoteColumnIndex":"3","firstVoteRowIndex":2,"idColumnIndex":"",
             "precinctColumnIndex":"1","overvoteDelimiter":"","overvoteLabel":"overvote","skippedRankLabel":"undervote",
             "undeclaredWriteInLabel":"UWI","treatBlankAsUndeclaredWriteIn":true}
            """);
        var source = RcvSource.FromJson(doc.RootElement, "cvrFileSources[0]").Value;
        Assert.Equal(new RcvSource("ess", "a.xlsx", null, 3, 2, null, 1, null, null, "overvote", "undervote", "UWI", true), source);

        using var bad = JsonDocument.Parse("""{"provider":"cdf","filePath":"a.json","overvoteDelimiter":"|","overvoteLabel":"x"}""");
        var result = RcvSource.FromJson(bad.RootElement, "cvrFileSources[1]");
        Assert.False(result.IsSuccess);
        Assert.Contains(result.Problems, p => p.Path == "cvrFileSources[1].contestId");
        Assert.Contains(result.Problems, p => p.Path == "cvrFileSources[1].overvoteDelimiter");
    }

    [Fact]
    public void Ess_labels_and_delimiter_are_applied()
    {
        // exhaust_if_multiple_continuing: rank-1 cells "A|D" become two candidates at rank 1.
        var delimited = new RcvSource(RcvProviders.Ess, "exhaust_if_multiple_continuing_cvr.xlsx", null, 2, 2, null, null, null, "|", null, null, null, false);
        var (ballots, problems) = Read(delimited, Case("exhaust_if_multiple_continuing"), max: 4);
        Assert.Empty(problems);
        Assert.Contains(ballots, b => b.Choices.Count(c => c.Rank == 1) == 2);

        // skip_to_next_test: explicit "overvote" cells.
        using var config = JsonDocument.Parse(File.ReadAllText(Case("skip_to_next_test", "skip_to_next_test_config.json")));
        var source = RcvSource.FromJson(config.RootElement.GetProperty("cvrFileSources")[0], "s").Value;
        (ballots, problems) = Read(source, Case("skip_to_next_test"), max: null);
        Assert.Empty(problems);
        Assert.Contains(ballots, b => b.Choices.Any(c => c.Candidate == RankedCvr.Overvote));
        Assert.Equal(ballots.Count, ballots.Select(b => b.Id).Distinct(StringComparer.Ordinal).Count());

        // Without an ID column, RCTab numbers the rows: <file name>-<n>.
        (ballots, _) = Read(delimited, Case("exhaust_if_multiple_continuing"), max: 4);
        Assert.Equal("exhaust_if_multiple_continuing_cvr.xlsx-1", ballots[0].Id);
    }

    [Fact]
    public void Truncated_cdf_xml_is_a_problem()
    {
        var text = File.ReadAllText(Case("unisyn_cvrs", "101-RCV-CVT_TEST_3_UNIOVS2103-2.xml"));
        File.WriteAllText(Path.Combine(_temp.FullName, "cut.xml"), text[..(text.Length / 2)]);
        var (_, problems) = Read(Source(RcvProviders.Cdf, "cut.xml", "For City C Coroner (1/3)"), _temp.FullName);
        Assert.Equal(ProblemCodes.Malformed, Assert.Single(problems).Code);
    }
}
