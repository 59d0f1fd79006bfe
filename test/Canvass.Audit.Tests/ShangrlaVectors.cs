using System.Globalization;
using System.Text.Json.Nodes;
using Canvass.TestKit;

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
    private static readonly Lazy<(JsonObject Root, IReadOnlyList<ShangrlaVector> Rows)> Loaded = new(Load);

    public static string FilePath =>
        Environment.GetEnvironmentVariable("CANVASS_SHANGRLA_VECTORS") is { Length: > 0 } path
            ? path
            : SharedFolder.Combine("conformance", "rla", "shangrla_vectors.json");

    public static JsonObject Root => Loaded.Value.Root;

    public static IReadOnlyList<ShangrlaVector> Rows => Loaded.Value.Rows;

    public static ShangrlaVector Get(string key) => Rows.Single(r => r.Key == key);

    private static (JsonObject, IReadOnlyList<ShangrlaVector>) Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject();
        var rows = new List<ShangrlaVector>();
        foreach (var v in root["vectors"]?.AsArray() ?? [])
        {
            var o = v!.AsObject();
            var function = o["function"]!.GetValue<string>().Replace("shangrla/core/", "", StringComparison.Ordinal);
            rows.Add(new ShangrlaVector("vectors/" + o["id"]!.GetValue<string>(), function, o));
        }

        var derived = root["derived_not_asserted"]?["vectors"]?.AsArray() ?? [];
        for (var i = 0; i < derived.Count; i++)
        {
            rows.Add(new ShangrlaVector("derived/" + i.ToString("D2", CultureInfo.InvariantCulture), "derived", derived[i]!.AsObject()));
        }

        return (root, rows);
    }
}
