using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's PROVIDENCE (providence.py and the PROVIDENCE branch of ballot_polling.py). Upstream asserts sample
/// sizes exactly and risks with pytest.approx (relative 1e-6).
/// We hold risks to 1e-12 relative: our binomial masses differ from SciPy's in the last bits only (the largest gap
/// seen is 6e-14), so anything looser would hide a real change.</summary>
internal static class ArloProvidenceChecks
{
    private const double RiskTolerance = 1e-12;

    public static IEnumerable<ArloCheck> All =>
    [
        new("ballot_polling.py:compute_risk[PROVIDENCE]", v => CheckComputeRisk(v, withNotFound: true)),
        new("providence.py:get_sample_size", CheckSampleSize),
        new("providence.py:compute_risk", v => CheckComputeRisk(v, withNotFound: false)),
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

    private static VectorOutcome CheckComputeRisk(ArloVector v, bool withNotFound)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> results = ArloVectorChecks.ParseRounds(inputs["sample_results"]);
        if (withNotFound)
        {
            results = Bravo.CountNotFoundAsLoserVotes(contest, results, ArloPollingChecks.NotFound(inputs));
        }

        var risk = Providence.ComputeRisk(inputs["risk_limit"]!.GetValue<int>(), contest, Rounds(inputs, results));
        return ArloPollingChecks.CompareRisk(v.Node["expected_output"]!.AsArray(), risk, RiskTolerance);
    }

    /// <summary>Arlo walks the round sizes in round order and looks each round's votes up by its round id.</summary>
    private static List<(long, IReadOnlyDictionary<string, long>)> Rounds(JsonNode inputs, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> results) =>
        [.. ArloMinervaChecks.RoundSizes(inputs["round_sizes"]).Select(r => (r.Size, results[r.Id]))];
}
