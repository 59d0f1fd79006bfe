using Canvass.Domain.Elections;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass export cdf</c> writes NIST SP 1500-100 reports that NIST's own schemas accept, and that read back
/// to the same counts.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public ExportTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("ballots.csv", TestElection.Ballots)).ExitCode);
    }

    public void Dispose() => _canvass.Dispose();

    [Theory]
    [InlineData("unofficial-complete", false)]
    [InlineData("certified", true)]
    public void ExportCdf_Json_ValidatesAgainstNistSchema(string status, bool summary)
    {
        var file = _canvass.PathOf("results.json");
        var args = new List<string> { "export", "cdf", "--out", file, "--status", status };
        if (summary)
        {
            args.Add("--summary");
        }

        var run = _canvass.Run([.. args]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(NistSchemas.ValidateErrJson(File.ReadAllBytes(file)));
        Assert.Contains($"\"Status\": \"{status}\"", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void ExportCdf_WithJson_PrintsWhatItWrote()
    {
        var file = _canvass.PathOf("results.xml");
        var run = _canvass.Run("export", "cdf", "--out", file, "--xml", "--summary", "--status", "certified", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var report = Json.Parse(run);
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Equal(Path.GetFullPath(file), report.GetProperty("file").GetString());
        Assert.Equal(("xml", "certified", "summary-contest"),
            (report.GetProperty("format").GetString(), report.GetProperty("status").GetString(), report.GetProperty("reportType").GetString()));
        Assert.Equal(new FileInfo(file).Length, report.GetProperty("bytes").GetInt64());
        Assert.Empty(run.Stderr);
    }

    /// <summary>The bundle's README tells a verifier without Canvass that the ballots are committed in the encoding the
    /// entry names, in leaves, not as the <c>.jsonl</c> lines the bundle holds: hashing those lines gives another root.</summary>
    [Fact]
    public void ExportBundle_Readme_SaysHowTheBallotsAreCommitted()
    {
        var bundle = _canvass.PathOf("bundle");

        var run = _canvass.Run("export", "bundle", "--out", bundle);

        Assert.True(run.ExitCode == 0, run.ToString());
        var readme = string.Join(' ', File.ReadAllText(Path.Combine(bundle, "README.md")).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("each encoded and grouped into leaves as the entry's `recordEncoding` says", readme, StringComparison.Ordinal);
    }

    /// <summary>The bundle's closing suggestion was <c>canvass verify --bundle DIR</c>, with no key, though
    /// docs/verification.md tells observers to pin the published one: it now names the store's verifier key, and a POSIX
    /// shell reads the suggestion back as exactly those arguments, even for a folder with a space and a quote.</summary>
    [Fact]
    public void ExportBundle_SuggestsVerifyingWithTheStoresKeyPinned()
    {
        var bundle = _canvass.PathOf("observer's bundle");
        var key = _canvass.Run("log", "key").Stdout.Trim();

        var run = _canvass.Run("export", "bundle", "--out", bundle);

        Assert.True(run.ExitCode == 0, run.ToString());
        const string Lead = "verify it anywhere with: ";
        var suggestion = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith(Lead, suggestion, StringComparison.Ordinal);
        Assert.Equal(["canvass", "verify", "--bundle", bundle, "--key", key], ShellWords(suggestion[Lead.Length..]));
    }

    /// <summary>The words /bin/sh splits <paramref name="command"/> into.</summary>
    private static string[] ShellWords(string command)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("printf '%s\\n' " + command);
        using var sh = System.Diagnostics.Process.Start(psi)!;
        var words = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        Assert.True(sh.ExitCode == 0, "sh cannot read the suggestion: " + command);
        return words.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void ExportCdf_Xml_ValidatesAgainstNistXsd()
    {
        var file = _canvass.PathOf("results.xml");
        var run = _canvass.Run("export", "cdf", "--out", file, "--xml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(NistSchemas.ValidateErrXml(File.ReadAllBytes(file)));
    }

    [Fact]
    public void ExportCdf_Summary_HasEachContestsTotalsOnItsDistrictOnly()
    {
        // --summary wrote every precinct and vote method, as the default does, under another Format label.
        var file = _canvass.PathOf("summary.json");
        Assert.Equal(0, _canvass.Run("export", "cdf", "--out", file, "--summary").ExitCode);
        var read = Formats.Nist.ElectionReport.ElectionReportReader.Read(file);
        Assert.True(read.IsSuccess, string.Join("\n", read.Problems));
        var gov = read.Value.Results.Counts.Where(c => c.Contest.Value == "cc-gov").ToList();
        Assert.All(gov, c => Assert.Equal(("ru-st", CountItemType.Total), (c.Unit.Value, c.Method)));
        Assert.Equal([("cs-gov-a", 2L), ("cs-gov-b", 1L), ("cs-gov-c", 1L)], gov.Select(c => (c.Selection.Value, c.Votes)).Order());
    }

    [Fact]
    public void ExportCdf_ReadBackIntoANewStore_KeepsOvervotesAndUndervotes() =>
        // The export gives votes by vote method and overvotes per unit (OtherCounts have no method); read back, the
        // overvotes were dropped with the unit's total.
        AssertReadBackGivesTheSameCounts(_canvass, "cc-gov", "cc-council");

    [Fact]
    public void ExportCdf_CountyBallotsNextToPrecinctBallots_ReadBackIntoANewStore_GiveTheSameCounts()
    {
        // North has ballots with no precinct (counted centrally) and precinct ballots. The export wrote the county's own
        // ballots alone on the county, which a re-import read as a roll-up of its precincts and dropped: Cy lost 2 votes.
        var central = TestElection.Header + "\nC1,ru-north,,b3,absentee-mail,cs-gov-c,cs-co-z,bm-1-no,\nC2,ru-north,,b3,absentee-mail,cs-gov-c,,bm-1-yes,\n";
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("central.csv", central)).ExitCode);
        var file = _canvass.PathOf("results.json");
        Assert.Equal(0, _canvass.Run("export", "cdf", "--out", file).ExitCode);
        Assert.Empty(NistSchemas.ValidateErrJson(File.ReadAllBytes(file)));
        using var other = new Canvass();
        Assert.Equal(0, other.Run("init", "--election", TestElection.WriteJson(other)).ExitCode);
        var imported = other.Run("import", "results", file);
        Assert.True(imported.ExitCode == 0, imported.ToString());

        foreach (var contest in new[] { "cc-gov", "cc-council", "bm-1" })
        {
            var before = Json.Parse(_canvass.Run("tabulate", "--contest", contest, "--by", "county", "--json")).GetProperty("contests")[0];
            var after = Json.Parse(other.Run("tabulate", "--contest", contest, "--by", "county", "--json")).GetProperty("contests")[0];
            Assert.Equal(before.GetProperty("selections").ToString(), after.GetProperty("selections").ToString());
            // Ballots cast have no place in the export (NIST's VoteCounts and OtherCounts do not carry them).
            Assert.Equal(Rows(before), Rows(after));

            foreach (var name in new[] { "overvotes", "undervotes" })
            {
                Assert.Equal(before.GetProperty(name).ToString(), after.GetProperty(name).ToString());
            }
        }

        var gov = Json.Parse(other.Run("tabulate", "--contest", "cc-gov", "--json")).GetProperty("contests")[0].GetProperty("selections");
        Assert.Equal(3, gov[2].GetProperty("votes").GetInt64());
    }

    [Fact]
    public void ExportCdf_BallotsInAUnitUnderNoCounty_ReadBackIntoANewStore_GiveTheSameCounts()
    {
        // District 1 lies under no county, so its ballots count under the state. The export wrote a state "roll-up" of
        // those ballots alone, which a re-import set against every precinct inside the state, and refused.
        var district = TestElection.Header + "\nD1,ru-st,ru-d1,b9,election-day,,,,cs-d1-q\nD2,ru-st,ru-d1,b9,election-day,,,,cs-d1-q\n";
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("district.csv", district)).ExitCode);
        AssertReadBackGivesTheSameCounts(_canvass, "cc-gov", "cc-d1");
    }

    [Fact]
    public void ExportCdf_PrecinctBreakdownWithItsOvervotes_ReadBackIntoANewStore_GiveTheSameCounts()
    {
        // The overvotes of a unit reported by vote method were written as a 'total' of 0 beside its breakdown, which a
        // re-import refused as a total that disagrees with its breakdown.
        using var totals = new Canvass();
        Assert.Equal(0, totals.Run("init", "--election", TestElection.WriteJson(totals)).ExitCode);
        var file = totals.Write("north.csv", "county,precinct,office,district,party,candidate,votes,election_day,mail\n"
            + "North County,North 1,Governor,,,Ada,10,6,4\nNorth County,North 1,Governor,,,Bo,5,5,0\nNorth County,North 1,Governor,,,Over Votes,2,,\n");
        var imported = totals.Run("import", "results", file);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        AssertReadBackGivesTheSameCounts(totals, "cc-gov");
    }

    private static void AssertReadBackGivesTheSameCounts(Canvass source, params string[] contests)
    {
        var file = source.PathOf("results.json");
        Assert.Equal(0, source.Run("export", "cdf", "--out", file).ExitCode);
        using var other = new Canvass();
        Assert.Equal(0, other.Run("init", "--election", TestElection.WriteJson(other)).ExitCode);
        var imported = other.Run("import", "results", file);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        foreach (var contest in contests)
        {
            foreach (var by in new[] { "precinct", "vote-method" })
            {
                var before = Json.Parse(source.Run("tabulate", "--contest", contest, "--by", by, "--json")).GetProperty("contests")[0];
                var after = Json.Parse(other.Run("tabulate", "--contest", contest, "--by", by, "--json")).GetProperty("contests")[0];
                Assert.Equal(before.GetProperty("selections").ToString(), after.GetProperty("selections").ToString());
                Assert.Equal((Count(before, "overvotes"), Count(before, "undervotes")), (Count(after, "overvotes"), Count(after, "undervotes")));

                // NIST's OtherCounts have no vote method: by method only the votes come back, and a unit's overvotes and
                // undervotes read back as a row of its own ('total', no votes).
                Assert.Equal(Rows(before, withCounts: by != "vote-method"), Rows(after, withCounts: by != "vote-method"));
            }
        }
    }

    private static string[] Rows(System.Text.Json.JsonElement contest, bool withCounts = true) =>
        [.. contest.GetProperty("breakdown").EnumerateArray()
            .Where(r => withCounts || r.GetProperty("key").GetString() != "total" || r.GetProperty("votes").EnumerateArray().Any(v => v.GetInt64() != 0))
            .Select(r => $"{r.GetProperty("key")} {r.GetProperty("votes")}" + (withCounts ? $" {Count(r, "overvotes")} {Count(r, "undervotes")}" : ""))];

    private static string Count(System.Text.Json.JsonElement row, string name) => row.TryGetProperty(name, out var count) ? count.ToString() : "unknown";

    [Fact]
    public void ExportCdf_ReadBackAsResults_GivesTheSameCounts()
    {
        var file = _canvass.PathOf("results.json");
        Assert.Equal(0, _canvass.Run("export", "cdf", "--out", file).ExitCode);
        var read = Formats.Nist.ElectionReport.ElectionReportReader.Read(file);
        Assert.True(read.IsSuccess, string.Join("\n", read.Problems));

        // The precinct cells of the governor's contest sum to the tabulated totals: Ada 2, Bo 1, Cy 1.
        var precincts = new HashSet<string>(StringComparer.Ordinal) { "ru-n1", "ru-n2", "ru-s1" };
        var gov = read.Value.Results.Counts.Where(c => c.Contest.Value == "cc-gov" && precincts.Contains(c.Unit.Value)).ToList();
        Assert.Equal(2, gov.Where(c => c.Selection.Value == "cs-gov-a").Sum(c => c.Votes));
        Assert.Equal(1, gov.Where(c => c.Selection.Value == "cs-gov-b").Sum(c => c.Votes));
        Assert.Equal(1, gov.Where(c => c.Selection.Value == "cs-gov-c").Sum(c => c.Votes));
    }
}
