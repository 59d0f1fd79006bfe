using System.Globalization;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's BRAVO (bravo.py) and the BRAVO branch of ballot_polling.py.</summary>
internal static class ArloBravoChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        new("bravo.py:compute_risk", v => CheckBravoRisk(v, withNotFound: false)),
        new("ballot_polling.py:compute_risk[BRAVO]", v => CheckBravoRisk(v, withNotFound: true)),
        new("bravo.py:get_sample_size", CheckSampleSize),
        new("bravo.py:get_expected_sample_size", CheckExpectedSampleSize),
        new("bravo.py:bravo_sample_sizes", CheckQuantileSampleSize),
        new("bravo.py:expected_prob", CheckExpectedProbability),
        new("snapshot:test_bravo.py", CheckSnapshot),
    ];

    /// <summary>Options asserted as a whole dict, exactly: same keys, types, sizes and probabilities.</summary>
    private static VectorOutcome CheckSampleSize(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var rounds = inputs["sample_results"] is JsonObject ? ArloVectorChecks.ParseRounds(inputs["sample_results"]) : null;
        var roundSizes = ArloPollingChecks.RoundSizes(inputs["round_sizes"]).Select(r => r.Size).ToList();
        var options = Bravo.SampleSizeOptions(inputs["risk_limit"]!.GetValue<int>(), contest, rounds, roundSizes);
        return ArloPollingChecks.CompareOptions(v.Node["expected_output"]!.AsObject(), options);
    }

    /// <summary>Upstream asserts the size exactly; the recorded type and probability are matched exactly too.</summary>
    private static VectorOutcome CheckExpectedSampleSize(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var sample = ArloVectorChecks.ParseCounts(inputs["cumulative_sample_results"]!);
        var option = Bravo.ExpectedSampleSize(Decimal(inputs["alpha"]!), contest, sample);
        return ArloPollingChecks.CompareOptions(new JsonObject { ["asn"] = v.Node["expected_output"]!.DeepClone() }, [option]);
    }

    private static VectorOutcome CheckQuantileSampleSize(ArloVector v)
    {
        var i = v.Node["inputs"]!;
        var size = Bravo.QuantileSampleSize(Decimal(i["alpha"]!), Decimal(i["p_w"]!), Decimal(i["p_r"]!), i["sample_w"]!.GetValue<long>(),
            i["sample_r"]!.GetValue<long>(), i["p_completion"]!.GetValue<double>(), i["total_ballots"]!.GetValue<long>());
        var want = v.Node["expected_output"]!.GetValue<long>();
        return size == want ? VectorOutcome.Pass : VectorOutcome.Fail($"expected {want}, got {size}");
    }

    private static VectorOutcome CheckExpectedProbability(ArloVector v)
    {
        var i = v.Node["inputs"]!;
        var p = Bravo.ExpectedProbability(Decimal(i["alpha"]!), Decimal(i["p_w"]!), Decimal(i["p_r"]!), i["sample_w"]!.GetValue<long>(),
            i["sample_r"]!.GetValue<long>(), i["asn"]!.GetValue<long>());
        var want = v.Node["expected_output"]!.GetValue<double>();
        return p.Equals(want) ? VectorOutcome.Pass : VectorOutcome.Fail(string.Create(CultureInfo.InvariantCulture, $"expected {want:R}, got {p:R}"));
    }

    /// <summary>
    /// The snapshot records the p-values of one call in the same upstream test; find that call among the vectors (its
    /// recorded output equals the snapshot), recompute it from its inputs and compare with the snapshot exactly.
    /// </summary>
    private static VectorOutcome CheckSnapshot(ArloVector v)
    {
        var test = "::" + v.Node["snapshot"]!.GetValue<string>().Split(' ')[0];
        var asserted = v.Node["asserted_value"]!;
        var sources = ArloVectors.Rows.Where(r => r.Node["test"]?.GetValue<string>().EndsWith(test, StringComparison.Ordinal) == true
            && r.Node["expected_output"] is JsonArray output && JsonNode.DeepEquals(output[0], asserted)).ToList();
        if (sources.Count != 1)
        {
            return VectorOutcome.Fail($"expected exactly one recorded call of {test} with the snapshot's value, found {sources.Count}");
        }

        var snapshotAsVector = sources[0].Node.DeepClone().AsObject();
        snapshotAsVector["expected_output"] = new JsonArray(asserted.DeepClone(), sources[0].Node["expected_output"]![1]!.DeepClone());
        return CheckBravoRisk(sources[0] with { Node = snapshotAsVector }, withNotFound: true);
    }

    private static PyDecimal Decimal(JsonNode node) => PyDecimal.Parse(node["$decimal"]!.GetValue<string>());

    private static VectorOutcome CheckBravoRisk(ArloVector v, bool withNotFound)
    {
        var inputs = v.Node["inputs"]!;
        var riskLimit = inputs["risk_limit"]!.GetValue<int>();
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var rounds = ArloVectorChecks.ParseRounds(inputs["sample_results"]);
        var risk = withNotFound
            ? Bravo.ComputeRiskWithNotFound(riskLimit, contest, rounds, ArloPollingChecks.NotFound(inputs))
            : Bravo.ComputeRisk(riskLimit, contest, rounds.Values);

        var expected = v.Node["expected_output"]!.AsArray();
        var pairs = expected[0]!["$pairs"]!.AsArray();
        var finished = expected[1]!.GetValue<bool>();
        // Where the upstream test uses a tolerance the description says "within"; snapshots and the rest are exact.
        var description = v.Node["description"]!.GetValue<string>();
        var tolerance = description.Contains("within 0.01", StringComparison.Ordinal) ? 0.01 : 0.0;
        var problems = new List<string>();
        if (risk.PValues.Count != pairs.Count)
        {
            problems.Add($"pairs: expected {pairs.Count}, got {risk.PValues.Count}");
        }

        foreach (var p in pairs)
        {
            var pair = (p![0]![0]!.GetValue<string>(), p[0]![1]!.GetValue<string>());
            var want = p[1]!.GetValue<double>();
            if (!risk.PValues.TryGetValue(pair, out var got))
            {
                problems.Add($"missing pair {pair}");
            }
            else if (tolerance == 0 ? !got.Equals(want) : Math.Abs(got - want) > tolerance)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{pair}: expected {want:R}, got {got:R}"));
            }
        }

        if (risk.Finished != finished)
        {
            problems.Add($"finished: expected {finished}, got {risk.Finished}");
        }

        return VectorOutcome.FromProblems(problems);
    }
}
