namespace Canvass.Ledger;

/// <summary>A note whose signatures were checked: which configured keys verified it, and which lines came from unknown keys (ignored).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class VerifiedNote
{
    internal VerifiedNote(Note note, IReadOnlyList<VerifiedSignature> verified, IReadOnlyList<NoteSignature> unverified)
    {
        Note = note;
        Verified = verified;
        Unverified = unverified;
    }

    /// <summary>Gets the note.</summary>
    public Note Note { get; }

    /// <summary>Gets the text the signatures cover.</summary>
    public string Text => Note.Text;

    /// <summary>Gets the signatures verified by configured keys, one per key, in note order.</summary>
    public IReadOnlyList<VerifiedSignature> Verified { get; }

    /// <summary>Gets the signature lines from keys that are not configured (ignored, kept for inspection).</summary>
    public IReadOnlyList<NoteSignature> Unverified { get; }

    /// <summary>Returns whether <paramref name="verifier"/> verified this note.</summary>
    /// <param name="verifier">A configured key.</param>
    /// <returns><see langword="true"/> when one of the verified signatures is this key's.</returns>
    public bool IsSignedBy(NoteVerifier verifier) => Verified.Any(v => ReferenceEquals(v.Verifier, verifier));
}
