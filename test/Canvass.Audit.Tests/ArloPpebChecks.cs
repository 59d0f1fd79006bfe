using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's PPEB batch sampler (sampler.py:draw_ppeb_sample).</summary>
internal static class ArloPpebChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        new("sampler.py:draw_ppeb_sample", CheckDrawPpebSample),
    ];

    /// <summary>Upstream compares the whole sample with a snapshot, so every draw (ticket label and batch) must match exactly.</summary>
    private static VectorOutcome CheckDrawPpebSample(ArloVector v) =>
        CheckDraws(v.Node["inputs"]!, v.Node["expected_output"]!.AsArray(), previous: null);

    /// <summary>
    /// test_sampler.py's batch (PPEB) snapshots, redrawn from the inputs recorded with the calls that produced them:
    /// test_draw_macro_sample → arlo-0217; test_draw_more_macro_sample → arlo-0218, then the same call with its five
    /// batches as previously sampled; test_draw_macro_full_hand_tally 1–3 → arlo-0220–0222, and 4 repeats 3's call
    /// (the recorder dropped it as an exact duplicate of arlo-0222); test_draw_macro_multiple_contests → arlo-0224.
    /// </summary>
    public static VectorOutcome CheckSnapshot(ArloVector v)
    {
        var name = v.Node["snapshot"]!.GetValue<string>();
        var expected = v.Node["asserted_value"]!.AsArray();
        (string Vector, bool ContinueFromFirst)? source = name switch
        {
            "test_draw_macro_sample 1" => ("arlo-0217", false),
            "test_draw_more_macro_sample 1" => ("arlo-0218", false),
            "test_draw_more_macro_sample 2" => ("arlo-0218", true),
            "test_draw_macro_full_hand_tally 1" => ("arlo-0220", false),
            "test_draw_macro_full_hand_tally 2" => ("arlo-0221", false),
            "test_draw_macro_full_hand_tally 3" => ("arlo-0222", false),
            "test_draw_macro_full_hand_tally 4" => ("arlo-0222", false),
            "test_draw_macro_multiple_contests 1" => ("arlo-0224", false),
            _ => null,
        };
        if (source is not { } s)
        {
            return VectorOutcome.Fail("snapshot not recognised: " + name);
        }

        var vector = ArloVectors.Get("vectors/" + s.Vector).Node;
        List<(string, string)>? previous = s.ContinueFromFirst
            ? [.. vector["expected_output"]!.AsArray().Select(d => ParseKey(d![1]))]
            : null;
        return CheckDraws(vector["inputs"]!, expected, previous);
    }

    private static VectorOutcome CheckDraws(JsonNode inputs, JsonArray expected, List<(string Jurisdiction, string Batch)>? previous)
    {
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var batchResults = ParseBatchResults(inputs["batch_results"]!, contest.Name);
        previous ??= [.. inputs["previously_sampled_batch_keys"]!.AsArray().Select(ParseKey)];
        var sample = ArloPpeb.DrawSample(inputs["seed"]!.GetValue<string>(), new BatchComparisonContest(contest), inputs["sample_size"]!.GetValue<int>(),
            previous, batchResults);
        if (expected.Count != sample.Count)
        {
            return VectorOutcome.Fail($"expected {expected.Count} draws, got {sample.Count}");
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var ticket = expected[i]![0]!.GetValue<string>();
            var key = ParseKey(expected[i]![1]);
            if (ticket != sample[i].TicketNumber || key != sample[i].Batch)
            {
                return VectorOutcome.Fail($"draw {i}: expected {expected[i]!.ToJsonString()}, got [{sample[i].TicketNumber}, {sample[i].Batch}]");
            }
        }

        return VectorOutcome.Pass;
    }

    private static (string Jurisdiction, string Batch) ParseKey(JsonNode? node) =>
        (node![0]!.GetValue<string>(), node[1]!.GetValue<string>());

    // batch key → contest → choice (and "ballots") → count, reduced to the targeted contest's tally.
    private static List<KeyValuePair<(string Jurisdiction, string Batch), BatchTally?>> ParseBatchResults(JsonNode node, string contestName) =>
        [.. node["$pairs"]!.AsArray().Select(p => new KeyValuePair<(string, string), BatchTally?>(
            ParseKey(p![0]),
            p[1]![contestName] is JsonObject tally
                ? new BatchTally(
                    tally.Where(kv => kv.Key != "ballots").ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<long>(), StringComparer.Ordinal),
                    tally["ballots"]!.GetValue<long>())
                : null))];
}
