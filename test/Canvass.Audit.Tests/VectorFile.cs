using System.Text.Json.Nodes;
using Canvass.TestKit;

namespace Canvass.Audit.Tests;

/// <summary>
/// A recorded-vector file in the shared conformance/rla folder (an environment variable may name another file instead),
/// read and split into rows once, on first use.
/// </summary>
internal sealed class VectorFile<TRow>
{
    private readonly string _environmentVariable;
    private readonly string _fileName;
    private readonly Func<TRow, string> _key;
    private readonly Lazy<(JsonObject Root, IReadOnlyList<TRow> Rows)> _loaded;

    public VectorFile(string environmentVariable, string fileName, Func<TRow, string> key, Func<JsonObject, IEnumerable<TRow>> rows)
    {
        _environmentVariable = environmentVariable;
        _fileName = fileName;
        _key = key;
        _loaded = new(() =>
        {
            var root = JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject();
            return (root, rows(root).ToList());
        });
    }

    public string FilePath =>
        Environment.GetEnvironmentVariable(_environmentVariable) is { Length: > 0 } path
            ? path
            : SharedFolder.Combine("conformance", "rla", _fileName);

    public JsonObject Root => _loaded.Value.Root;

    public IReadOnlyList<TRow> Rows => _loaded.Value.Rows;

    public TRow Get(string key) => Rows.Single(r => _key(r) == key);

    /// <summary>The file's <c>vectors</c> array: key <c>vectors/ID</c>, and the recorded function without <paramref name="modulePrefix"/>.</summary>
    public static IEnumerable<(string Key, string Function, JsonObject Node)> Vectors(JsonObject root, string modulePrefix)
    {
        foreach (var v in root["vectors"]?.AsArray() ?? [])
        {
            var o = v!.AsObject();
            yield return ("vectors/" + o["id"]!.GetValue<string>(), o["function"]!.GetValue<string>().Replace(modulePrefix, "", StringComparison.Ordinal), o);
        }
    }
}
