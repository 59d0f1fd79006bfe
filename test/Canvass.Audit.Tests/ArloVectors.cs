using System.Globalization;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>The outcome of checking one recorded vector.</summary>
internal enum VectorStatus
{
    Passed,
    Failed,
    Skipped,
}

internal sealed record VectorOutcome(VectorStatus Status, string Message)
{
    public static readonly VectorOutcome Pass = new(VectorStatus.Passed, "");

    public static VectorOutcome Fail(string message) => new(VectorStatus.Failed, message);

    public static VectorOutcome Skip(string reason) => new(VectorStatus.Skipped, reason);

    /// <summary>Passed when nothing was found wrong, otherwise failed with every problem listed.</summary>
    public static VectorOutcome FromProblems(IReadOnlyCollection<string> problems) =>
        problems.Count == 0 ? Pass : Fail(string.Join("; ", problems));
}

/// <summary>One row: a group (the function it was recorded from) and the vector itself.</summary>
internal sealed record ArloVector(string Key, string Group, JsonObject Node);

/// <summary>Loads arlo_vectors.json (CANVASS_ARLO_VECTORS overrides the shared file) into rows.</summary>
internal static class ArloVectors
{
    private static readonly VectorFile<ArloVector> Vectors = new("CANVASS_ARLO_VECTORS", "arlo_vectors.json", r => r.Key, Load);

    public static string FilePath => Vectors.FilePath;

    public static JsonObject Root => Vectors.Root;

    public static IReadOnlyList<ArloVector> Rows => Vectors.Rows;

    public static ArloVector Get(string key) => Vectors.Get(key);

    public static JsonNode? Resolve(JsonNode? node) =>
        node is JsonObject o && o.TryGetPropertyValue("$fixture", out var id)
            ? Root["fixtures"]![id!.GetValue<string>()]
            : node;

    private static IEnumerable<ArloVector> Load(JsonObject root)
    {
        foreach (var (key, function, node) in VectorFile<ArloVector>.Vectors(root, "server/audit_math/"))
        {
            yield return new ArloVector(key, function, node);
        }

        var doctests = root["consistent_sampler_doctest_vectors"]?["vectors"]?.AsArray() ?? [];
        for (var i = 0; i < doctests.Count; i++)
        {
            var o = doctests[i]!.AsObject();
            yield return new ArloVector("doctest/" + i.ToString("D2", CultureInfo.InvariantCulture), "consistent_sampler:" + o["function"]!.GetValue<string>(), o);
        }

        foreach (var v in root["contest_vectors"]?.AsArray() ?? [])
        {
            var o = v!.AsObject();
            yield return new ArloVector("contest/" + o["id"]!.GetValue<string>(), o["function"]!.GetValue<string>().Replace("server/audit_math/", "", StringComparison.Ordinal), o);
        }

        var snapshots = root["snapshot_assertions"]?.AsArray() ?? [];
        for (var i = 0; i < snapshots.Count; i++)
        {
            var o = snapshots[i]!.AsObject();
            var module = o["test_module"]!.GetValue<string>().Replace("server/tests/audit_math/", "", StringComparison.Ordinal);
            yield return new ArloVector("snapshot/" + i.ToString("D2", CultureInfo.InvariantCulture), "snapshot:" + module, o);
        }
    }
}
