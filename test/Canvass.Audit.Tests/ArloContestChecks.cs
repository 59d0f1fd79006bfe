using System.Globalization;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>Arlo's contest margins (sampler_contest.py).</summary>
internal static class ArloContestChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        new("sampler_contest.py:Contest.__init__", CheckContest),
    ];

    /// <summary>
    /// Upstream asserts the margins to 5 decimals; the vector also records what Arlo computed, and we match that
    /// exactly (a stricter check): winners and losers in order, every p_w/s_w/swl/p_l/s_l, and the diluted margin.
    /// </summary>
    private static VectorOutcome CheckContest(ArloVector v)
    {
        var inputs = v.Node["inputs"]!;
        var contest = ArloVectorChecks.ParseContest(new JsonObject { ["$contest"] = inputs.DeepClone() });
        var expected = v.Node["expected_output"]!;
        var problems = new List<string>();

        CompareOrdered("winners", expected["winners"]!.AsObject(), contest.Winners, problems);
        CompareOrdered("losers", expected["losers"]!.AsObject(), contest.Losers, problems);

        var margins = expected["computed_margins"]!;
        var winners = margins["winners"]!.AsObject();
        if (winners.Count != contest.Margins.Winners.Count)
        {
            problems.Add($"margins.winners: expected {winners.Count}, got {contest.Margins.Winners.Count}");
        }

        foreach (var (name, row) in winners)
        {
            if (!contest.Margins.Winners.TryGetValue(name, out var got))
            {
                problems.Add($"margins.winners: missing {name}");
                continue;
            }

            Compare($"{name}.p_w", row!["p_w"]!, got.PW, problems);
            Compare($"{name}.s_w", row["s_w"]!, got.SW, problems);
            var swl = row["swl"]!.AsObject();
            if (swl.Count != got.Swl.Count)
            {
                problems.Add($"{name}.swl: expected {swl.Count} losers, got {got.Swl.Count}");
            }

            foreach (var (loser, value) in swl)
            {
                Compare($"{name}.swl[{loser}]", value!, got.Swl.GetValueOrDefault(loser, double.NaN), problems);
            }
        }

        var losers = margins["losers"]!.AsObject();
        if (losers.Count != contest.Margins.Losers.Count)
        {
            problems.Add($"margins.losers: expected {losers.Count}, got {contest.Margins.Losers.Count}");
        }

        foreach (var (name, row) in losers)
        {
            if (!contest.Margins.Losers.TryGetValue(name, out var got))
            {
                problems.Add($"margins.losers: missing {name}");
                continue;
            }

            Compare($"{name}.p_l", row!["p_l"]!, got.PL, problems);
            Compare($"{name}.s_l", row["s_l"]!, got.SL, problems);
        }

        // diluted_margin is asserted exactly upstream.
        Compare("diluted_margin (asserted)", expected["asserted_diluted_margin"]!, contest.DilutedMargin, problems);
        Compare("diluted_margin (computed)", expected["computed_diluted_margin"]!, contest.DilutedMargin, problems);
        return problems.Count == 0 ? VectorOutcome.Pass : VectorOutcome.Fail(string.Join("; ", problems));
    }

    private static void CompareOrdered(string what, JsonObject expected, IReadOnlyList<KeyValuePair<string, long>> got, List<string> problems)
    {
        var want = expected.Select(kv => $"{kv.Key}={kv.Value!.GetValue<long>()}");
        var have = got.Select(kv => $"{kv.Key}={kv.Value}");
        if (!want.SequenceEqual(have, StringComparer.Ordinal))
        {
            problems.Add($"{what}: expected [{string.Join(", ", want)}], got [{string.Join(", ", have)}]");
        }
    }

    private static void Compare(string what, JsonNode expected, double got, List<string> problems)
    {
        var want = expected.GetValue<double>();
        if (!want.Equals(got))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: expected {want:R}, got {got:R}"));
        }
    }
}
