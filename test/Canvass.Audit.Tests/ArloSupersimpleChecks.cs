using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's SUPERSIMPLE ballot comparison (supersimple.py).</summary>
internal static class ArloSupersimpleChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        new("supersimple.py:get_sample_sizes", CheckSampleSize),
        new("supersimple.py:compute_risk", CheckRisk),
        new("supersimple.py:compute_discrepancies", CheckDiscrepancies),
    ];

    /// <summary>The sampled ballots of a vector: <c>sample_cvr</c> in order, each with its <c>cvrs</c> entry (a
    /// missing entry is a ballot without a CVR).</summary>
    public static List<ComparisonBallot> ParseSample(JsonNode inputs)
    {
        var cvrs = ArloVectors.Resolve(inputs["cvrs"])!.AsObject();
        var sample = ArloVectors.Resolve(inputs["sample_cvr"])!.AsObject();
        return
        [
            .. sample.Select(kv => new ComparisonBallot(
                kv.Key,
                kv.Value!["times_sampled"]!.GetValue<int>(),
                ParseCvr(cvrs.TryGetPropertyValue(kv.Key, out var reported) ? reported : null),
                ParseCvr(kv.Value!["cvr"]))),
        ];
    }

    /// <summary>A CVR: contest → choice → mark. Entries that are not contests (Arlo's tests put stray keys there) are
    /// ignored, as Arlo only ever looks a contest up by name.</summary>
    public static Dictionary<string, IReadOnlyDictionary<string, string>>? ParseCvr(JsonNode? node) =>
        node is JsonObject o
            ? o.Where(kv => kv.Value is JsonObject).ToDictionary(
                kv => kv.Key,
                kv => (IReadOnlyDictionary<string, string>)kv.Value!.AsObject().ToDictionary(c => c.Key, c => Mark(c.Value!), StringComparer.Ordinal),
                StringComparer.Ordinal)
            : null;

    private static string Mark(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    private static VectorOutcome CheckSampleSize(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        ComparisonSampleResults? results = null;
        if (inputs["sample_results"] is JsonObject r)
        {
            long Count(string key) => r[key] is { } n ? long.Parse(Mark(n), CultureInfo.InvariantCulture) : 0;
            results = new ComparisonSampleResults(Count("sample_size"), Count("1-over"), Count("2-over"), Count("1-under"), Count("2-under"));
        }

        var got = Supersimple.GetSampleSize(inputs["risk_limit"]!.GetValue<int>(), contest, results);
        var want = v.Node["expected_output"]!.GetValue<long>();
        return got == want ? VectorOutcome.Pass : VectorOutcome.Fail($"expected {want}, got {got}");
    }

    private static VectorOutcome CheckRisk(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var risk = Supersimple.ComputeRisk(inputs["risk_limit"]!.GetValue<int>(), contest, ParseSample(inputs));
        var expected = v.Node["expected_output"]!.AsArray();
        // Arlo's tests compare these p-values within 1e-3 (1e-4 in the snapshot test); the recorded values are
        // Arlo's own outputs, and we reproduce them to the last bit, so the check is exact.
        return CompareRisk(expected[0]!.GetValue<double>(), expected[1]!.GetValue<bool>(), risk);
    }

    /// <summary>A ballot- or batch-comparison risk, exactly: the p-value to the last bit and, when recorded, the
    /// finished flag.</summary>
    public static VectorOutcome CompareRisk(double wantP, bool? wantFinished, ComparisonRisk risk)
    {
        var problems = new List<string>();
        if (!risk.PValue.Equals(wantP))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"p: expected {wantP:R}, got {risk.PValue:R}"));
        }

        if (wantFinished is { } finished && risk.Finished != finished)
        {
            problems.Add($"finished: expected {finished}, got {risk.Finished}");
        }

        return VectorOutcome.FromProblems(problems);
    }

    private static VectorOutcome CheckDiscrepancies(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var got = Supersimple.ComputeDiscrepancies(contest, ParseSample(inputs));
        var expected = v.Node["expected_output"]!.AsObject();
        var problems = new List<string>();
        if (!got.Keys.Order(StringComparer.Ordinal).SequenceEqual(expected.Select(kv => kv.Key).Order(StringComparer.Ordinal)))
        {
            problems.Add($"ballots: expected [{string.Join(", ", expected.Select(kv => kv.Key))}], got [{string.Join(", ", got.Keys)}]");
        }

        foreach (var (ballot, want) in expected)
        {
            if (!got.TryGetValue(ballot, out var d))
            {
                continue;
            }

            var countedAs = want!["counted_as"]!.GetValue<long>();
            var weighted = PyDecimal.Parse(want["weighted_error"]!["$decimal"]!.GetValue<string>());
            if (d.CountedAs != countedAs || d.ExactWeightedError != weighted)
            {
                problems.Add($"{ballot}: expected ({countedAs}, {weighted}), got ({d.CountedAs}, {d.ExactWeightedError})");
            }
        }

        return VectorOutcome.FromProblems(problems);
    }
}
