using System.Globalization;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's MINERVA (minerva.py and the MINERVA branch of ballot_polling.py). Upstream asserts sample sizes
/// exactly and risks with pytest.approx (relative 1e-6).
/// We hold risks to 1e-12 relative: our binomial masses differ from SciPy's in the last bits only (the largest gap
/// seen is 6e-14), so anything looser would hide a real change.</summary>
internal static class ArloMinervaChecks
{
    private const double RiskTolerance = 1e-12;

    public static IEnumerable<ArloCheck> All =>
    [
        new("ballot_polling.py:compute_risk[MINERVA]", v => CheckComputeRisk(v, withNotFound: true)),
        new("minerva.py:get_sample_size", CheckSampleSize),
        new("minerva.py:compute_risk", v => CheckComputeRisk(v, withNotFound: false)),
        new("minerva.py:collect_risks", CheckCollectRisks),
    ];

    private static VectorOutcome CheckSampleSize(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var roundSizes = inputs["sample_results"] is JsonObject ? RoundSizes(inputs["round_sizes"]).Select(r => r.Size).ToList() : [];
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
        return ArloPollingChecks.Expect(v, () => Minerva.CollectRisk(inputs["alpha"]!.GetValue<double>(), contest, zipped), RiskTolerance);
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

        // Arlo zips the round sizes (sorted by round number) with the sample's rounds in order.
        var zipped = RoundSizes(inputs["round_sizes"]).Select(r => r.Size).Zip(results.Values, (s, r) => (s, r)).ToList();
        var risk = Minerva.ComputeRisk(inputs["risk_limit"]!.GetValue<int>(), contest, zipped);
        return ArloPollingChecks.CompareRisk(v.Node["expected_output"]!.AsArray(), risk, RiskTolerance);
    }

    internal static List<(long Number, string Id, long Size)> RoundSizes(JsonNode? node) =>
        node?["$pairs"]?.AsArray()
            .Select(p => (p![0]!.GetValue<long>(), p[1]!["round_id"]!.GetValue<string>(), p[1]!["round_size"]!.GetValue<long>()))
            .OrderBy(r => r.Item1).ToList() ?? [];
}

/// <summary>Helpers shared by the ballot-polling families.</summary>
internal static class ArloPollingChecks
{
    public static IReadOnlyDictionary<string, long> NotFound(JsonNode inputs) =>
        inputs["samples_not_found"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<long>(), StringComparer.Ordinal)
        ?? new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>A recorded single risk value (as a ("winner", "loser") pair) or a recorded exception.</summary>
    public static VectorOutcome Expect(ArloVector v, Func<double> compute, double tolerance)
    {
        if (v.Node["expected_exception"] is { } exception)
        {
            var message = exception["args"]![0]!.GetValue<string>();
            try
            {
                var got = compute();
                return VectorOutcome.Fail(string.Create(CultureInfo.InvariantCulture, $"expected {message}, got {got:R}"));
            }
            catch (InvalidOperationException e)
            {
                return e.Message == message ? VectorOutcome.Pass : VectorOutcome.Fail($"expected '{message}', got '{e.Message}'");
            }
        }

        var want = v.Node["expected_output"]!["$pairs"]![0]![1]!.GetValue<double>();
        return Close(want, compute(), tolerance);
    }

    public static VectorOutcome CompareRisk(JsonArray expected, PollingRisk risk, double tolerance)
    {
        var want = expected[0]!["$pairs"]![0]![1]!.GetValue<double>();
        var outcome = Close(want, risk.Risk, tolerance);
        if (outcome.Status != VectorStatus.Passed)
        {
            return outcome;
        }

        var finished = expected[1]!.GetValue<bool>();
        return risk.Finished == finished ? VectorOutcome.Pass : VectorOutcome.Fail($"finished: expected {finished}, got {risk.Finished}");
    }

    /// <summary>pytest.approx(want, rel=tolerance).</summary>
    public static VectorOutcome Close(double want, double got, double tolerance) =>
        want.Equals(got) || Math.Abs(got - want) <= tolerance * Math.Abs(want)
            ? VectorOutcome.Pass
            : VectorOutcome.Fail(string.Create(CultureInfo.InvariantCulture, $"risk: expected {want:R}, got {got:R}"));

    /// <summary>Options asserted as a whole dict, exactly: same keys, types, sizes and probabilities.</summary>
    public static VectorOutcome CompareOptions(JsonObject expected, IReadOnlyList<PollingSampleSizeOption> options)
    {
        var problems = new List<string>();
        var got = options.ToDictionary(o => o.Key, StringComparer.Ordinal);
        if (!expected.Select(kv => kv.Key).SequenceEqual(options.Select(o => o.Key), StringComparer.Ordinal))
        {
            problems.Add($"options: expected [{string.Join(", ", expected.Select(kv => kv.Key))}], got [{string.Join(", ", options.Select(o => o.Key))}]");
        }

        foreach (var (key, value) in expected)
        {
            if (!got.TryGetValue(key, out var option))
            {
                continue;
            }

            var type = value!["type"]?.GetValue<string>();
            var size = value["size"]!.GetValue<long>();
            var prob = value["prob"]?.GetValue<double>();
            if (type != option.Type || size != option.Size || !Nullable.Equals(prob, option.Probability))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{key}: expected ({type}, {size}, {prob:R}), got ({option.Type}, {option.Size}, {option.Probability:R})"));
            }
        }

        return problems.Count == 0 ? VectorOutcome.Pass : VectorOutcome.Fail(string.Join("; ", problems));
    }
}
