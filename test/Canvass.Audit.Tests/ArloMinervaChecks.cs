using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's MINERVA (minerva.py and the MINERVA branch of ballot_polling.py). Upstream asserts sample sizes
/// exactly and risks with pytest.approx (relative 1e-6); see <see cref="ArloPollingChecks.RiskTolerance"/> for ours.</summary>
internal static class ArloMinervaChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        .. ArloPollingChecks.ComputeRiskChecks("MINERVA", "minerva.py", ComputeRisk),
        new("minerva.py:get_sample_size", CheckSampleSize),
        new("minerva.py:collect_risks", CheckCollectRisks),
    ];

    private static VectorOutcome CheckSampleSize(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var roundSizes = inputs["sample_results"] is JsonObject ? ArloPollingChecks.RoundSizes(inputs["round_sizes"]).Select(r => r.Size).ToList() : [];
        var options = Minerva.SampleSizeOptions(inputs["risk_limit"]!.GetValue<int>(), contest, roundSizes);
        return ArloPollingChecks.CompareOptions(v.Node["expected_output"]!.AsObject(), options);
    }

    private static VectorOutcome CheckCollectRisks(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["arlo_contest"]!);
        var schedule = inputs["round_schedule"]!.AsArray().Select(x => x!.GetValue<long>()).ToList();
        var rounds = ArloVectorChecks.ParseRounds(inputs["sample_results"]).Values.ToList();
        var zipped = schedule.Zip(rounds, (s, r) => (s, r)).ToList();
        return ArloPollingChecks.Expect(v, () => Minerva.CollectRisk(inputs["alpha"]!.GetValue<double>(), contest, zipped));
    }

    /// <summary>Arlo zips the round sizes (sorted by round number) with the sample's rounds in order.</summary>
    private static PollingRisk ComputeRisk(
        int riskLimit, ArloContest contest, JsonNode inputs, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> results) =>
        Minerva.ComputeRisk(riskLimit, contest,
            [.. ArloPollingChecks.RoundSizes(inputs["round_sizes"]).Select(r => r.Size).Zip(results.Values, (s, r) => (s, r))]);
}
