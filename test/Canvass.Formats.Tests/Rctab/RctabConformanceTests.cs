using System.Globalization;
using System.Text.Json;
using Canvass.Domain.Rcv;
using Canvass.Formats.Rctab;
using Canvass.TestKit;

namespace Canvass.Formats.Tests.Rctab;

/// <summary>RCTab's own regression cases, tabulated end to end and compared round by round (tallies, transfers,
/// decisions, threshold, inactive ballots, summary) with RCTab's expected detailed reports. Cases folder:
/// <c>CANVASS_RCTAB_CASES</c>, default <c>shared/conformance/rctab/cases</c>.</summary>
public sealed class RctabConformanceTests
{
    /// <summary>Cases known to differ, with what differs; they are skipped (and listed) so main stays green.</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
    };

    private static string CasesFolder =>
        Environment.GetEnvironmentVariable("CANVASS_RCTAB_CASES") is { Length: > 0 } env ? env : SharedFolder.Combine("conformance", "rctab", "cases");

    public static TheoryData<string> Cases() => [.. CaseNames()];

    private static IEnumerable<string> CaseNames() => Directory.Exists(CasesFolder)
        ? Directory.GetDirectories(CasesFolder).Order(StringComparer.Ordinal).Where(d => File.Exists(Path.Combine(d, "case.json"))).Select(d => Path.GetFileName(d)!)
        : [];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_matches_RCTab(string name)
    {
        var outcome = Evaluate(name, out var detail);
        TestContext.Current.SendDiagnosticMessage($"rctab {name}: {outcome} {detail}");
        switch (outcome)
        {
            case Outcome.Skipped:
                Assert.Skip(detail);
                break;
            case Outcome.Failed:
                Assert.Fail(detail);
                break;
        }
    }

    [Fact]
    public void Summary()
    {
        var counts = new Dictionary<Outcome, int>();
        var report = new List<string>();
        foreach (var name in CaseNames())
        {
            var outcome = Evaluate(name, out var detail);
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            TestContext.Current.SendDiagnosticMessage($"rctab {name}: {outcome} {detail}");
            Console.WriteLine($"rctab {name}: {outcome} {detail}");
            report.Add($"{name}: {outcome} {detail}");
        }

        var line = $"RCTab conformance: {counts.GetValueOrDefault(Outcome.Passed)} passed, {counts.GetValueOrDefault(Outcome.Failed)} failed, {counts.GetValueOrDefault(Outcome.Skipped)} skipped";
        TestContext.Current.SendDiagnosticMessage(line);
        Console.WriteLine(line);
        if (Environment.GetEnvironmentVariable("CANVASS_RCTAB_REPORT") is { Length: > 0 } reportPath)
        {
            File.WriteAllLines(reportPath, [.. report, line]);
        }

        Assert.Equal(0, counts.GetValueOrDefault(Outcome.Failed));
    }

    /// <summary>The detailed CSV we write, compared with RCTab's cell by cell, as strings;
    /// candidate rows are matched by name because RCTab orders equal round-1 tallies by Java hash order.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Csv_matches_RCTab(string name)
    {
        var dir = Path.Combine(CasesFolder, name);
        using var caseDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        if (caseDoc.RootElement.GetProperty("expected_outcome").GetString() != "tabulate")
        {
            Assert.Skip("no detailed report expected for this case");
        }

        var configPath = Path.Combine(dir, caseDoc.RootElement.GetProperty("config").GetString()!);
        var stem = Path.GetFileName(configPath)[..^"_config.json".Length];
        var run = RctabRunner.Run(configPath, TestContext.Current.CancellationToken);
        Assert.True(run.IsSuccess, string.Join("; ", run.Problems.Take(3)));
        var diffs = new List<string>();
        foreach (var pass in run.Result!.Passes)
        {
            var file = run.Result.Passes.Length == 1
                ? Path.Combine(dir, stem + "_expected_detailed_report.csv")
                : Path.Combine(dir, $"{stem}_{pass.Number.ToString(CultureInfo.InvariantCulture)}_expected_detailed_report.csv");
            var writer = new StringWriter(CultureInfo.InvariantCulture);
            RctabDetailedReport.WriteCsv(writer, run.Config!, pass);
            CompareCsv(File.ReadAllText(file), writer.ToString(), diffs);
        }

        foreach (var (slice, file) in SliceFiles(dir, stem, run.Result, "csv"))
        {
            var writer = new StringWriter(CultureInfo.InvariantCulture);
            RctabDetailedReport.WriteCsv(writer, run.Config!, run.Result.Passes[0], slice);
            var before = diffs.Count;
            CompareCsv(File.ReadAllText(file), writer.ToString(), diffs);
            for (var i = before; i < diffs.Count; i++)
            {
                diffs[i] = $"{slice.Kind} {slice.Id} {diffs[i]}";
            }
        }

        TestContext.Current.SendDiagnosticMessage($"rctab csv {name}: {(diffs.Count == 0 ? "match" : string.Join(" | ", diffs.Take(8)))}");
        if (KnownCsvDifferences.TryGetValue(name, out var known))
        {
            Assert.Skip("reason: " + known);
        }

        Assert.True(diffs.Count == 0, string.Join(" | ", diffs.Take(12)));
    }

    /// <summary>CSV cases known to differ, with what differs.</summary>
    private static readonly Dictionary<string, string> KnownCsvDifferences = new(StringComparer.Ordinal)
    {
    };

    private static void CompareCsv(string expectedText, string actualText, List<string> diffs)
    {
        static List<List<string>> Rows(string text) => [.. text.ReplaceLineEndings("\n").Split('\n')
            .Where(l => !l.Contains("Generated By", StringComparison.Ordinal) && l.Length > 0)
            .Select(SplitCsv)];
        var expected = Rows(expectedText);
        var actual = Rows(actualText);
        var byLabel = actual.GroupBy(r => r[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (expected.Count != actual.Count)
        {
            diffs.Add($"csv rows: expected {expected.Count}, got {actual.Count}");
        }

        foreach (var row in expected)
        {
            if (!byLabel.TryGetValue(row[0], out var ours))
            {
                diffs.Add($"csv row '{row[0]}' missing");
                continue;
            }

            for (var i = 1; i < Math.Max(row.Count, ours.Count); i++)
            {
                var e = i < row.Count ? row[i] : "";
                var a = i < ours.Count ? ours[i] : "";
                if (!SameCell(e, a))
                {
                    diffs.Add($"csv '{row[0]}'[{i.ToString(CultureInfo.InvariantCulture)}]: expected '{e}', got '{a}'");
                }
            }
        }
    }

    private static bool SameCell(string e, string a) => string.Equals(e, a, StringComparison.Ordinal);

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    internal enum Outcome
    {
        Passed,
        Failed,
        Skipped,
    }

    internal static Outcome Evaluate(string name, out string detail)
    {
        var dir = Path.Combine(CasesFolder, name);
        using var caseDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        var expected = caseDoc.RootElement.GetProperty("expected_outcome").GetString();
        var configPath = Path.Combine(dir, caseDoc.RootElement.GetProperty("config").GetString()!);
        var formats = caseDoc.RootElement.TryGetProperty("cvr_sources", out var srcs)
            ? string.Join(",", srcs.EnumerateArray().Select(s => s.TryGetProperty("format", out var f) ? f.GetString() : "?").Distinct())
            : "";
        if (KnownDifferences.TryGetValue(name, out var known))
        {
            detail = "reason: " + known;
            return Outcome.Skipped;
        }

        if (expected == "validation-error")
        {
            var config = RctabConfig.Read(configPath);
            detail = config.IsSuccess ? "config validation reported no problem" : $"{config.Problems.Length} validation problems";
            return config.IsSuccess ? Outcome.Failed : Outcome.Passed;
        }

        var run = RctabRunner.Run(configPath, TestContext.Current.CancellationToken);
        if (run.Problems.Any(p => p.Message.Contains("not implemented yet", StringComparison.Ordinal)))
        {
            detail = $"reader for {formats} not implemented yet";
            return Outcome.Skipped;
        }

        if (expected == "error")
        {
            detail = run.IsSuccess ? "tabulation succeeded but must fail" : "failed as expected: " + run.Problems.FirstOrDefault();
            return run.IsSuccess ? Outcome.Failed : Outcome.Passed;
        }

        if (!run.IsSuccess)
        {
            detail = "tabulation failed: " + string.Join("; ", run.Problems.Take(3));
            return Outcome.Failed;
        }

        if (expected == "convert")
        {
            // RCTab's conversion tests: --convert-to-cdf and the RCTab CVR CSV, compared with the case's expected files.
            var outputs = caseDoc.RootElement.GetProperty("expected_outputs").EnumerateArray()
                .Select(o => (Kind: o.GetProperty("kind").GetString()!, Path: o.GetProperty("path").GetString()!)).ToList();
            var convertDiffs = new List<string>();
            var skipped = new List<string>();
            foreach (var (kind, path) in outputs)
            {
                var d = RctabExportConformanceTests.Compare(name, kind, path);
                if (d.Count > 0 && RctabExportConformanceTests.KnownDifferences.TryGetValue(name + "/" + kind, out var why))
                {
                    skipped.Add($"{kind}: {why}");
                }
                else
                {
                    convertDiffs.AddRange(d.Select(x => $"{kind} {x}"));
                }
            }

            if (convertDiffs.Count == 0 && skipped.Count > 0)
            {
                detail = "reason: " + string.Join("; ", skipped);
                return Outcome.Skipped;
            }

            detail = convertDiffs.Count == 0
                ? $"{outputs.Count.ToString(CultureInfo.InvariantCulture)} conversion outputs match ({string.Join(", ", outputs.Select(o => o.Kind))})"
                : string.Join(" | ", convertDiffs.Take(12));
            return convertDiffs.Count == 0 ? Outcome.Passed : Outcome.Failed;
        }

        var stem = Path.GetFileName(configPath)[..^"_config.json".Length];
        var result = run.Result!;
        var diffs = new List<string>();
        var compared = 0;
        if (result.Passes.Length == 1 && File.Exists(Path.Combine(dir, stem + "_expected_detailed_report.json")))
        {
            Compare(Path.Combine(dir, stem + "_expected_detailed_report.json"), result.Passes[0], run.Config!, diffs, "");
            compared++;
        }
        else
        {
            foreach (var pass in result.Passes)
            {
                var file = Path.Combine(dir, $"{stem}_{pass.Number.ToString(CultureInfo.InvariantCulture)}_expected_detailed_report.json");
                if (File.Exists(file))
                {
                    Compare(file, pass, run.Config!, diffs, $"pass {pass.Number.ToString(CultureInfo.InvariantCulture)}: ");
                    compared++;
                }
            }

            var expectedPasses = Directory.GetFiles(dir, stem + "_*_expected_detailed_report.json").Length;
            if (expectedPasses != compared)
            {
                diffs.Add($"{expectedPasses} expected pass reports, {result.Passes.Length} passes tabulated");
            }
        }

        var slices = 0;
        foreach (var (slice, file) in SliceFiles(dir, stem, result, "json"))
        {
            using var expectedSlice = JsonDocument.Parse(File.ReadAllText(file));
            using var written = new MemoryStream();
            RctabDetailedReport.WriteJson(written, run.Config!, result.Passes[0], slice);
            using var ours = JsonDocument.Parse(written.ToArray());
            CompareJson(expectedSlice.RootElement, ours.RootElement, $"{slice.Kind} {slice.Id} json ", diffs);
            slices++;
        }

        if (compared == 0)
        {
            detail = "no expected detailed report";
            return Outcome.Failed;
        }

        detail = diffs.Count == 0
            ? $"{result.Passes.Sum(p => p.Rounds.Length)} rounds match" + (slices > 0 ? $", {slices} slice reports match" : "")
            : string.Join(" | ", diffs.Take(12));
        return diffs.Count == 0 ? Outcome.Passed : Outcome.Failed;
    }

    /// <summary>The slice reports RCTab ships an expected file for (it compares only those).</summary>
    private static IEnumerable<(RcvSlice Slice, string File)> SliceFiles(string dir, string stem, RcvResult result, string ext)
    {
        if (result.Passes.Length != 1)
        {
            yield break;
        }

        foreach (var slice in result.Passes[0].Slices)
        {
            var kind = slice.Kind == RcvSliceKind.Precinct ? "precinct" : "batch";
            var folder = slice.Kind == RcvSliceKind.Precinct ? "Tabulate by Precinct" : "Tabulate by Batch";
            var file = Path.Combine(dir, folder, $"{stem}_expected_{RctabDetailedReport.SanitizeSliceId(slice.Id)}_{kind}_detailed_report.{ext}");
            if (File.Exists(file))
            {
                yield return (slice, file);
            }
        }
    }

    private static decimal Dec(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : decimal.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void Compare(string file, RcvPass pass, RctabConfig config, List<string> diffs, string prefix)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var root = doc.RootElement;
        var summary = root.GetProperty("summary");

        // The in-memory result and the written report must both match: compare the written report's numbers too.
        using var written = new MemoryStream();
        RctabDetailedReport.WriteJson(written, config, pass);
        using var ours = JsonDocument.Parse(written.ToArray());
        CompareJson(root, ours.RootElement, prefix + "json ", diffs);
        void Check(string what, decimal exp, decimal act)
        {
            if (exp != act)
            {
                diffs.Add($"{prefix}{what}: expected {exp.ToString(CultureInfo.InvariantCulture)}, got {act.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        Check("totalNumBallots", Dec(summary.GetProperty("totalNumBallots")), pass.TotalBallots);
        Check("undervotes", Dec(summary.GetProperty("undervotes")), pass.Undervotes);
        Check("numCandidates", Dec(summary.GetProperty("numCandidates")), pass.NumberOfCandidates);
        Check("finalThreshold", Dec(summary.GetProperty("finalThreshold")), pass.FinalThreshold);
        var results = root.GetProperty("results").EnumerateArray().ToList();
        if (results.Count != pass.Rounds.Length)
        {
            diffs.Add($"{prefix}rounds: expected {results.Count}, got {pass.Rounds.Length}");
        }

        for (var i = 0; i < Math.Min(results.Count, pass.Rounds.Length); i++)
        {
            var e = results[i];
            var a = pass.Rounds[i];
            var r = $"round {(i + 1).ToString(CultureInfo.InvariantCulture)} ";
            Check(r + "threshold", Dec(e.GetProperty("threshold")), a.Threshold);
            var tally = e.GetProperty("tally").EnumerateObject().ToDictionary(p => p.Name, p => Dec(p.Value), StringComparer.Ordinal);
            foreach (var (cand, votes) in tally)
            {
                if (a.VotesOf(cand) is { } v)
                {
                    Check(r + "tally " + cand, votes, v);
                }
                else
                {
                    diffs.Add($"{prefix}{r}tally: {cand} missing");
                }
            }

            foreach (var kv in a.Tally.Where(kv => !tally.ContainsKey(kv.Key)))
            {
                diffs.Add($"{prefix}{r}tally: unexpected {kv.Key}");
            }

            var inactive = e.GetProperty("inactiveBallots");
            decimal Get(string k) => inactive.TryGetProperty(k, out var v) ? Dec(v) : 0m;
            Check(r + "overvotes", Get("overvotes"), a.Inactive.Overvotes);
            Check(r + "skippedRankings", Get("skippedRankings"), a.Inactive.SkippedRankings);
            Check(r + "exhaustedChoices", Get("exhaustedChoices"), a.Inactive.ExhaustedChoices);
            Check(r + "repeatedRankings", Get("repeatedRankings"), a.Inactive.RepeatedRankings);
            Check(r + "finalRoundSurplus", Get("finalRoundSurplus"), a.Inactive.FinalRoundSurplus);
            var decisions = e.GetProperty("tallyResults").EnumerateArray().ToList();
            var exp = decisions.Select(d => d.TryGetProperty("elected", out var el) ? "elected " + el.GetString() : "eliminated " + d.GetProperty("eliminated").GetString()).ToList();
            var act = a.Decisions.Select(d => (d.Elected ? "elected " : "eliminated ") + d.Candidate).ToList();
            if (!exp.SequenceEqual(act, StringComparer.Ordinal))
            {
                diffs.Add($"{prefix}{r}decisions: expected [{string.Join(", ", exp)}], got [{string.Join(", ", act)}]");
                continue;
            }

            for (var d = 0; d < decisions.Count; d++)
            {
                var et = decisions[d].TryGetProperty("transfers", out var t) ? t.EnumerateObject().ToDictionary(p => p.Name, p => Dec(p.Value), StringComparer.Ordinal) : [];
                var at = a.Decisions[d].Transfers.Where(x => x.Amount != 0 || et.ContainsKey(x.To)).ToDictionary(x => x.To, x => x.Amount, StringComparer.Ordinal);
                foreach (var key in et.Keys.Union(at.Keys))
                {
                    Check($"{r}transfer {a.Decisions[d].Candidate} -> {key}", et.GetValueOrDefault(key), at.GetValueOrDefault(key));
                }
            }
        }

    }

    /// <summary>Compares two detailed-report JSON trees: same keys in the same order, same list order, equal strings (numbers
    /// are BigDecimal strings, so their scale counts); <c>generatedBy</c> is ignored.</summary>
    private static void CompareJson(JsonElement expected, JsonElement actual, string path, List<string> diffs)
    {
        if (expected.ValueKind == JsonValueKind.Object && actual.ValueKind == JsonValueKind.Object)
        {
            var e = expected.EnumerateObject().Where(p => p.Name != "generatedBy").ToList();
            var a = actual.EnumerateObject().Where(p => p.Name != "generatedBy").ToList();
            var names = e.Select(p => p.Name).ToList();
            if (!names.SequenceEqual(a.Select(p => p.Name), StringComparer.Ordinal))
            {
                diffs.Add($"{path}keys: expected [{string.Join(", ", names)}], got [{string.Join(", ", a.Select(p => p.Name))}]");
                return;
            }

            for (var i = 0; i < e.Count; i++)
            {
                CompareJson(e[i].Value, a[i].Value, path + "." + e[i].Name, diffs);
            }
        }
        else if (expected.ValueKind == JsonValueKind.Array && actual.ValueKind == JsonValueKind.Array)
        {
            if (expected.GetArrayLength() != actual.GetArrayLength())
            {
                diffs.Add($"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}");
                return;
            }

            var i = 0;
            foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
            {
                CompareJson(e, a, path + "[" + (i++).ToString(CultureInfo.InvariantCulture) + "]", diffs);
            }
        }
        else if (expected.ValueKind != actual.ValueKind)
        {
            diffs.Add($"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}");
        }
        else if (expected.ValueKind == JsonValueKind.String)
        {
            var es = expected.GetString()!;
            var @as = actual.GetString()!;
            // Strict, as RCTab's own test compares: BigDecimal strings keep their scale ("3" is not "3.0000").
            if (!string.Equals(es, @as, StringComparison.Ordinal))
            {
                diffs.Add($"{path}: expected \"{es}\", got \"{@as}\"");
            }
        }
        else if (expected.GetRawText() != actual.GetRawText())
        {
            diffs.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
        }
    }
}
