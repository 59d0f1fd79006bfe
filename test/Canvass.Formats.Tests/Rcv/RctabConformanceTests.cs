using System.Globalization;
using System.Text.Json;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using Canvass.Formats.Rcv;
using Canvass.TestKit;

namespace Canvass.Formats.Tests.Rcv;

/// <summary>Reads every source of every RCTab conformance case and checks the ballot counts against RCTab's published
/// expected reports: total ballots and ballots with no rankings.</summary>
public sealed class RctabConformanceTests
{
    private static readonly HashSet<string> Implemented = new(StringComparer.Ordinal)
    {
        RcvProviders.Ess, RcvProviders.Cdf, RcvProviders.Dominion, RcvProviders.ClearBallot, RcvProviders.Hart, RcvProviders.GenericCsv,
    };

    private static string CasesFolder => SharedFolder.Combine("conformance", "rctab", "cases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(CasesFolder).Order(StringComparer.Ordinal))
        {
            var caseJson = Path.Combine(dir, "case.json");
            if (!File.Exists(caseJson))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(File.ReadAllText(caseJson));
            var outcome = doc.RootElement.GetProperty("expected_outcome").GetString();
            if (outcome is not ("tabulate" or "convert"))
            {
                continue;
            }

            var providers = doc.RootElement.GetProperty("cvr_sources").EnumerateArray().Select(s => s.GetProperty("provider").GetString()!).ToList();
            if (providers.Count > 0 && providers.All(Implemented.Contains))
            {
                data.Add(Path.GetFileName(dir));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ballot_counts_match_RCTab(string name)
    {
        var dir = Path.Combine(CasesFolder, name);
        using var caseDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        var (ballots, empty, problems) = ReadCase(dir, caseDoc.RootElement.GetProperty("config").GetString()!);
        Assert.Empty(problems);

        if (caseDoc.RootElement.TryGetProperty("facts_from_expected_output", out var facts) && facts.TryGetProperty("total_ballots", out var total))
        {
            Assert.Equal(Number(total), ballots);
            Assert.Equal(Number(facts.GetProperty("ballots_with_no_rankings")), empty);

            // And the same against the expected detailed report itself.
            var report = Directory.GetFiles(dir, "*_expected_detailed_report.json").Order(StringComparer.Ordinal).First();
            using var reportDoc = JsonDocument.Parse(File.ReadAllText(report));
            var summary = reportDoc.RootElement.GetProperty("summary");
            Assert.Equal(Number(summary.GetProperty("totalNumBallots")), ballots);
            Assert.Equal(Number(summary.GetProperty("undervotes")), empty);
        }
        else
        {
            Assert.True(ballots > 0);
        }
    }

    private static long Number(JsonElement e) =>
        (long)decimal.Parse(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText(), NumberStyles.Number, CultureInfo.InvariantCulture);

    internal static (long Ballots, long Empty, List<string> Problems) ReadCase(string dir, string configName)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, configName)));
        int? maxRankings = null;
        if (config.RootElement.TryGetProperty("rules", out var rules) && rules.TryGetProperty("maxRankingsAllowed", out var max)
            && int.TryParse(max.ValueKind == JsonValueKind.String ? max.GetString() : max.GetRawText(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m))
        {
            maxRankings = m;
        }

        long ballots = 0, empty = 0;
        var problems = new List<string>();
        var i = 0;
        foreach (var s in config.RootElement.GetProperty("cvrFileSources").EnumerateArray())
        {
            var parsed = RcvSource.FromJson(s, "cvrFileSources[" + i++.ToString(CultureInfo.InvariantCulture) + "]");
            if (!parsed.TryGetValue(out var source))
            {
                problems.AddRange(parsed.Problems.Select(p => p.ToString()));
                continue;
            }

            var list = new ProblemList(source.FilePath);
            foreach (var cvr in RcvSourceReader.Read(source, dir, maxRankings, null, list, TestContext.Current.CancellationToken))
            {
                ballots++;
                if (cvr.Choices.IsEmpty)
                {
                    empty++;
                }
            }

            problems.AddRange(list.ToImmutable().Select(p => p.ToString()));
        }

        return (ballots, empty, problems);
    }

    internal static List<RankedCvr> ReadAll(RcvSource source, string dir, int? max, ProblemList problems) =>
        RcvSourceReader.Read(source, dir, max, null, problems, TestContext.Current.CancellationToken).ToList();
}
