using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's MACRO batch comparison (macro.py).</summary>
internal static class ArloMacroChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        new("macro.py:get_sample_sizes", CheckSampleSize),
        new("macro.py:compute_risk", CheckRisk),
        new("macro.py:compute_max_error", CheckMaxError),
        new("macro.py:compute_U", CheckU),
        new("snapshot:test_macro.py", CheckSnapshot),
    ];

    /// <summary>The contest with its batch-only settings (pendingBallots, isSubjectToRunoff).</summary>
    private static Macro.Model ParseContest(JsonNode node)
    {
        var info = node["$contest"]!["info"]!;
        return Macro.Model.Of(new BatchComparisonContest(
            ArloVectorChecks.ParseContest(node),
            info["pendingBallots"]?.GetValue<long>() ?? 0,
            info["isSubjectToRunoff"]?.GetValue<bool>() ?? false));
    }

    private static PyDecimal Number(JsonNode node) => PyDecimal.FromDouble(node.GetValue<double>());

    /// <summary>One batch's tally for the contest (null when the batch lacks it); non-numeric keys are skipped.</summary>
    private static Macro.Tally? ParseTally(JsonNode? batch, string contestName) =>
        batch?[contestName] is JsonObject c
            ? new Macro.Tally(
                c.Where(kv => kv.Key != "ballots").ToDictionary(kv => kv.Key, kv => Number(kv.Value!), StringComparer.Ordinal),
                c["ballots"] is { } b ? Number(b) : PyDecimal.Zero)
            : null;

    private static List<KeyValuePair<string, Macro.Tally?>> ParseReported(JsonNode node, string contestName) =>
        [.. ArloVectors.Resolve(node)!.AsObject().Select(kv => new KeyValuePair<string, Macro.Tally?>(kv.Key, ParseTally(kv.Value, contestName)))];

    private static Dictionary<string, IReadOnlyDictionary<string, PyDecimal>?> ParseAudited(JsonNode node, string contestName) =>
        ArloVectors.Resolve(node)!.AsObject().ToDictionary(kv => kv.Key, kv => ParseTally(kv.Value, contestName)?.Votes, StringComparer.Ordinal);

    private static Dictionary<string, string> ParseTickets(JsonNode node) =>
        ArloVectors.Resolve(node)!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal);

    private static List<IReadOnlySet<string>> ParseCombined(JsonNode? node) =>
        [.. (node?.AsArray() ?? []).Select(s => (IReadOnlySet<string>)s!["$set"]!.AsArray().Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal))];

    private static string Name(JsonNode inputs) => inputs["contest"]!["$contest"]!["name"]!.GetValue<string>();

    /// <summary>The batches reported, audited and drawn so far (<paramref name="ticketsKey"/>: where the draws are).</summary>
    private static Macro.Sample ParseSample(JsonNode inputs, string ticketsKey)
    {
        var name = Name(inputs);
        return new Macro.Sample(ParseReported(inputs["reported_results"]!, name), ParseAudited(inputs["sample_results"]!, name),
            ParseTickets(inputs[ticketsKey]!), ParseCombined(inputs["combined_batches"]));
    }

    private static ComparisonRisk Risk(JsonNode inputs) =>
        Macro.ComputeRisk(inputs["risk_limit"]!.GetValue<int>(), ParseContest(inputs["contest"]!), ParseSample(inputs, "sample_ticket_numbers"));

    private static PyDecimal U(JsonNode inputs) =>
        Macro.U(ParseContest(inputs["contest"]!), ParseReported(inputs["reported_results"]!, Name(inputs)));

    private static VectorOutcome CheckSampleSize(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        long Size() => Macro.GetSampleSize(inputs["risk_limit"]!.GetValue<int>(), ParseContest(inputs["contest"]!), ParseSample(inputs, "ticket_numbers"));
        VectorOutcome Compare(long got)
        {
            var want = v.Node["expected_output"]!.GetValue<long>();
            return got == want ? VectorOutcome.Pass : VectorOutcome.Fail($"expected {want}, got {got}");
        }

        return ArloVectorChecks.ExpectOutcome(v, Size, Compare);
    }

    private static VectorOutcome CheckRisk(ArloVector v)
    {
        var risk = Risk(v.Node["inputs"]!);
        var expected = v.Node["expected_output"]!.AsArray();
        // Arlo's test_compute_risk compares within 1e-4 and the other tests exactly; the recorded values are Arlo's
        // own outputs and we reproduce every one to the last bit, so the check is exact throughout.
        return ArloSupersimpleChecks.CompareRisk(expected[0]!.GetValue<double>(), expected[1]!.GetValue<bool>(), risk);
    }

    private static VectorOutcome CompareDecimal(JsonNode expected, PyDecimal got)
    {
        var want = PyDecimal.Parse(expected["$decimal"]!.GetValue<string>());
        return want == got ? VectorOutcome.Pass : VectorOutcome.Fail($"expected {want}, got {got}");
    }

    private static VectorOutcome CheckMaxError(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ParseContest(inputs["contest"]!);
        var got = Macro.MaxError(contest, ParseTally(inputs["batch_results"], Name(inputs)), inputs["unauditable_ballots"]!.GetValue<long>());
        // Arlo's test compares within 0.001 of rounded values; the recorded output is the exact Decimal, matched exactly.
        return CompareDecimal(v.Node["expected_output"]!, got);
    }

    private static VectorOutcome CheckU(ArloVector v) => CompareDecimal(v.Node["expected_output"]!, U(v.Node["inputs"]!));

    /// <summary>test_macro.py's snapshots are values its test computed from inputs that were also recorded as vectors;
    /// each is recomputed here from those inputs.</summary>
    private static VectorOutcome CheckSnapshot(ArloVector v)
    {
        var asserted = v.Node["asserted_value"]!;
        JsonNode Inputs(string id) => ArloVectors.Get("vectors/" + id).Node["inputs"]!;
        switch (v.Node["snapshot"]!.GetValue<string>())
        {
            case "test_pending_ballots 1":
                return CompareDecimal(asserted, U(Inputs("arlo-0145")));
            case "test_pending_ballots 2":
                return ArloSupersimpleChecks.CompareRisk(asserted.GetValue<double>(), null, Risk(Inputs("arlo-0148")));
            case "test_pending_ballots 3":
                return ArloSupersimpleChecks.CompareRisk(asserted.GetValue<double>(), null, Risk(Inputs("arlo-0149")));
            case "test_unauditable_ballots 1":
                var withUnauditable = CompareDecimal(asserted["U"]!, U(Inputs("arlo-0152")));
                return withUnauditable.Status != VectorStatus.Passed
                    ? withUnauditable
                    : CompareDecimal(asserted["U_without_unauditable_ballots"]!, U(Inputs("arlo-0151")));
            case "test_unauditable_ballots 2":
                var withP = ArloSupersimpleChecks.CompareRisk(asserted["computed_p"]!.GetValue<double>(), null, Risk(Inputs("arlo-0153")));
                return withP.Status != VectorStatus.Passed
                    ? withP
                    : ArloSupersimpleChecks.CompareRisk(asserted["computed_p_without_unauditable_ballots"]!.GetValue<double>(), null, Risk(Inputs("arlo-0154")));
            default:
                return VectorOutcome.Fail("snapshot not recognised: " + v.Node["snapshot"]);
        }
    }
}
