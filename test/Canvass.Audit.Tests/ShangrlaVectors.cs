using System.Globalization;
using System.Text.Json.Nodes;

namespace Canvass.Audit.Tests;

/// <summary>One SHANGRLA vector: <c>vectors/shangrla-NNN</c> or <c>derived/NN</c> (a derived_not_asserted sample size).</summary>
internal sealed record ShangrlaVector(string Key, string Function, JsonObject Node)
{
    public JsonObject Inputs => Node["inputs"]?.AsObject() ?? [];

    public JsonNode? Expected => Node["expected_output"];

    public string? Tolerance => Node["tolerance"]?.GetValue<string>();

    public string Description => Node["description"]?.GetValue<string>() ?? "";
}

/// <summary>Loads shangrla_vectors.json (CANVASS_SHANGRLA_VECTORS overrides the shared file) into rows.</summary>
internal static class ShangrlaVectors
{
    private static readonly VectorFile<ShangrlaVector> Vectors = new("CANVASS_SHANGRLA_VECTORS", "shangrla_vectors.json", r => r.Key, Load);

    public static string FilePath => Vectors.FilePath;

    public static JsonObject Root => Vectors.Root;

    public static IReadOnlyList<ShangrlaVector> Rows => Vectors.Rows;

    public static ShangrlaVector Get(string key) => Vectors.Get(key);

    private static IEnumerable<ShangrlaVector> Load(JsonObject root)
    {
        foreach (var (key, function, node) in VectorFile<ShangrlaVector>.Vectors(root, "shangrla/core/"))
        {
            yield return new ShangrlaVector(key, function, node);
        }

        var derived = root["derived_not_asserted"]?["vectors"]?.AsArray() ?? [];
        for (var i = 0; i < derived.Count; i++)
        {
            yield return new ShangrlaVector("derived/" + i.ToString("D2", CultureInfo.InvariantCulture), "derived", derived[i]!.AsObject());
        }
    }
}
