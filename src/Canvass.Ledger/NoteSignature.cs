using System.Buffers.Binary;

namespace Canvass.Ledger;

/// <summary>One signature line of a signed note: <c>— name base64(keyID || signature)</c>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class NoteSignature
{
    private readonly byte[] _bytes;

    /// <summary>Initializes a new instance of the <see cref="NoteSignature"/> class.</summary>
    /// <param name="name">The key name (non-empty, no whitespace, no '+').</param>
    /// <param name="bytes">The signature bytes: the 4-byte big-endian key ID followed by the algorithm's bytes.</param>
    /// <exception cref="ArgumentException">The name is invalid or the bytes are shorter than 5.</exception>
    public NoteSignature(string name, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TextRules.IsValidKeyName(name))
        {
            throw new ArgumentException("A key name is non-empty and has no whitespace and no '+'.", nameof(name));
        }

        if (bytes.Length < 5)
        {
            throw new ArgumentException("A signature is a 4-byte key ID and at least one more byte.", nameof(bytes));
        }

        Name = name;
        _bytes = bytes.ToArray();
    }

    /// <summary>Gets the key name.</summary>
    public string Name { get; }

    /// <summary>Gets the key ID (first 4 bytes, big-endian).</summary>
    public uint KeyId => BinaryPrimitives.ReadUInt32BigEndian(_bytes);

    /// <summary>Gets the signature bytes after the key ID.</summary>
    public ReadOnlySpan<byte> Signature => _bytes.AsSpan(4);

    /// <summary>Gets the signature bytes including the key ID (what the line's base64 encodes).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Formats the signature line, em dash (U+2014) first and newline last.</summary>
    /// <returns>The line.</returns>
    public string ToLine() => $"\u2014 {Name} {Convert.ToBase64String(_bytes)}\n";

    /// <inheritdoc/>
    public override string ToString() => $"{Name}+{KeyId:x8}";
}
