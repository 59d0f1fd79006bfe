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
    private static VectorOutcome CheckDrawPpebSample(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(inputs["contest"]!);
        var batchResults = ParseBatchResults(inputs["batch_results"]!, contest.Name);
        var previous = inputs["previously_sampled_batch_keys"]!.AsArray().Select(ParseKey).ToList();
        var sample = ArloPpeb.DrawSample(inputs["seed"]!.GetValue<string>(), new BatchComparisonContest(contest), inputs["sample_size"]!.GetValue<int>(),
            previous, batchResults);
        var expected = v.Node["expected_output"]!.AsArray();
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
