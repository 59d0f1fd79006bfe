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
        CompareRows("winners", margins["winners"]!.AsObject(), contest.Margins.Winners, problems, (name, row, got) =>
        {
            Compare($"{name}.p_w", row["p_w"]!, got.PW, problems);
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
        });
        CompareRows("losers", margins["losers"]!.AsObject(), contest.Margins.Losers, problems, (name, row, got) =>
        {
            Compare($"{name}.p_l", row["p_l"]!, got.PL, problems);
            Compare($"{name}.s_l", row["s_l"]!, got.SL, problems);
        });

        // diluted_margin is asserted exactly upstream.
        Compare("diluted_margin (asserted)", expected["asserted_diluted_margin"]!, contest.DilutedMargin, problems);
        Compare("diluted_margin (computed)", expected["computed_diluted_margin"]!, contest.DilutedMargin, problems);
        return VectorOutcome.FromProblems(problems);
    }

    /// <summary>One side of the margins table: the same number of rows, each expected row present and compared.</summary>
    private static void CompareRows<T>(
        string side, JsonObject expected, IReadOnlyDictionary<string, T> got, List<string> problems, Action<string, JsonNode, T> compareRow)
    {
        if (expected.Count != got.Count)
        {
            problems.Add($"margins.{side}: expected {expected.Count}, got {got.Count}");
        }

        foreach (var (name, row) in expected)
        {
            if (got.TryGetValue(name, out var value))
            {
                compareRow(name, row!, value);
            }
            else
            {
                problems.Add($"margins.{side}: missing {name}");
            }
        }
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
