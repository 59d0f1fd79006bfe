using System.Globalization;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Helpers shared by the ballot-polling families (BRAVO, MINERVA, PROVIDENCE).</summary>
internal static class ArloPollingChecks
{
    /// <summary>
    /// The relative tolerance for MINERVA and PROVIDENCE risks. Upstream uses pytest.approx (relative 1e-6); we hold
    /// risks to 1e-12: our binomial masses differ from SciPy's in the last bits only (the largest gap seen is 6e-14),
    /// so anything looser would hide a real change.
    /// </summary>
    public const double RiskTolerance = 1e-12;

    /// <summary>Round id → ballots not found in that round (empty when the vector records none).</summary>
    public static IReadOnlyDictionary<string, long> NotFound(JsonNode inputs) =>
        inputs["samples_not_found"] is { } node ? ArloVectorChecks.ParseCounts(node) : new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Arlo's <c>round_sizes</c> (round number → round id and size), sorted by round number.</summary>
    public static List<(long Number, string Id, long Size)> RoundSizes(JsonNode? node) =>
        node?["$pairs"]?.AsArray()
            .Select(p => (p![0]!.GetValue<long>(), p[1]!["round_id"]!.GetValue<string>(), p[1]!["round_size"]!.GetValue<long>()))
            .OrderBy(r => r.Item1).ToList() ?? [];

    /// <summary>
    /// The two <c>compute_risk</c> entry points of MINERVA or PROVIDENCE: ballot_polling.py's (keyed by its math type),
    /// which first counts each not-found ballot for every loser, and the module's own. Both must give the recorded risk
    /// and finished flag through <paramref name="compute"/> (risk limit, contest, the vector's inputs, the rounds' votes).
    /// </summary>
    public static IEnumerable<ArloCheck> ComputeRiskChecks(
        string mathType, string module,
        Func<int, ArloContest, JsonNode, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>, PollingRisk> compute) =>
    [
        new($"ballot_polling.py:compute_risk[{mathType}]", v => CheckComputeRisk(v, withNotFound: true, compute)),
        new($"{module}:compute_risk", v => CheckComputeRisk(v, withNotFound: false, compute)),
    ];

    private static VectorOutcome CheckComputeRisk(
        ArloVector v, bool withNotFound,
        Func<int, ArloContest, JsonNode, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>, PollingRisk> compute)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> results = ArloVectorChecks.ParseRounds(inputs["sample_results"]);
        if (withNotFound)
        {
            results = Bravo.CountNotFoundAsLoserVotes(contest, results, NotFound(inputs));
        }

        var risk = compute(inputs["risk_limit"]!.GetValue<int>(), contest, inputs, results);
        return CompareRisk(v.Node["expected_output"]!.AsArray(), risk);
    }

    /// <summary>A recorded single risk value (as a ("winner", "loser") pair) or a recorded exception.</summary>
    public static VectorOutcome Expect(ArloVector v, Func<double> compute) =>
        ArloVectorChecks.ExpectOutcome(v, compute, got => Close(v.Node["expected_output"]!["$pairs"]![0]![1]!.GetValue<double>(), got));

    private static VectorOutcome CompareRisk(JsonArray expected, PollingRisk risk)
    {
        var want = expected[0]!["$pairs"]![0]![1]!.GetValue<double>();
        var outcome = Close(want, risk.Risk);
        if (outcome.Status != VectorStatus.Passed)
        {
            return outcome;
        }

        var finished = expected[1]!.GetValue<bool>();
        return risk.Finished == finished ? VectorOutcome.Pass : VectorOutcome.Fail($"finished: expected {finished}, got {risk.Finished}");
    }

    /// <summary>pytest.approx(want, rel=<see cref="RiskTolerance"/>).</summary>
    private static VectorOutcome Close(double want, double got) =>
        want.Equals(got) || Math.Abs(got - want) <= RiskTolerance * Math.Abs(want)
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

        return VectorOutcome.FromProblems(problems);
    }
}
