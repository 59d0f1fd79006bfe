using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Canvass.Ledger;

/// <summary>
/// The body of a C2SP tlog-witness <c>add-checkpoint</c> request: <c>old &lt;size&gt;</c>, up to 63 base64 consistency
/// proof hashes, an empty line, then the signed checkpoint verbatim.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class AddCheckpointRequest
{
    /// <summary>Initializes a new instance of the <see cref="AddCheckpointRequest"/> class.</summary>
    /// <param name="oldSize">The size the witness last cosigned, 0 if none.</param>
    /// <param name="proof">The consistency proof from <paramref name="oldSize"/> to the checkpoint's size (empty when old is 0).</param>
    /// <param name="checkpoint">The signed checkpoint.</param>
    public AddCheckpointRequest(ulong oldSize, IEnumerable<byte[]> proof, Note checkpoint)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(checkpoint);
        Proof = [.. proof];
        if (Proof.Count > 63 || Proof.Any(p => p.Length != TreeHash.Size))
        {
            throw new ArgumentException("A proof is at most 63 hashes of 32 bytes.", nameof(proof));
        }

        OldSize = oldSize;
        Checkpoint = checkpoint;
    }

    /// <summary>Gets the previous size.</summary>
    public ulong OldSize { get; }

    /// <summary>Gets the consistency proof.</summary>
    public IReadOnlyList<byte[]> Proof { get; }

    /// <summary>Gets the signed checkpoint (not yet verified).</summary>
    public Note Checkpoint { get; }

    /// <summary>Parses a request body strictly.</summary>
    /// <param name="body">The body bytes.</param>
    /// <returns>The request or a <see cref="LedgerErrorCodes.Malformed"/> error.</returns>
    public static LedgerResult<AddCheckpointRequest> Parse(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            return Malformed("The body is not valid UTF-8.");
        }

        var text = Encoding.UTF8.GetString(body);
        var lines = text.Split('\n');
        if (lines.Length < 3 || !lines[0].StartsWith("old ", StringComparison.Ordinal) || !TextRules.TryParseDecimal(lines[0]["old ".Length..], out var oldSize))
        {
            return Malformed("The first line is not 'old <size>'.");
        }

        var at = 1;
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
        return note.IsSuccess
            ? LedgerResult<AddCheckpointRequest>.Success(new AddCheckpointRequest(oldSize, proof, note.Value))
            : LedgerResult<AddCheckpointRequest>.Failure(note.Error);
    }

    /// <summary>Formats the body byte-exactly.</summary>
    /// <returns>The body text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder("old ").Append(OldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in Proof)
        {
            builder.Append(Convert.ToBase64String(hash)).Append('\n');
        }

        return builder.Append('\n').Append(Checkpoint.ToString()).ToString();
    }

    private static LedgerResult<AddCheckpointRequest> Malformed(string message) => LedgerResult<AddCheckpointRequest>.Failure(LedgerErrorCodes.Malformed, message);
}
