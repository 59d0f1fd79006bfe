using System.Text.Json;

namespace Canvass.Ledger.Tests;

/// <summary>Loads /work/shared/conformance/tlog/vectors.json (found from the folder holding Canvass.slnx) once, and names every vector.</summary>
internal static class Vectors
{
    private static readonly Lazy<JsonDocument> Document = new(Load);

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>One row per element of the array at <paramref name="path"/> (dot-separated), named "path[i] label".</summary>
    public static TheoryData<string> Rows(string path, string? labelProperty = null)
    {
        var rows = new TheoryData<string>();
        var array = At(path);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var label = labelProperty is not null && item.TryGetProperty(labelProperty, out var l) ? " " + l.ToString() : string.Empty;
            rows.Add($"{path}[{i}]{label}");
            i++;
        }

        return rows;
    }

    /// <summary>The element a row name points to.</summary>
    public static JsonElement Get(string row)
    {
        var name = row.Split(' ')[0];
        var open = name.LastIndexOf('[');
        var index = int.Parse(name[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return At(name[..open])[index];
    }

    public static JsonElement At(string path)
    {
        var element = Root;
        foreach (var part in path.Split('.'))
        {
            element = element.GetProperty(part);
        }

        return element;
    }

    public static byte[] Hex(this JsonElement element) => Convert.FromHexString(element.GetString()!);

    public static byte[] Hex(this JsonElement element, string property) => element.GetProperty(property).Hex();

    public static List<byte[]> HexList(this JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.Hex())];

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static ulong U64(this JsonElement element, string property) => element.GetProperty(property).GetUInt64();

    public static byte[] Utf8(this JsonElement element, string property) => System.Text.Encoding.UTF8.GetBytes(element.Str(property));

    public static List<NoteVerifier> Vkeys(this JsonElement element, string property = "verifier_vkeys") =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => NoteVerifier.Parse(e.GetString()!).GetValueOrThrow())];

    /// <summary>The tree of the 8 RFC 6962 reference leaves.</summary>
    public static MerkleTree ReferenceTree(int size = 8)
    {
        var tree = new MerkleTree();
        foreach (var leaf in At("rfc6962.leaves").EnumerateArray().Take(size))
        {
            tree.AppendEntry(leaf.Hex("data_hex"));
        }

        return tree;
    }

    private static JsonDocument Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Canvass.slnx")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Canvass.slnx not found above " + AppContext.BaseDirectory);
        }

        var path = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance", "tlog", "vectors.json"));
        return JsonDocument.Parse(File.ReadAllBytes(path));
    }
}
