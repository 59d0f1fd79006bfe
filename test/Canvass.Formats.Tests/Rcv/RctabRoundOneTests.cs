using System.Globalization;
using System.Text.Json;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using Canvass.Formats.Rcv;
using Canvass.TestKit;

namespace Canvass.Formats.Tests.Rcv;

/// <summary>Recomputes round 1 of every RCTab tabulation case from the ballots the readers return and compares it with
/// round 1 of RCTab's expected report. In round 1 every non-excluded candidate is continuing, so the first-choice rule
/// is short: skipped-rank limit, then overvote rule, then the first non-excluded candidate; aliases resolved as RCTab
/// does. This checks the readers' candidate strings, ranks and labels, not only the ballot totals.</summary>
public sealed class RctabRoundOneTests
{
    private static string CasesFolder => SharedFolder.Combine("conformance", "rctab", "cases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in RctabConformanceTests.Cases().Select(row => row.Data))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CasesFolder, name, "case.json")));
            if (doc.RootElement.GetProperty("expected_outcome").GetString() == "tabulate")
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Round_one_tally_matches_RCTab(string name)
    {
        var dir = Path.Combine(CasesFolder, name);
        using var caseDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, caseDoc.RootElement.GetProperty("config").GetString()!)));
        var rules = config.RootElement.GetProperty("rules");
        var maxText = Text(rules, "maxRankingsAllowed");
        int? maxRankings = int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var mr) ? mr : null;
        var skippedText = Text(rules, "maxSkippedRanksAllowed");
        var maxSkipped = int.TryParse(skippedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : int.MaxValue;
        var overvoteRule = Text(rules, "overvoteRule");

        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [RankedCvr.UndeclaredWriteIn] = RankedCvr.UndeclaredWriteIn };
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in config.RootElement.GetProperty("candidates").EnumerateArray())
        {
            var display = candidate.GetProperty("name").GetString()!;
            names[display] = display;
            if (candidate.TryGetProperty("aliases", out var aliases))
            {
                foreach (var alias in aliases.EnumerateArray())
                {
                    names[alias.GetString()!] = display;
                }
            }

            if (candidate.TryGetProperty("excluded", out var ex) && ex.ValueKind == JsonValueKind.True)
            {
                excluded.Add(display);
            }
        }

        var tally = new Dictionary<string, long>(StringComparer.Ordinal);
        var i = 0;
        foreach (var s in config.RootElement.GetProperty("cvrFileSources").EnumerateArray())
        {
            var source = RcvSource.FromJson(s, "cvrFileSources[" + i++.ToString(CultureInfo.InvariantCulture) + "]").Value;
            var problems = new ProblemList(source.FilePath);
            foreach (var cvr in RcvSourceReader.Read(source, dir, maxRankings, null, problems, TestContext.Current.CancellationToken))
            {
                if (FirstChoice(cvr, names, excluded, maxSkipped, overvoteRule) is { } choice)
                {
                    tally[choice] = tally.GetValueOrDefault(choice) + 1;
                }
            }

            Assert.Empty(problems.ToImmutable());
        }

        var report = Directory.GetFiles(dir, "*_expected_detailed_report.json").Order(StringComparer.Ordinal).First();
        using var reportDoc = JsonDocument.Parse(File.ReadAllText(report));
        var expected = reportDoc.RootElement.GetProperty("results")[0].GetProperty("tally");
        var compared = 0;
        foreach (var entry in expected.EnumerateObject())
        {
            var votes = decimal.Parse(entry.Value.GetString()!, CultureInfo.InvariantCulture);
            Assert.True(votes == tally.GetValueOrDefault(entry.Name), $"{entry.Name}: RCTab {votes}, readers {tally.GetValueOrDefault(entry.Name)}");
            compared++;
        }

        Assert.True(compared > 0);
        Assert.All(tally, kv => Assert.True(expected.TryGetProperty(kv.Key, out _), $"{kv.Key} has {kv.Value} first choices but is not in RCTab's round 1"));
    }

    private static string? FirstChoice(RankedCvr cvr, Dictionary<string, string> names, HashSet<string> excluded, int maxSkipped, string? overvoteRule)
    {
        var last = 0;
        foreach (var group in cvr.Choices.GroupBy(c => c.Rank).OrderBy(g => g.Key))
        {
            if (group.Key - last - 1 > maxSkipped)
            {
                return null;
            }

            last = group.Key;
            var marks = group.Select(c => c.Candidate == RankedCvr.Overvote ? c.Candidate : names.TryGetValue(c.Candidate, out var n) ? n
                : throw new InvalidOperationException($"Unrecognised candidate '{c.Candidate}' in {cvr.Id}")).ToList();
            if (marks.Count > 1 || marks[0] == RankedCvr.Overvote)
            {
                switch (overvoteRule)
                {
                    case "exhaustImmediately":
                        return null;
                    case "alwaysSkipToNextRank":
                        continue;
                    default:
                        var continuing = marks.Where(m => m != RankedCvr.Overvote && !excluded.Contains(m)).Distinct().ToList();
                        if (continuing.Count > 1)
                        {
                            return null;
                        }

                        if (continuing.Count == 1)
                        {
                            return continuing[0];
                        }

                        continue;
                }
            }

            if (!excluded.Contains(marks[0]))
            {
                return marks[0];
            }
        }

        return null;
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
}
