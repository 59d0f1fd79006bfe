using System.Text;
using System.Text.Unicode;

namespace Canvass.Ledger;

/// <summary>
/// A C2SP signed note: text (one or more lines, each ending in a newline), a blank line, then one or more signature
/// lines <c>— name base64(keyID || signature)</c>. Parsing is strict: valid UTF-8, no control bytes but newline,
/// canonical base64, every line of the signature block a signature line.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Note
{
    /// <summary>The most signature lines a note may carry (Go refuses more than 100; C2SP requires accepting at least 16).</summary>
    public const int MaxSignatures = 100;

    private const string Dash = "\u2014 ";

    /// <summary>Initializes a new instance of the <see cref="Note"/> class.</summary>
    /// <param name="text">The text, ending with a newline.</param>
    /// <param name="signatures">The signature lines, at least one to be formattable.</param>
    public Note(string text, IEnumerable<NoteSignature> signatures)
    {
        ThrowIfInvalidText(text);
        ArgumentNullException.ThrowIfNull(signatures);
        Text = text;
        Signatures = [.. signatures];
    }

    /// <summary>Gets the text, final newline included: exactly the bytes the signatures cover.</summary>
    public string Text { get; }

    /// <summary>Gets the signature lines in note order (unknown keys included).</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>Signs <paramref name="text"/> with type-0x01 keys.</summary>
    /// <param name="text">The text, ending with a newline.</param>
    /// <param name="signers">The signers.</param>
    /// <returns>The note.</returns>
    public static Note Sign(string text, params IEnumerable<NoteSigner> signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        return new Note(text, signers.Select(s => s.Sign(text)));
    }

    /// <summary>Returns a copy with <paramref name="signature"/> appended (e.g. a witness cosignature).</summary>
    /// <param name="signature">The signature line.</param>
    /// <returns>The new note.</returns>
    public Note WithSignature(NoteSignature signature) => new(Text, [.. Signatures, signature]);

    /// <summary>Parses a note without verifying any signature.</summary>
    /// <param name="note">The note bytes.</param>
    /// <returns>The note, or a <see cref="LedgerErrorCodes.Malformed"/> error.</returns>
    public static LedgerResult<Note> Parse(ReadOnlySpan<byte> note)
    {
        if (!Utf8.IsValid(note))
        {
            return Malformed("The note is not valid UTF-8.");
        }

        foreach (var b in note)
        {
            if (b < 0x20 && b != 0x0A)
            {
                return Malformed("The note contains a control character other than newline.");
            }
        }

        var all = Encoding.UTF8.GetString(note);
        var split = all.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return Malformed("The note has no blank line before its signatures.");
        }

        var text = all[..(split + 1)];
        var block = all[(split + 2)..];
        if (block.Length == 0 || block[^1] != '\n')
        {
            return Malformed("The signature block is empty or does not end with a newline.");
        }

        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            return Malformed("The note has too many signatures.");
        }

        var signatures = new List<NoteSignature>(lines.Length);
        foreach (var line in lines)
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal))
            {
                return Malformed("A line of the signature block is not a signature line.");
            }

            var space = line.IndexOf(' ', Dash.Length);
            if (space < 0)
            {
                return Malformed("A signature line has no signature.");
            }

            var name = line[Dash.Length..space];
            var bytes = TextRules.DecodeBase64(line[(space + 1)..]);
            if (!TextRules.IsValidKeyName(name) || bytes is null || bytes.Length < 5)
            {
                return Malformed("A signature line has an invalid key name or signature encoding.");
            }

            signatures.Add(new NoteSignature(name, bytes));
        }

        return LedgerResult<Note>.Success(new Note(text, signatures));
    }

    /// <summary>
    /// Parses a note and verifies it against the configured <paramref name="verifiers"/> (C2SP signed-note, tlog.md §4.4):
    /// signatures from unknown keys (no verifier with the same name and key ID) are ignored, a failing signature from a
    /// known key rejects the whole note, and at least one known key must have signed.
    /// </summary>
    /// <param name="note">The note bytes.</param>
    /// <param name="verifiers">The trusted keys.</param>
    /// <returns>The verified note, or an error coded <see cref="LedgerErrorCodes.Malformed"/>, <see cref="LedgerErrorCodes.InvalidSignature"/> or <see cref="LedgerErrorCodes.NoVerifiedSignature"/>.</returns>
    public static LedgerResult<VerifiedNote> Open(ReadOnlySpan<byte> note, IEnumerable<NoteVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var parsed = Parse(note);
        if (!parsed.IsSuccess)
        {
            return LedgerResult<VerifiedNote>.Failure(parsed.Error);
        }

        return parsed.Value.Verify(verifiers);
    }

    /// <summary>Verifies this note's signatures against the configured keys (see <see cref="Open"/>).</summary>
    /// <param name="verifiers">The trusted keys.</param>
    /// <returns>The verified note or the error.</returns>
    public LedgerResult<VerifiedNote> Verify(IEnumerable<NoteVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var known = verifiers.ToList();
        var verified = new List<VerifiedSignature>();
        var unverified = new List<NoteSignature>();
        foreach (var signature in Signatures)
        {
            var verifier = known.Find(v => v.KeyId == signature.KeyId && string.Equals(v.Name, signature.Name, StringComparison.Ordinal));
            if (verifier is null)
            {
                unverified.Add(signature);
                continue;
            }

            if (verified.Exists(v => ReferenceEquals(v.Verifier, verifier)))
            {
                continue;
            }

            if (!verifier.Verify(Text, signature))
            {
                return LedgerResult<VerifiedNote>.Failure(LedgerErrorCodes.InvalidSignature, $"The signature of {signature} does not verify.");
            }

            verified.Add(new VerifiedSignature(verifier, signature));
        }

        if (verified.Count == 0)
        {
            return LedgerResult<VerifiedNote>.Failure(LedgerErrorCodes.NoVerifiedSignature, "No signature in the note is from a configured key.");
        }

        return LedgerResult<VerifiedNote>.Success(new VerifiedNote(this, verified, unverified));
    }

    /// <summary>Formats the note: text, blank line, signature lines.</summary>
    /// <returns>The note text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            builder.Append(signature.ToLine());
        }

        return builder.ToString();
    }

    /// <summary>Formats the note as UTF-8 bytes.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToString());

    internal static void ThrowIfInvalidText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[^1] != '\n')
        {
            throw new ArgumentException("A note text is one or more lines, each ending with a newline.", nameof(text));
        }

        foreach (var c in text)
        {
            if (c < 0x20 && c != '\n')
            {
                throw new ArgumentException("A note text has no control characters other than newline.", nameof(text));
            }
        }
    }

    private static LedgerResult<Note> Malformed(string message) => LedgerResult<Note>.Failure(LedgerErrorCodes.Malformed, message);
}
