using System.Globalization;
using System.Text;
using System.Text.Json;
using Canvass.Formats.Rctab;
using Canvass.TestKit;
using nietras.SeparatedValues;

namespace Canvass.Formats.Tests.Rctab;

/// <summary>RCTab's own exports compared with the expected files its cases ship: the CDF CVR JSON
/// (<c>*_expected_cdf_cvr.json</c>, from <c>generateCdfJson</c> or <c>--convert-to-cdf</c>) and the RCTab CVR CSV
/// (<c>*_expected.csv</c> / <c>*_expected_rctab_cvr.csv</c>). They are compared as RCTab's TabulatorTests compare them: JSON as
/// trees (object keys in any order, arrays in order, values as written) ignoring only <c>GeneratedDate</c>; CSV line by
/// line.</summary>
public sealed class RctabExportConformanceTests
{
    /// <summary>Outputs known to differ, by "case/kind", with what differs: skipped and listed, never a silent pass.</summary>
    internal static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
    };

    private static string CasesFolder =>
        Environment.GetEnvironmentVariable("CANVASS_RCTAB_CASES") is { Length: > 0 } env ? env : SharedFolder.Combine("conformance", "rctab", "cases");

    public static TheoryData<string, string, string> Outputs()
    {
        var data = new TheoryData<string, string, string>();
        if (!Directory.Exists(CasesFolder))
        {
            return data;
        }

        foreach (var dir in Directory.GetDirectories(CasesFolder).Order(StringComparer.Ordinal))
        {
            var caseFile = Path.Combine(dir, "case.json");
            if (!File.Exists(caseFile))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(File.ReadAllText(caseFile));
            if (!doc.RootElement.TryGetProperty("expected_outputs", out var outputs))
            {
                continue;
            }

            foreach (var o in outputs.EnumerateArray())
            {
                var kind = o.GetProperty("kind").GetString()!;
                if (kind is "cdf_cvr_json" or "rctab_cvr_csv" or "summary_report_csv")
                {
                    data.Add(Path.GetFileName(dir), kind, o.GetProperty("path").GetString()!);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Export_matches_RCTab(string name, string kind, string file)
    {
        var diffs = Compare(name, kind, file);
        TestContext.Current.SendDiagnosticMessage($"rctab {kind} {name}: {(diffs.Count == 0 ? "match" : string.Join(" | ", diffs.Take(8)))}");
        if (KnownDifferences.TryGetValue(name + "/" + kind, out var known))
        {
            Assert.Skip("reason: " + known + (diffs.Count == 0 ? " (now matches: remove from KnownDifferences)" : ""));
        }

        Assert.True(diffs.Count == 0, string.Join(" | ", diffs.Take(12)));
    }

    /// <summary>Compares one expected output with ours; the differences, empty when they match.</summary>
    internal static List<string> Compare(string name, string kind, string file)
    {
        var dir = Path.Combine(CasesFolder, name);
        using var caseDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        var convert = caseDoc.RootElement.GetProperty("expected_outcome").GetString() == "convert";
        var configPath = Path.Combine(dir, caseDoc.RootElement.GetProperty("config").GetString()!);
        var ct = TestContext.Current.CancellationToken;
        var read = RctabRunner.ReadCvrs(configPath, ct);
        var diffs = new List<string>();
        if (!read.IsSuccess)
        {
            diffs.Add("read failed: " + string.Join("; ", read.Problems.Take(3)));
            return diffs;
        }

        var expectedText = File.ReadAllText(Path.Combine(dir, file));
        switch (kind)
        {
            case "cdf_cvr_json":
            {
                using var ours = new MemoryStream();
                if (convert)
                {
                    RctabCdfExport.Write(ours, read.Config!, [.. read.Ballots.Select(b => b.Cvr)]);
                }
                else
                {
                    var run = RctabRunner.Run(configPath, ct);
                    if (!run.IsSuccess)
                    {
                        diffs.Add("tabulation failed: " + string.Join("; ", run.Problems.Take(3)));
                        return diffs;
                    }

                    RctabCdfExport.Write(ours, read.Config!, [.. read.Ballots.Select(b => b.Cvr)], run.Result!.Passes[0]);
                }

                using var expected = JsonDocument.Parse(expectedText);
                using var actual = JsonDocument.Parse(ours.ToArray());
                CompareTree(expected.RootElement, actual.RootElement, "$", diffs);
                break;
            }

            case "rctab_cvr_csv":
            {
                var writer = new StringWriter(CultureInfo.InvariantCulture);
                RctabCvrCsvExport.Write(writer, read.Config!, read.Ballots);
                var ours = writer.ToString();
                if (expectedText.StartsWith(LegacyHeaderStart, StringComparison.Ordinal))
                {
                    // An expected file from RCTab 1.x (not asserted by RCTab's own tests): same rows, without the
                    // "RCTab CVR Id" column and with "Record Id" for "Vendor Id". Compare our rows in that layout.
                    ours = ToLegacyLayout(ours);
                }

                CompareLines(expectedText, ours, diffs);
                break;
            }

            case "summary_report_csv":
            {
                var run = RctabRunner.Run(configPath, ct);
                if (!run.IsSuccess)
                {
                    diffs.Add("tabulation failed: " + string.Join("; ", run.Problems.Take(3)));
                    return diffs;
                }

                var writer = new StringWriter(CultureInfo.InvariantCulture);
                RctabSummaryReport.WriteCsv(writer, run.Config!, run.Result!.Passes[0]);
                CompareLines(expectedText, writer.ToString(), diffs, skipGeneratedBy: true);
                break;
            }

            default:
                diffs.Add("unknown output kind " + kind);
                break;
        }

        return diffs;
    }

    private const string LegacyHeaderStart = "Source Filepath,CVR Provider,Contest Id,Tabulator Id,Batch Id,Record Id,";

    private static string ToLegacyLayout(string csv)
    {
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(csv);
        var output = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = Sep.New(',').Writer(o => o with { WriteHeader = false, Escape = true }).To(output, leaveOpen: true))
        {
            foreach (var row in reader)
            {
                using var outRow = writer.NewRow();
                var to = 0;
                for (var i = 0; i < row.ColCount; i++)
                {
                    if (i == 3)
                    {
                        continue;
                    }

                    var value = row[i].ToString();
                    outRow[to++].Set(value == "Vendor Id" ? "Record Id" : value);
                }
            }
        }

        return output.ToString();
    }

    private static void CompareLines(string expectedText, string actualText, List<string> diffs, bool skipGeneratedBy = false)
    {
        static List<string> Lines(string text, bool skip) => [.. text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')
            .Where(l => !skip || !l.Contains("Generated By", StringComparison.Ordinal))];
        var e = Lines(expectedText, skipGeneratedBy);
        var a = Lines(actualText, skipGeneratedBy);
        if (e.Count != a.Count)
        {
            diffs.Add($"lines: expected {e.Count}, got {a.Count}");
        }

        for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
        {
            if (!string.Equals(e[i], a[i], StringComparison.Ordinal))
            {
                diffs.Add($"line {(i + 1).ToString(CultureInfo.InvariantCulture)}: expected '{e[i]}', got '{a[i]}'");
            }
        }
    }

    /// <summary>Jackson tree equality: objects as maps, arrays in order; <c>GeneratedDate</c> ignored.</summary>
    private static void CompareTree(JsonElement expected, JsonElement actual, string path, List<string> diffs)
    {
        if (diffs.Count > 40)
        {
            return;
        }

        if (expected.ValueKind == JsonValueKind.Object && actual.ValueKind == JsonValueKind.Object)
        {
            var e = expected.EnumerateObject().Where(p => p.Name != "GeneratedDate").ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            var a = actual.EnumerateObject().Where(p => p.Name != "GeneratedDate").ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            foreach (var key in e.Keys.Union(a.Keys).Order(StringComparer.Ordinal))
            {
                if (!e.TryGetValue(key, out var ev))
                {
                    diffs.Add($"{path}.{key}: unexpected");
                }
                else if (!a.TryGetValue(key, out var av))
                {
                    diffs.Add($"{path}.{key}: missing");
                }
                else
                {
                    CompareTree(ev, av, path + "." + key, diffs);
                }
            }
        }
        else if (expected.ValueKind == JsonValueKind.Array && actual.ValueKind == JsonValueKind.Array)
        {
            if (expected.GetArrayLength() != actual.GetArrayLength())
            {
                diffs.Add($"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}");
            }

            var i = 0;
            foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
            {
                CompareTree(e, a, path + "[" + (i++).ToString(CultureInfo.InvariantCulture) + "]", diffs);
            }
        }
        else if (expected.ValueKind != actual.ValueKind || expected.GetRawText() != actual.GetRawText())
        {
            diffs.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
        }
    }

    internal static string Describe(List<string> diffs) => diffs.Count == 0 ? "match" : new StringBuilder().AppendJoin(" | ", diffs.Take(6)).ToString();
}
