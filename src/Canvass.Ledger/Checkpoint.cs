using System.Globalization;
using System.Text;

namespace Canvass.Ledger;

/// <summary>
/// The body of a C2SP tlog-checkpoint: origin line, tree size (canonical decimal), base64 root hash, optional
/// extension lines, each line ending with a newline. Parsing is strict so that one tree head has exactly one text.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Checkpoint
{
    private readonly byte[] _rootHash;

    /// <summary>Initializes a new instance of the <see cref="Checkpoint"/> class.</summary>
    /// <param name="origin">The log's origin, e.g. <c>results.example.org/2026-general</c>: non-empty, no newline.</param>
    /// <param name="treeSize">The tree size.</param>
    /// <param name="rootHash">The 32-byte RFC 6962 root hash.</param>
    /// <param name="extensions">Optional non-empty extension lines (not recommended).</param>
    public Checkpoint(string origin, ulong treeSize, ReadOnlySpan<byte> rootHash, IEnumerable<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.Length == 0 || origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The origin is a non-empty line.", nameof(origin));
        }

        if (rootHash.Length != TreeHash.Size)
        {
            throw new ArgumentException("The root hash is 32 bytes.", nameof(rootHash));
        }

        Extensions = [.. extensions ?? []];
        if (Extensions.Any(e => e.Length == 0 || e.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Extension lines are non-empty single lines.", nameof(extensions));
        }

        Origin = origin;
        TreeSize = treeSize;
        _rootHash = rootHash.ToArray();
    }

    /// <summary>Gets the origin line (the log's identity).</summary>
    public string Origin { get; }

    /// <summary>Gets the tree size.</summary>
    public ulong TreeSize { get; }

    /// <summary>Gets the root hash.</summary>
    public ReadOnlySpan<byte> RootHash => _rootHash;

    /// <summary>Gets the extension lines (usually none).</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>Parses a checkpoint text strictly: canonical decimal size that fits in 64 bits, canonical base64 of a 32-byte root, non-empty origin and extension lines, final newline; a size-0 checkpoint must carry SHA-256("").</summary>
    /// <param name="text">The checkpoint text (the note text, not the signed note).</param>
    /// <returns>The checkpoint or a <see cref="LedgerErrorCodes.Malformed"/> error.</returns>
    public static LedgerResult<Checkpoint> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[^1] != '\n')
        {
            return Malformed("The checkpoint does not end with a newline.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            return Malformed("A checkpoint has at least 3 lines.");
        }

        if (lines[0].Length == 0)
        {
            return Malformed("The origin is empty.");
        }

        if (!TextRules.TryParseDecimal(lines[1], out var size))
        {
            return Malformed("The tree size is not a canonical decimal that fits in 64 bits.");
        }

        var root = TextRules.DecodeBase64(lines[2]);
        if (root is null || root.Length != TreeHash.Size)
        {
            return Malformed("The root is not canonical base64 of 32 bytes.");
        }

        if (size == 0 && !root.AsSpan().SequenceEqual(TreeHash.EmptyRoot))
        {
            return Malformed("A checkpoint of the empty tree must carry SHA-256 of the empty string.");
        }

        var extensions = lines[3..];
        if (extensions.Any(e => e.Length == 0))
        {
            return Malformed("An extension line is empty.");
        }

        foreach (var c in text)
        {
            if (c < 0x20 && c != '\n')
            {
                return Malformed("The checkpoint contains a control character.");
            }
        }

        return LedgerResult<Checkpoint>.Success(new Checkpoint(lines[0], size, root, extensions));
    }

    /// <summary>Formats the checkpoint text byte-exactly.</summary>
    /// <returns>The text, ending with a newline.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(TreeSize.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(_rootHash)).Append('\n');
        foreach (var extension in Extensions)
        {
            builder.Append(extension).Append('\n');
        }

        return builder.ToString();
    }

    private static LedgerResult<Checkpoint> Malformed(string message) => LedgerResult<Checkpoint>.Failure(LedgerErrorCodes.Malformed, message);
}
