using System.Globalization;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's BRAVO (bravo.py) and the BRAVO branch of ballot_polling.py.</summary>
internal static class ArloBravoChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        new("bravo.py:compute_risk", v => CheckBravoRisk(v, withNotFound: false)),
        new("ballot_polling.py:compute_risk[BRAVO]", v => CheckBravoRisk(v, withNotFound: true)),
        ArloCheck.Pending("bravo.py:get_sample_size", "BRAVO sample sizes: not implemented yet (needs Φ⁻¹ and binom.ppf)"),
        ArloCheck.Pending("bravo.py:get_expected_sample_size", "BRAVO ASN: not implemented yet"),
        ArloCheck.Pending("bravo.py:bravo_sample_sizes", "BRAVO quantile sizes: not implemented yet (needs Φ⁻¹ and binom.ppf)"),
        ArloCheck.Pending("bravo.py:expected_prob", "BRAVO expected_prob: not implemented yet (needs Φ)"),
        ArloCheck.Pending("snapshot:test_bravo.py", "snapshot of arlo-0070, which is checked exactly as a vector"),
    ];

    private static VectorOutcome CheckBravoRisk(ArloVector v, bool withNotFound)
    {
        var inputs = v.Node["inputs"]!;
        var riskLimit = inputs["risk_limit"]!.GetValue<int>();
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var rounds = ArloVectorChecks.ParseRounds(inputs["sample_results"]);
        var risk = withNotFound
            ? Bravo.ComputeRiskWithNotFound(riskLimit, contest, rounds,
                inputs["samples_not_found"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<long>(), StringComparer.Ordinal))
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

        return problems.Count == 0 ? VectorOutcome.Pass : VectorOutcome.Fail(string.Join("; ", problems));
    }

}
