using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's SUITE hybrid audit (suite.py).</summary>
internal static class ArloSuiteChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        new("suite.py:BallotComparisonStratum.compute_pvalue", CheckComparisonPValue),
        new("suite.py:BallotPollingStratum.compute_pvalue", CheckPollingPValue),
        new("suite.py:compute_risk", CheckRisk),
        new("suite.py:get_sample_size", CheckSampleSize),
        new("suite.py:misstatements", CheckMisstatements),
        new("suite.py:try_n", CheckTryN),
    ];

    /// <summary>
    /// The bar a recorded p-value must clear: Arlo's own tolerance ("within 5e-5" for the SPRT tests, 1e-5 for a
    /// stratum and 1e-6 for a combined p-value in the rest), tightened to 1e-9 relative because the arithmetic here
    /// follows Arlo's step for step (the largest difference seen is about 2e-12 relative, from the order in which
    /// NumPy adds up logarithms). Values the upstream test compares exactly (0 and 1) come out exact.
    /// </summary>
    private static double Tolerance(ArloVector v, double want, bool combined)
    {
        var description = v.Node["description"]!.GetValue<string>();
        var upstream = description.Contains("within 5e-5", StringComparison.Ordinal) ? 5e-5 : combined ? 1e-6 : 1e-5;
        return Math.Min(upstream, 1e-9 * Math.Abs(want));
    }

    private static VectorOutcome Compare(ArloVector v, string what, double want, double got, bool combined) =>
        got.Equals(want) || Math.Abs(got - want) <= Tolerance(v, want, combined)
            ? VectorOutcome.Pass
            : VectorOutcome.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}: expected {want:R}, got {got:R}"));

    private static VectorOutcome CheckPollingPValue(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var got = Suite.PollingPValue(ParsePolling(inputs["self"]!), inputs["reported_margin"]!.GetValue<long>(),
            inputs["winner"]!.GetValue<string>(), inputs["loser"]!.GetValue<string>(), inputs["null_lambda"]!.GetValue<double>());
        return Compare(v, "p-value", v.Node["expected_output"]!.GetValue<double>(), got, combined: false);
    }

    private static VectorOutcome CheckComparisonPValue(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var got = Suite.ComparisonPValue(ParseComparison(inputs["self"]!), inputs["reported_margin"]!.GetValue<long>(),
            inputs["winner"]!.GetValue<string>(), inputs["loser"]!.GetValue<string>(), inputs["null_lambda"]!.GetValue<double>());
        return Compare(v, "p-value", v.Node["expected_output"]!.GetValue<double>(), got, combined: false);
    }

    private static VectorOutcome CheckTryN(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var got = Suite.TryN(inputs["n"]!.GetValue<long>(), inputs["alpha"]!.GetValue<double>(),
            ArloVectorChecks.ParseContest(inputs["contest"]!), inputs["winner"]!.GetValue<string>(), inputs["loser"]!.GetValue<string>(),
            ParsePolling(inputs["bp_stratum"]!), ParseComparison(inputs["cvr_stratum"]!), inputs["n_ratio"]!.GetValue<double>());
        return Compare(v, "p-value", v.Node["expected_output"]!.GetValue<double>(), got, combined: true);
    }

    /// <summary>A normal result is [p, finished]; "a stratum was already counted" is Arlo's ValueError(message, p, finished).</summary>
    private static VectorOutcome CheckRisk(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var risk = Suite.ComputeRisk(inputs["risk_limit"]!.GetValue<int>(), ArloVectorChecks.ParseContest(inputs["contest"]!),
            ParsePolling(inputs["bp_stratum"]!), ParseComparison(inputs["cvr_stratum"]!));
        JsonArray expected;
        bool recounted;
        if (v.Node["expected_exception"] is JsonNode exception)
        {
            var args = exception["args"]!.AsArray();
            if (exception["$exception"]!.GetValue<string>() != "ValueError"
                || !args[0]!.GetValue<string>().StartsWith("One or both strata has already been recounted", StringComparison.Ordinal))
            {
                return VectorOutcome.Fail("unexpected recorded exception " + exception.ToJsonString());
            }

            expected = [args[1]!.DeepClone(), args[2]!.DeepClone()];
            recounted = true;
        }
        else
        {
            expected = v.Node["expected_output"]!.AsArray();
            recounted = false;
        }

        if (risk.StratumRecounted != recounted)
        {
            return VectorOutcome.Fail($"stratum recounted: expected {recounted}, got {risk.StratumRecounted}");
        }

        if (risk.Finished != expected[1]!.GetValue<bool>())
        {
            return VectorOutcome.Fail($"finished: expected {expected[1]}, got {risk.Finished}");
        }

        return Compare(v, "p-value", expected[0]!.GetValue<double>(), risk.PValue, combined: true);
    }

    /// <summary>Arlo returns HybridPair(non_cvr, cvr), compared exactly, or raises "One or both strata need to be recounted.".</summary>
    private static VectorOutcome CheckSampleSize(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var size = Suite.GetSampleSize(inputs["risk_limit"]!.GetValue<int>(), ArloVectorChecks.ParseContest(inputs["contest"]!),
            ParsePolling(inputs["bp_stratum"]!), ParseComparison(inputs["cvr_stratum"]!));
        if (v.Node["expected_exception"] is JsonNode exception)
        {
            return exception["args"]![0]!.GetValue<string>() == Suite.RecountNeededMessage && size.RecountNeeded
                ? VectorOutcome.Pass
                : VectorOutcome.Fail($"expected {exception.ToJsonString()}, got {size}");
        }

        var expected = v.Node["expected_output"]!.AsArray();
        return !size.RecountNeeded && size.NonCvr == expected[0]!.GetValue<long>() && size.Cvr == expected[1]!.GetValue<long>()
            ? VectorOutcome.Pass
            : VectorOutcome.Fail($"expected (non_cvr, cvr) = {expected.ToJsonString()}, got {size}");
    }

    /// <summary>Every pair's counts, in Arlo's pair order, exactly.</summary>
    private static VectorOutcome CheckMisstatements(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var reported = Entries(inputs["reported_results"]!).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var audited = Entries(inputs["audited_results"]!)
            .Select(kv => new ComparisonBallot(kv.Key, kv.Value!["times_sampled"]!.GetValue<int>(),
                ArloSupersimpleChecks.ParseCvr(reported.GetValueOrDefault(kv.Key)), ArloSupersimpleChecks.ParseCvr(kv.Value["cvr"])))
            .ToList();
        var got = Suite.Misstatements(ArloVectorChecks.ParseContest(inputs["contest"]!), audited);
        var expected = ParseMisstatements(v.Node["expected_output"]!);
        var gotText = string.Join("; ", got.Select(kv => $"{kv.Key}: {kv.Value}"));
        var wantText = string.Join("; ", expected.Select(kv => $"{kv.Key}: {kv.Value}"));
        return gotText == wantText ? VectorOutcome.Pass : VectorOutcome.Fail($"expected {wantText}, got {gotText}");
    }

    // A dict, or a $pairs list when Arlo's keys were not strings (ints here), with keys as their JSON text.
    private static IEnumerable<KeyValuePair<string, JsonNode?>> Entries(JsonNode node) =>
        node is JsonObject o && o["$pairs"] is JsonArray pairs
            ? pairs.Select(p => new KeyValuePair<string, JsonNode?>(
                p![0]!.GetValueKind() == JsonValueKind.String ? p[0]!.GetValue<string>() : p[0]!.ToJsonString(), p[1]))
            : node.AsObject();

    private static SuitePollingStratum ParsePolling(JsonNode node)
    {
        var attrs = node["attrs"]!;
        return new SuitePollingStratum(
            attrs["num_ballots"]!.GetValue<long>(),
            ArloVectorChecks.ParseCounts(attrs["vote_totals"]!),
            [.. attrs["sample"]!.AsObject().Select(round => (IReadOnlyDictionary<string, long>)ArloVectorChecks.ParseCounts(round.Value!))],
            attrs["sample_size"]!.GetValue<long>());
    }

    private static SuiteComparisonStratum ParseComparison(JsonNode node)
    {
        var attrs = node["attrs"]!;
        return new SuiteComparisonStratum(
            attrs["num_ballots"]!.GetValue<long>(),
            ArloVectorChecks.ParseCounts(attrs["vote_totals"]!),
            ParseMisstatements(attrs["misstatements"]!),
            attrs["sample_size"]!.GetValue<long>());
    }

    private static Dictionary<(string Winner, string Loser), SuiteMisstatements> ParseMisstatements(JsonNode node) =>
        node["$pairs"]!.AsArray().ToDictionary(
            p => (p![0]![0]!.GetValue<string>(), p[0]![1]!.GetValue<string>()),
            p => new SuiteMisstatements(p![1]!["o1"]!.GetValue<long>(), p[1]!["o2"]!.GetValue<long>(),
                p[1]!["u1"]!.GetValue<long>(), p[1]!["u2"]!.GetValue<long>()));

}
