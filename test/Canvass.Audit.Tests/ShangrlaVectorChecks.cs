using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Canvass.Audit.Shangrla;

namespace Canvass.Audit.Tests;

/// <summary>
/// Checks one SHANGRLA vector against Canvass.Audit.Shangrla. Unknown functions fail; vectors in
/// <see cref="SkipList"/> skip with their reason. Where a vector's inputs are abbreviated ("ones", "mvr blank"), the
/// meaning comes from the upstream test it was recorded from (tests/core/test_NonnegMean.py, test_Assertion.py).
/// </summary>
internal static partial class ShangrlaVectorChecks
{
    /// <summary>The checked-in skip list: vector key → reason. Empty: every vector is checked.</summary>
    public static readonly IReadOnlyDictionary<string, string> SkipList = new Dictionary<string, string>(StringComparer.Ordinal);

    private const string Contest = "AvB";

    private static readonly Dictionary<string, Func<ShangrlaVector, VectorOutcome>> ByFunction = new(StringComparer.Ordinal)
    {
        ["NonnegMean.py:NonnegMean.kaplan_markov"] = KaplanMarkovVector,
        ["NonnegMean.py:NonnegMean.kaplan_wald"] = KaplanWaldVector,
        ["NonnegMean.py:NonnegMean.alpha_mart"] = AlphaMartVector,
        ["NonnegMean.py:NonnegMean.betting_mart"] = BettingMartVector,
        ["NonnegMean.py:NonnegMean.sjm"] = SjmVector,
        ["NonnegMean.py:NonnegMean.sample_size"] = SampleSizeVector,
        ["NonnegMean.py:NonnegMean.lam_to_eta"] = LamToEtaVector,
        ["Audit.py:Assertion.overstatement_assorter_margin"] = OverstatementMarginVector,
        ["Audit.py:Assertion.overstatement_assorter_mean"] = OverstatementMeanVector,
        ["Audit.py:Assertion.margin"] = MarginVector,
        ["Audit.py:Assertion.make_plurality_assertions (assort)"] = PluralityAssortVector,
        ["Audit.py:Assertion.make_supermajority_assertion (assort)"] = SupermajorityAssortVector,
        ["Audit.py:Assorter.overstatement"] = OverstatementVector,
        ["Audit.py:Assertion.overstatement_assorter"] = OverstatementAssorterVector,
        ["Audit.py:Assertion.find_margin_from_tally"] = MarginFromTallyVector,
        ["Audit.py:Assertion.find_sample_size"] = FindSampleSizeVector,
        ["derived"] = ShangrlaDerivedChecks.Check,
    };

    public static VectorOutcome Check(ShangrlaVector v)
    {
        if (SkipList.TryGetValue(v.Key, out var why))
        {
            return VectorOutcome.Skip(why);
        }

        if (!ByFunction.TryGetValue(v.Function, out var check))
        {
            return VectorOutcome.Fail("function not recognised: " + v.Function);
        }

        try
        {
            return check(v);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException or FormatException or NullReferenceException)
        {
            return VectorOutcome.Fail(e.GetType().Name + ": " + e.Message);
        }
    }

    // ---- comparison helpers -------------------------------------------------------------------------------------

    /// <summary>Within the vector's tolerance: "N decimals" is NumPy's assert_almost_equal (|Δ| &lt; 1.5·10⁻ᴺ);
    /// none stated means the test compared with == (exact double equality).</summary>
    internal static VectorOutcome Compare(string what, double actual, double expected, string? tolerance)
    {
        var decimals = tolerance is null ? (int?)null : DecimalsRegex().Match(tolerance) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new FormatException("unknown tolerance: " + tolerance);
        var ok = decimals is null
            ? actual.Equals(expected)
            : Math.Abs(actual - expected) < 1.5 * Math.Pow(10, -decimals.Value);
        return ok ? VectorOutcome.Pass : VectorOutcome.Fail($"{what}: got {R(actual)}, expected {R(expected)} ({tolerance ?? "=="})");
    }

    /// <summary>Also requires the value SHANGRLA computed (<c>computed_here</c>) bit for bit, when the vector records one.</summary>
    internal static VectorOutcome CompareWithComputed(ShangrlaVector v, double actual)
    {
        var outcome = Compare("expected_output", actual, Num(v.Expected), v.Tolerance);
        if (outcome.Status != VectorStatus.Passed)
        {
            return outcome;
        }

        return v.Node["computed_here"] is JsonValue c && c.TryGetValue<double>(out var computed) && !actual.Equals(computed)
            ? VectorOutcome.Fail($"computed_here: got {R(actual)}, SHANGRLA computed {R(computed)}")
            : VectorOutcome.Pass;
    }

    internal static VectorOutcome All(params VectorOutcome[] outcomes) =>
        outcomes.FirstOrDefault(o => o.Status != VectorStatus.Passed) ?? VectorOutcome.Pass;

    internal static string R(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    internal static double Num(JsonNode? node) => node switch
    {
        JsonValue s when s.TryGetValue<string>(out var text) => text == "inf" ? double.PositiveInfinity : double.Parse(text, CultureInfo.InvariantCulture),
        JsonValue b when b.TryGetValue<bool>(out var flag) => flag ? 1 : 0,
        JsonValue n => n.GetValue<double>(),
        _ => throw new FormatException("not a number: " + node?.ToJsonString()),
    };

    private static double[] Nums(JsonNode? node) => [.. node!.AsArray().Select(Num)];

    private static double NumOr(JsonObject o, string key, double fallback) => o[key] is { } n ? Num(n) : fallback;

    [GeneratedRegex(@"(\d+) decimals")]
    private static partial Regex DecimalsRegex();

    [GeneratedRegex(@"^([\d.]+) repeated (\d+) times$")]
    private static partial Regex RepeatedRegex();

    // ---- NonnegMean ----------------------------------------------------------------------------------------------

    private static VectorOutcome KaplanMarkovVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var x = Nums(i["x"]);
        var test = new NonnegMean(new KaplanMarkov(NumOr(i, "g", 0), i["random_order"]?.GetValue<bool>() ?? true), 1, double.PositiveInfinity, NumOr(i, "t", 0.5));
        if (v.Expected is JsonObject e && e["$exception"]?.GetValue<string>() == "ValueError")
        {
            try
            {
                test.Measure(x);
                return VectorOutcome.Fail("expected an exception for a negative datum");
            }
            catch (ArgumentException)
            {
                return VectorOutcome.Pass;
            }
        }

        return CompareWithComputed(v, test.Measure(x).PValue);
    }

    private static VectorOutcome KaplanWaldVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var test = new NonnegMean(new KaplanWald(NumOr(i, "g", 0), i["random_order"]?.GetValue<bool>() ?? true), 1, double.PositiveInfinity, NumOr(i, "t", 0.5));
        return CompareWithComputed(v, test.Measure(Nums(i["x"])).PValue);
    }

    private static VectorOutcome AlphaMartVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var estimator = new FixedAlternativeMean(i["eta"] is { } eta ? Num(eta) : null);
        var test = new NonnegMean(new AlphaMart(estimator), NumOr(i, "u", 1), Num(i["N"]), NumOr(i, "t", 0.5));
        var result = test.Measure(Nums(i["x"]));
        // computed_here was recorded from test_alpha_mart, whose NonnegMean took its default η = t + (u − t)/2 when
        // called, i.e. at t = 3/7 (η = 5/7), not the 0.75 the vector's inputs name: SHANGRLA's history is reproduced
        // bit for bit with that η and with no other. The asserted properties (expected_output) hold for both.
        var computedHistory = v.Node["computed_here"] is JsonObject co && co["p_history"] is JsonArray h ? Nums(h) : null;
        var asRecorded = new NonnegMean(new AlphaMart(new FixedAlternativeMean()), test.U, test.N, test.T).Measure(Nums(i["x"])).History;
        var historyOutcome = computedHistory is null || computedHistory.SequenceEqual(asRecorded)
            ? VectorOutcome.Pass
            : VectorOutcome.Fail($"p_history [{string.Join(", ", asRecorded.Select(R))}] differs from SHANGRLA's [{string.Join(", ", computedHistory.Select(R))}]");
        switch (v.Expected)
        {
            case JsonObject o when o["p_history_last"] is { } last:
                return All(
                    result.History.Any(double.IsNaN) ? VectorOutcome.Fail("NaN in the p-value history") : VectorOutcome.Pass,
                    Compare("p_history[-1]", result.History[^1], Num(last), null),
                    historyOutcome);
            case JsonObject o when o["p_history_prefix_equals_previous"] is not null:
                var previous = Get("vectors/shangrla-009");
                var earlier = new NonnegMean(new AlphaMart(new FixedAlternativeMean(Num(previous.Inputs["eta"]))), 1, Num(previous.Inputs["N"]), Num(previous.Inputs["t"]))
                    .Measure(Nums(previous.Inputs["x"])).History;
                var prefixOk = earlier.Take(earlier.Count - 1).SequenceEqual(result.History.Take(result.History.Count - 1));
                return All(prefixOk ? VectorOutcome.Pass : VectorOutcome.Fail("histories differ before the last draw"), historyOutcome);
            default:
                return All(CompareWithComputed(v, result.PValue), historyOutcome);
        }
    }

    private static ShangrlaVector Get(string key) => ShangrlaVectors.Get(key);

    private static VectorOutcome BettingMartVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var m = RepeatedRegex().Match(i["x"]!.GetValue<string>());
        var x = Enumerable.Repeat(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToArray();
        var test = new NonnegMean(new BettingMart(new FixedBet(Num(i["lam"]))), 1, Num(i["N"]), Num(i["t"]));
        return CompareWithComputed(v, test.Measure(x).PValue);
    }

    private static VectorOutcome SjmVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var x = Nums(i["x"]);
        var (s, total, m) = NonnegMean.Sjm(Num(i["N"]), Num(i["t"]), x);
        var e = v.Expected!.AsObject();
        var outcomes = new List<VectorOutcome>
        {
            s.SequenceEqual(Nums(e["S"])) ? VectorOutcome.Pass : VectorOutcome.Fail("S differs"),
            Compare("Stot", total, Num(e["Stot"]), null),
        };
        var expectedM = Nums(e["m"]);
        for (var k = 0; k < expectedM.Length; k++)
        {
            outcomes.Add(Compare($"m[{k}]", m[k], expectedM[k], v.Tolerance is null ? null : "6 decimals"));
        }

        if (v.Node["computed_here"]?["m"] is JsonArray computed && !Nums(computed).SequenceEqual(m))
        {
            outcomes.Add(VectorOutcome.Fail("m differs from SHANGRLA's computed_here"));
        }

        return All([.. outcomes]);
    }

    /// <summary>test_sample_size: N = 1000, t = ½, u = 1, α = 0.05, η = 0.75, pilot data of ⌊N/200⌋ = 5 values.</summary>
    private static VectorOutcome SampleSizeVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var xText = i["x"]!.GetValue<string>();
        var value = xText.StartsWith("0.75", StringComparison.Ordinal) ? 0.75 : xText.StartsWith("ones", StringComparison.Ordinal) ? 1.0
            : throw new FormatException("unknown pilot data: " + xText);
        var x = Enumerable.Repeat(value, 5).ToArray();
        RiskFunction risk = i["g"] is { } g ? new KaplanWald(Num(g)) : new AlphaMart(new FixedAlternativeMean(NumOr(i, "eta", 0.75)));
        var test = new NonnegMean(risk, NumOr(i, "u", 1), NumOr(i, "N", 1000), NumOr(i, "t", 0.5));
        int? reps = i["reps"] is JsonValue r ? (int)Num(r) : null;
        var size = test.SampleSize(x, NumOr(i, "alpha", 0.05), reps);
        return CompareWithComputed(v, size);
    }

    private static VectorOutcome LamToEtaVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var test = new NonnegMean(new AlphaMart(new FixedAlternativeMean()), Num(i["u"]), 100);
        var lam = Num(i["lam"]);
        var mu = Num(i["mu"]);
        var eta = test.LamToEta(lam, mu);
        return All(
            CompareWithComputed(v, eta),
            Compare("eta_to_lam(lam_to_eta)", test.EtaToLam(eta, mu), lam, v.Tolerance));
    }

    // ---- assertions and assorters --------------------------------------------------------------------------------

    private static Assertion AliceBob(double margin) => new(new PluralityAssorter(Contest, "Alice", "Bob"), margin);

    private static VectorOutcome OverstatementMarginVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var a = new Assertion(new PluralityAssorter(Contest, "Alice", "Bob"), Num(i["margin"]));
        return Compare("margin", a.OverstatementAssorterMargin(Num(i["error_rate_1"]), Num(i["error_rate_2"])), Num(v.Expected), v.Tolerance);
    }

    private static VectorOutcome OverstatementMeanVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var a = AliceBob(Num(i["margin"]));
        return Compare("mean", a.OverstatementAssorterMean(Num(i["error_rate_1"]), Num(i["error_rate_2"])), Num(v.Expected), v.Tolerance);
    }

    private static Card CardFrom(string id, JsonObject contests)
    {
        var votes = contests.ToImmutableDictionary(
            c => c.Key,
            c => c.Value!.AsObject().ToImmutableDictionary(m => m.Key, m => (int)Num(m.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);
        return new Card(id, votes);
    }

    private static Card VoteCard(JsonObject vote) => CardFrom("1", new JsonObject { [Contest] = vote.DeepClone() });

    private static VectorOutcome MarginVector(ShangrlaVector v)
    {
        var cards = v.Inputs["cvrs"]!.AsArray().Select((c, k) => CardFrom((k + 1).ToString(CultureInfo.InvariantCulture), c!.AsObject())).ToList();
        var a = Assertion.FromCvrs(new PluralityAssorter(Contest, "Alice", "Bob"), cards);
        return Compare("margin", a.Margin, Num(v.Expected), v.Tolerance);
    }

    private static VectorOutcome PluralityAssortVector(ShangrlaVector v)
    {
        var pair = v.Inputs["assertion"]!.GetValue<string>().Split(" v ");
        var assorter = new PluralityAssorter(Contest, pair[0], pair[1]);
        return Compare("assort", assorter.Assort(VoteCard(v.Inputs["vote"]!.AsObject())), Num(v.Expected), v.Tolerance);
    }

    private static VectorOutcome SupermajorityAssortVector(ShangrlaVector v)
    {
        var assorter = new SupermajorityAssorter(Contest, "Alice", ["Bob", "Candy"], Num(v.Inputs["share_to_win"]));
        return Compare("assort", assorter.Assort(VoteCard(v.Inputs["vote"]!.AsObject())), Num(v.Expected), v.Tolerance);
    }

    /// <summary>The cards of test_overstatement, by the vector's short names.</summary>
    private static Card NamedCard(string name)
    {
        static Card Of(string id, string json, bool phantom = false) =>
            CardFrom(id, JsonNode.Parse(json)!.AsObject()) with { Phantom = phantom };
        return name switch
        {
            "mvr Alice" or "cvr Alice" => Of("1", """{"AvB": {"Alice": 1}}"""),
            "mvr Bob" or "cvr Bob" => Of("2", """{"AvB": {"Bob": 1}}"""),
            "mvr blank" => Of("3", """{"AvB": {}}"""),
            "mvr without contest AvB" or "mvr without AvB" => Of("4", """{"CvD": {"Elvis": 1, "Candy": 0}}"""),
            "cvr without AvB" => Of("4", """{"CvD": {"Elvis": 1}}"""),
            "phantom mvr" or "phantom cvr" => Of("phantom_1", """{"AvB": {}}""", phantom: true),
            _ => throw new FormatException("unknown card: " + name),
        };
    }

    private static VectorOutcome OverstatementVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var assorter = new PluralityAssorter(Contest, "Alice", "Bob");
        var o = assorter.Overstatement(NamedCard(i["mvr"]!.GetValue<string>()), NamedCard(i["cvr"]!.GetValue<string>()), i["use_style"]!.GetValue<bool>());
        return Compare("overstatement", o, Num(v.Expected), v.Tolerance);
    }

    private static VectorOutcome OverstatementAssorterVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var a = AliceBob(Num(i["margin"]));
        var mvr = Card.WithMarks("m", Contest, i["mvr_vote"]!.GetValue<string>());
        var cvr = Card.WithMarks("c", Contest, i["cvr_vote"]!.GetValue<string>());
        return All(
            Compare("use_style", a.OverstatementAssorter(mvr, cvr, useStyle: true), Num(v.Expected), v.Tolerance),
            Compare("no style", a.OverstatementAssorter(mvr, cvr, useStyle: false), Num(v.Expected), v.Tolerance));
    }

    private static VectorOutcome MarginFromTallyVector(ShangrlaVector v)
    {
        var tally = v.Inputs["tally"]!.AsObject();
        var cards = (long)Num(v.Inputs["cards"]);
        var outcomes = new List<VectorOutcome>();
        foreach (var (key, expected) in v.Expected!.AsObject())
        {
            var pair = key.Split(" v ");
            var margin = Assertion.MarginFromTally((long)Num(tally[pair[0]]), (long)Num(tally[pair[1]]), cards);
            outcomes.Add(Compare(key, margin, Num(expected), v.Tolerance));
        }

        return All([.. outcomes]);
    }

    /// <summary>test_assorter_sample_size: comparison audit, Kaplan–Markov with g = 0.1, risk limit 0.05, N = 7000 cards.</summary>
    private static VectorOutcome FindSampleSizeVector(ShangrlaVector v)
    {
        var i = v.Inputs;
        var pair = i["assertion"]!.GetValue<string>().Split(" v ");
        var a = new Assertion(new PluralityAssorter(Contest, pair[0], pair[1]), Num(i["margin"]));
        var test = new NonnegMean(new KaplanMarkov(0.1), 1, 7000);
        int size;
        if (i["data"] is { } data)
        {
            var n = int.Parse(OnesRegex().Match(data.GetValue<string>()).Groups[1].Value, CultureInfo.InvariantCulture);
            size = test.SampleSize(Enumerable.Repeat(1.0, n).ToArray(), 0.05, reps: null, prefix: i["prefix"]?.GetValue<bool>() ?? false);
        }
        else
        {
            size = a.FindSampleSize(test, 0.05, ShangrlaAuditType.CardComparison, rate1: Num(i["rate_1"]),
                reps: (int)Num(i["reps"]), prefix: true, quantile: Num(i["quantile"]), source: new ShangrlaNumpyRandomState((uint)Num(i["seed"])));
        }

        return CompareWithComputed(v, size);
    }

    [GeneratedRegex(@"^ones\((\d+)\)$")]
    private static partial Regex OnesRegex();
}
