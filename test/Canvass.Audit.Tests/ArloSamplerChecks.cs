using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's consistent sampler (sampler.py:draw_sample and the consistent_sampler doctests).</summary>
internal static class ArloSamplerChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        new("sampler.py:draw_sample", CheckDrawSample),
        new("consistent_sampler", v => SamplerDoctests.Check(v.Group["consistent_sampler:".Length..], v.Node)),
        new("snapshot:test_sampler.py", CheckSnapshot),
    ];

    private static VectorOutcome CheckDrawSample(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var manifest = ParseManifest(inputs);
        var sample = ConsistentSampler.DrawSample(inputs["seed"]!.GetValue<string>(), manifest, PythonRepr.String,
            inputs["sample_size"]!.GetValue<int>(), inputs["num_sampled"]?.GetValue<int>() ?? 0);
        // The constant-memory sampler must draw the same (manifest positions here are 1..n).
        var fast = ManifestSampler.Draw(inputs["seed"]!.GetValue<string>(),
            [.. manifest.Select(b => new SamplerBatch<string>(b.Key, PythonRepr.String(b.Key), b.Value.Count))],
            inputs["sample_size"]!.GetValue<int>(), inputs["num_sampled"]?.GetValue<int>() ?? 0);
        if (!fast.SequenceEqual(sample))
        {
            return VectorOutcome.Fail("ManifestSampler.Draw differs from the reference sampler");
        }

        return CompareDraws(ArloVectors.Resolve(v.Node["expected_output"])!.AsArray(), sample);
    }

    /// <summary>test_sampler.py's ballot snapshots are draws from the manifest and seed recorded with arlo-0216
    /// (test_draw_more_samples): 20 at once, then 10 and 10 more; each is redrawn here. Its batch (PPEB) snapshots are
    /// checked by <see cref="ArloPpebChecks.CheckSnapshot"/>.</summary>
    private static VectorOutcome CheckSnapshot(ArloVector v)
    {
        (int Size, int AlreadySampled)? draw = v.Node["snapshot"]!.GetValue<string>() switch
        {
            "test_draw_sample 1" => (20, 0),
            "test_draw_more_samples 1" => (10, 0),
            "test_draw_more_samples 2" => (10, 10),
            _ => null,
        };
        if (draw is not { } d)
        {
            return ArloPpebChecks.CheckSnapshot(v);
        }

        var inputs = ArloVectors.Get("vectors/arlo-0216").Node["inputs"]!;
        var manifest = ParseManifest(inputs);
        var sample = ConsistentSampler.DrawSample(inputs["seed"]!.GetValue<string>(), manifest, PythonRepr.String, d.Size, d.AlreadySampled);
        return CompareDraws(v.Node["asserted_value"]!.AsArray(), sample);
    }

    /// <summary>The manifest of a draw_sample call: batch name → ballot positions, in manifest order.</summary>
    private static List<KeyValuePair<string, IReadOnlyList<int>>> ParseManifest(JsonNode inputs) =>
        [.. inputs["manifest"]!.AsObject()
            .Select(kv => new KeyValuePair<string, IReadOnlyList<int>>(kv.Key, kv.Value!.AsArray().Select(x => x!.GetValue<int>()).ToList()))];

    /// <summary>Every draw exactly: <c>[ticket_number, [batch, position], generation]</c>, in order.</summary>
    private static VectorOutcome CompareDraws(JsonArray expected, IReadOnlyList<SamplerTicket<(string Batch, int Position)>> sample)
    {
        if (expected.Count != sample.Count)
        {
            return VectorOutcome.Fail($"expected {expected.Count} draws, got {sample.Count}");
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i]!;
            var s = sample[i];
            if (e[0]!.GetValue<string>() != s.TicketNumber || e[1]![0]!.GetValue<string>() != s.Id.Batch
                || e[1]![1]!.GetValue<int>() != s.Id.Position || e[2]!.GetValue<int>() != s.Generation)
            {
                return VectorOutcome.Fail($"draw {i}: expected {e.ToJsonString()}, got [{s.TicketNumber}, [{s.Id.Batch}, {s.Id.Position}], {s.Generation}]");
            }
        }

        return VectorOutcome.Pass;
    }
}
