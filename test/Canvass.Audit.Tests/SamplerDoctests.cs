using System.Text.Json;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>The consistent_sampler doctest values recorded in arlo_vectors.json.</summary>
internal static class SamplerDoctests
{
    public static VectorOutcome Check(string function, JsonNode node)
    {
        var inputs = node["inputs"]!;
        var expected = node["expected_output"]!;
        string Text(string name) => inputs[name]!.GetValueKind() == JsonValueKind.String
            ? inputs[name]!.GetValue<string>()
            : inputs[name]!.ToJsonString(); // Python str() of an int seed
        static VectorOutcome Same(string want, string got) =>
            want == got ? VectorOutcome.Pass : VectorOutcome.Fail($"expected {want}, got {got}");
        static VectorOutcome SameTickets(JsonNode want, IEnumerable<SamplerTicket<string>> got)
        {
            var g = got.Select(t => new JsonArray(t.TicketNumber, t.Id, t.Generation)).ToList();
            var w = want.AsArray();
            return w.Count == g.Count && w.Zip(g).All(p => JsonNode.DeepEquals(p.First, p.Second))
                ? VectorOutcome.Pass
                : VectorOutcome.Fail($"expected {w.ToJsonString()}, got {new JsonArray([.. g]).ToJsonString()}");
        }

        SamplerTicket<string> Ticket() => new(Text("ticket_number"), Text("id"), inputs["generation"]!.GetValue<int>());
        List<string> Ids() => [.. inputs["ids"]!.AsArray().Select(x => x!.GetValue<string>())];

        return function switch
        {
            "trim" => Same(expected.GetValue<string>(), ConsistentSampler.Trim(Text("x"), inputs["mantissa_display_length"]!.GetValue<int>())),
            "sha256_hex" => Same(expected.GetValue<string>(), ConsistentSampler.Sha256Hex(Text("hash_input"))),
            "sha256_uniform" => Same(expected.GetValue<string>(), ConsistentSampler.Sha256Uniform(Text("hash_input"))),
            "first_fraction" => Same(expected.GetValue<string>(), ConsistentSampler.FirstFraction(Text("id"), Text("seed"))),
            "next_fraction" => Same(expected.GetValue<string>(), ConsistentSampler.NextFraction(Text("x"))),
            "next_ticket" or "next_ticket via draw_with_replacement" =>
                SameTickets(new JsonArray(expected["ticket_number"]!.DeepClone(), expected["id"]!.DeepClone(), expected["generation"]!.DeepClone()) is var w
                    ? new JsonArray(w) : null!, [ConsistentSampler.NextTicket(Ticket())]),
            "make_ticket_heap (smallest 3 of 4)" =>
                SameTickets(expected, ConsistentSampler.Tickets(Ids(), x => x, Text("seed"), withReplacement: false).Take(inputs["max_tickets"]!.GetValue<int>())),
            "sampler(output='id')" => CheckIds(expected, ConsistentSampler.Sample(Ids(), x => x, Text("seed"), inputs["take"]!.GetValue<int>(),
                withReplacement: inputs["with_replacement"]!.GetValue<bool>())),
            "sampler(output='tuple', digits=9, without replacement)" =>
                SameTickets(expected, ConsistentSampler.Sample(Ids(), x => x, Text("seed"), int.MaxValue, withReplacement: false, digits: 9)),
            _ => VectorOutcome.Fail("consistent_sampler function not recognised: " + function),
        };
    }

    private static VectorOutcome CheckIds(JsonNode expected, IReadOnlyList<SamplerTicket<string>> got)
    {
        var want = expected.AsArray().Select(x => x!.GetValue<string>()).ToList();
        var ids = got.Select(t => t.Id).ToList();
        return want.SequenceEqual(ids, StringComparer.Ordinal)
            ? VectorOutcome.Pass
            : VectorOutcome.Fail($"expected {string.Join(",", want)}, got {string.Join(",", ids)}");
    }
}
