using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Canvass.Ledger;

/// <summary>
/// A C2SP tlog-proof bundle (<c>.tlog-proof</c>): an offline receipt that an entry is in the log, made of the leaf index,
/// the inclusion proof and the cosigned checkpoint it verifies against.
/// </summary>
/// <remarks>
/// Wire form: <c>c2sp.org/tlog-proof@v1</c>, an optional <c>extra &lt;base64&gt;</c> line, <c>index &lt;n&gt;</c>,
/// zero or more base64 proof hashes (leaf sibling first), an empty line, then the signed checkpoint verbatim.
/// Immutable and thread-safe.
/// </remarks>
public sealed class TlogProof
{
    /// <summary>The first line of every bundle.</summary>
    public const string Header = "c2sp.org/tlog-proof@v1";

    private readonly byte[]? _extra;

    /// <summary>Initializes a new instance of the <see cref="TlogProof"/> class.</summary>
    /// <param name="index">The zero-based leaf index.</param>
    /// <param name="proof">The inclusion proof hashes (32 bytes each, at most 63).</param>
    /// <param name="checkpoint">The signed checkpoint note.</param>
    /// <param name="extra">Optional unauthenticated opaque data.</param>
    public TlogProof(ulong index, IEnumerable<byte[]> proof, Note checkpoint, ReadOnlySpan<byte> extra = default)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(checkpoint);
        Proof = [.. proof];
        if (Proof.Count > 63 || Proof.Any(p => p.Length != TreeHash.Size))
        {
            throw new ArgumentException("A proof is at most 63 hashes of 32 bytes.", nameof(proof));
        }

        Index = index;
        Checkpoint = checkpoint;
        _extra = extra.IsEmpty ? null : extra.ToArray();
    }

    /// <summary>Gets the leaf index.</summary>
    public ulong Index { get; }

    /// <summary>Gets the inclusion proof.</summary>
    public IReadOnlyList<byte[]> Proof { get; }

    /// <summary>Gets the signed checkpoint (not yet verified).</summary>
    public Note Checkpoint { get; }

    /// <summary>Gets the optional opaque extra data (empty when absent); it is not authenticated.</summary>
    public ReadOnlySpan<byte> Extra => _extra;

    /// <summary>Parses a bundle strictly.</summary>
    /// <param name="bundle">The bundle bytes.</param>
    /// <returns>The bundle or a <see cref="LedgerErrorCodes.Malformed"/> error.</returns>
    public static LedgerResult<TlogProof> Parse(ReadOnlySpan<byte> bundle)
    {
        if (!Utf8.IsValid(bundle))
        {
            return Malformed("The bundle is not valid UTF-8.");
        }

        var text = Encoding.UTF8.GetString(bundle);
        var lines = text.Split('\n');
        var at = 0;
        if (lines.Length < 4 || !string.Equals(lines[at++], Header, StringComparison.Ordinal))
        {
            return Malformed("The bundle does not start with " + Header + ".");
        }

        byte[]? extra = null;
        if (lines[at].StartsWith("extra ", StringComparison.Ordinal))
        {
            extra = TextRules.DecodeBase64(lines[at]["extra ".Length..]);
            if (extra is null)
            {
                return Malformed("The extra line is not canonical base64.");
            }

            at++;
        }

        if (!lines[at].StartsWith("index ", StringComparison.Ordinal) || !TextRules.TryParseDecimal(lines[at]["index ".Length..], out var index))
        {
            return Malformed("The index line is missing or not a canonical decimal.");
        }

        at++;
        var proof = TextRules.ReadHashLines(lines, ref at, 63);
        if (proof is null || at >= lines.Length)
        {
            return Malformed("A proof line is not base64 of 32 bytes, there are more than 63, or the empty line is missing.");
        }

        var prefixLength = 0;
        for (var i = 0; i <= at; i++)
        {
            prefixLength += lines[i].Length + 1;
        }

        var note = Note.Parse(Encoding.UTF8.GetBytes(text[prefixLength..]));
        if (!note.IsSuccess)
        {
            return LedgerResult<TlogProof>.Failure(note.Error);
        }

        return LedgerResult<TlogProof>.Success(new TlogProof(index, proof, note.Value, extra));
    }

    /// <summary>
    /// Verifies the bundle for <paramref name="leafHash"/>: the checkpoint's origin and log signature, the witness
    /// policy (when given), then the inclusion proof against the checkpoint's root.
    /// </summary>
    /// <param name="leafHash">The leaf hash computed by the verifier from the application data.</param>
    /// <param name="origin">The expected origin.</param>
    /// <param name="logKey">The log's verifier key.</param>
    /// <param name="policy">The witness policy, or <see langword="null"/> to require none.</param>
    /// <returns>The verified checkpoint, or the error.</returns>
    public LedgerResult<SignedCheckpoint> Verify(ReadOnlySpan<byte> leafHash, string origin, NoteVerifier logKey, CosignaturePolicy? policy = null)
    {
        var note = Checkpoint.ToBytes();
        var opened = policy is null ? SignedCheckpoint.Open(note, origin, logKey) : policy.Open(note, origin, logKey);
        if (!opened.IsSuccess)
        {
            return opened;
        }

        var checkpoint = opened.Value.Checkpoint;
        var inclusion = MerkleProofs.VerifyInclusion(leafHash, Index, checkpoint.TreeSize, Proof, checkpoint.RootHash);
        return inclusion.IsSuccess ? opened : LedgerResult<SignedCheckpoint>.Failure(inclusion.Error);
    }

    /// <summary>Formats the bundle byte-exactly.</summary>
    /// <returns>The bundle text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder(Header).Append('\n');
        if (_extra is not null)
        {
            builder.Append("extra ").Append(Convert.ToBase64String(_extra)).Append('\n');
        }

        builder.Append("index ").Append(Index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in Proof)
        {
            builder.Append(Convert.ToBase64String(hash)).Append('\n');
        }

        return builder.Append('\n').Append(Checkpoint.ToString()).ToString();
    }

    private static LedgerResult<TlogProof> Malformed(string message) => LedgerResult<TlogProof>.Failure(LedgerErrorCodes.Malformed, message);
}
