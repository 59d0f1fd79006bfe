using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's PROVIDENCE (providence.py and the PROVIDENCE branch of ballot_polling.py). Upstream asserts sample
/// sizes exactly and risks with pytest.approx (relative 1e-6); see <see cref="ArloPollingChecks.RiskTolerance"/> for ours.</summary>
internal static class ArloProvidenceChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        .. ArloPollingChecks.ComputeRiskChecks("PROVIDENCE", "providence.py", ComputeRisk),
        new("providence.py:get_sample_size", CheckSampleSize),
    ];

    private static VectorOutcome CheckSampleSize(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        // Arlo replays the rounds only when there are round sizes and sample results.
        var rounds = inputs["sample_results"] is JsonObject { Count: > 0 } ? Rounds(inputs, ArloVectorChecks.ParseRounds(inputs["sample_results"])) : [];
        var options = Providence.SampleSizeOptions(inputs["risk_limit"]!.GetValue<int>(), contest, rounds);
        return ArloPollingChecks.CompareOptions(v.Node["expected_output"]!.AsObject(), options);
    }

    private static PollingRisk ComputeRisk(
        int riskLimit, ArloContest contest, JsonNode inputs, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> results) =>
        Providence.ComputeRisk(riskLimit, contest, Rounds(inputs, results));

    /// <summary>Arlo walks the round sizes in round order and looks each round's votes up by its round id.</summary>
    private static List<(long, IReadOnlyDictionary<string, long>)> Rounds(JsonNode inputs, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> results) =>
        [.. ArloPollingChecks.RoundSizes(inputs["round_sizes"]).Select(r => (r.Size, results[r.Id]))];
}
