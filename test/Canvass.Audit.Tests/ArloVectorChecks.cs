using System.Globalization;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>How one Arlo function is checked: <paramref name="Check"/> when implemented, otherwise
/// <paramref name="PendingReason"/> says why its vectors are skipped (the checked-in skip list).</summary>
internal sealed record ArloCheck(string FunctionKey, Func<ArloVector, VectorOutcome>? Check, string? PendingReason = null)
{
    public static ArloCheck Pending(string functionKey, string reason) => new(functionKey, null, reason);
}

/// <summary>Checks one Arlo vector against Canvass.Audit; unknown functions fail, known-but-pending ones skip.
/// Each family of functions keeps its checks (and its pending reasons) in its own <c>Arlo*Checks.cs</c> file.</summary>
internal static class ArloVectorChecks
{
    private static readonly Dictionary<string, ArloCheck> ByFunction =
        new IEnumerable<ArloCheck>[]
        {
            ArloSamplerChecks.All, ArloPpebChecks.All, ArloBravoChecks.All, ArloMinervaChecks.All, ArloProvidenceChecks.All,
            ArloContestChecks.All, ArloSupersimpleChecks.All, ArloMacroChecks.All, ArloSuiteChecks.All,
        }.SelectMany(f => f).ToDictionary(c => c.FunctionKey, StringComparer.Ordinal);

    /// <summary>Single vectors whose recorded output is not a value (the upstream test mocked the call).</summary>
    public static readonly IReadOnlyDictionary<string, string> UnrecordedOutputs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["vectors/arlo-0071"] = "recorded output is a MagicMock (the upstream test patched compute_risk)",
    };

    public static string FunctionKey(ArloVector v) =>
        v.Group == "ballot_polling.py:compute_risk"
            ? v.Group + "[" + v.Node["inputs"]!["math_type"]!.GetValue<string>() + "]"
            : v.Group.StartsWith("consistent_sampler:", StringComparison.Ordinal) ? "consistent_sampler" : v.Group;

    public static VectorOutcome Check(ArloVector v)
    {
        if (UnrecordedOutputs.TryGetValue(v.Key, out var why))
        {
            return VectorOutcome.Skip(why);
        }

        var key = FunctionKey(v);
        if (!ByFunction.TryGetValue(key, out var check))
        {
            return VectorOutcome.Fail("function not recognised: " + key);
        }

        if (check.Check is null)
        {
            return VectorOutcome.Skip(check.PendingReason ?? "pending");
        }

        try
        {
            return check.Check(v);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException or FormatException or NullReferenceException)
        {
            return VectorOutcome.Fail(e.GetType().Name + ": " + e.Message);
        }
    }

    public static ArloContest ParseContest(JsonNode node)
    {
        var c = node["$contest"]!;
        var info = c["info"]!.AsObject();
        string[] meta = ["ballots", "numWinners", "votesAllowed", "pendingBallots", "isSubjectToRunoff"];
        var candidates = info.Where(kv => !meta.Contains(kv.Key, StringComparer.Ordinal))
            .Select(kv => new KeyValuePair<string, long>(kv.Key, kv.Value!.GetValue<long>())).ToList();
        return new ArloContest(c["name"]!.GetValue<string>(), candidates, info["ballots"]!.GetValue<long>(),
            info["numWinners"]!.GetValue<int>(), info["votesAllowed"]?.GetValue<int>() ?? 1);
    }

    /// <summary>Round id → candidate → votes (empty when the vector has no sample).</summary>
    public static Dictionary<string, IReadOnlyDictionary<string, long>> ParseRounds(JsonNode? node) =>
        node is JsonObject o
            ? o.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, long>)ParseCounts(kv.Value!), StringComparer.Ordinal)
            : [];

    /// <summary>A JSON object of whole numbers (candidate → votes, round id → ballots, …), in its order.</summary>
    public static Dictionary<string, long> ParseCounts(JsonNode node) =>
        node.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<long>(), StringComparer.Ordinal);

    /// <summary>
    /// Where the vector recorded an exception, <paramref name="compute"/> must throw an
    /// <see cref="InvalidOperationException"/> with Arlo's message; otherwise its result goes to <paramref name="compare"/>.
    /// </summary>
    public static VectorOutcome ExpectOutcome<T>(ArloVector v, Func<T> compute, Func<T, VectorOutcome> compare)
    {
        if (v.Node["expected_exception"] is not { } exception)
        {
            return compare(compute());
        }

        var message = exception["args"]![0]!.GetValue<string>();
        try
        {
            var got = compute();
            return VectorOutcome.Fail(string.Create(CultureInfo.InvariantCulture, $"expected '{message}', got {got}"));
        }
        catch (InvalidOperationException e)
        {
            return e.Message == message ? VectorOutcome.Pass : VectorOutcome.Fail($"expected '{message}', got '{e.Message}'");
        }
    }
}
