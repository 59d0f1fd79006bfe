using System.Globalization;
using System.Text;

namespace Canvass.Ledger;

/// <summary>C2SP tlog-tiles addressing (v0.1.0): tile paths, partial widths, tile contents from a <see cref="MerkleTree"/>, and entry bundles.</summary>
/// <remarks>A tile holds up to 256 hashes; tile N at level L holds the tree nodes at height 8·L. Thread-safe.</remarks>
public static class Tiles
{
    /// <summary>The number of hashes in a full tile.</summary>
    public const int Width = 256;

    /// <summary>Encodes a tile index as zero-padded 3-digit groups, every group but the last prefixed with 'x' (1234067 → x001/x234/067).</summary>
    /// <param name="index">The tile index.</param>
    /// <returns>The path segment.</returns>
    public static string IndexPath(ulong index)
    {
        var groups = new List<string>();
        do
        {
            groups.Add((index % 1000).ToString("D3", CultureInfo.InvariantCulture));
            index /= 1000;
        }
        while (index > 0);

        groups.Reverse();
        var builder = new StringBuilder();
        for (var i = 0; i < groups.Count; i++)
        {
            builder.Append(i < groups.Count - 1 ? "x" : string.Empty).Append(groups[i]).Append(i < groups.Count - 1 ? "/" : string.Empty);
        }

        return builder.ToString();
    }

    /// <summary>Returns the path of a hash tile: <c>tile/L/N</c>, with <c>.p/W</c> for a partial tile.</summary>
    /// <param name="level">The tile level, 0 to 63.</param>
    /// <param name="index">The tile index.</param>
    /// <param name="width">The width, 1 to 256 (256 = full).</param>
    /// <returns>The path.</returns>
    public static string TilePath(int level, ulong index, int width = Width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 63);
        return string.Create(CultureInfo.InvariantCulture, $"tile/{level}/{IndexPath(index)}{PartialSuffix(width)}");
    }

    /// <summary>Returns the path of an entry bundle: <c>tile/entries/N</c>, with <c>.p/W</c> when partial.</summary>
    /// <param name="index">The bundle index.</param>
    /// <param name="width">The width, 1 to 256.</param>
    /// <returns>The path.</returns>
    public static string EntriesPath(ulong index, int width = Width) => $"tile/entries/{IndexPath(index)}{PartialSuffix(width)}";

    /// <summary>Returns how many full tiles level <paramref name="level"/> has in a tree of <paramref name="treeSize"/> leaves.</summary>
    /// <param name="level">The tile level.</param>
    /// <param name="treeSize">The tree size.</param>
    /// <returns>The count.</returns>
    public static ulong FullTileCount(int level, ulong treeSize) => NodesAtTileLevel(level, treeSize) / Width;

    /// <summary>Returns the width of the partial tile at <paramref name="level"/>, floor(s / 256^L) mod 256 (0 when there is none).</summary>
    /// <param name="level">The tile level.</param>
    /// <param name="treeSize">The tree size.</param>
    /// <returns>The width.</returns>
    public static int PartialWidth(int level, ulong treeSize) => (int)(NodesAtTileLevel(level, treeSize) % Width);

    /// <summary>Returns the content of hash tile (<paramref name="level"/>, <paramref name="index"/>) of width <paramref name="width"/>: the concatenated 32-byte hashes.</summary>
    /// <param name="tree">The tree.</param>
    /// <param name="level">The tile level.</param>
    /// <param name="index">The tile index.</param>
    /// <param name="width">The width, 1 to 256.</param>
    /// <returns>width × 32 bytes.</returns>
    public static byte[] ReadTile(MerkleTree tree, int level, long index, int width = Width)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, Width);
        var content = new byte[width * TreeHash.Size];
        for (var i = 0; i < width; i++)
        {
            tree.NodeHash(level * 8, (index * Width) + i).CopyTo(content, i * TreeHash.Size);
        }

        return content;
    }

    /// <summary>Formats an entry bundle: for each entry a big-endian uint16 length then the bytes.</summary>
    /// <param name="entries">The entries, each at most 65,535 bytes.</param>
    /// <returns>The bundle.</returns>
    public static byte[] FormatEntryBundle(IEnumerable<byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var output = new List<byte>();
        foreach (var entry in entries)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(entry.Length, ushort.MaxValue);
            output.Add((byte)(entry.Length >> 8));
            output.Add((byte)(entry.Length & 0xFF));
            output.AddRange(entry);
        }

        return [.. output];
    }

    private static ulong NodesAtTileLevel(int level, ulong treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        return level * 8 >= 64 ? 0 : treeSize >> (level * 8);
    }

    private static string PartialSuffix(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, Width);
        return width == Width ? string.Empty : string.Create(CultureInfo.InvariantCulture, $".p/{width}");
    }
}
