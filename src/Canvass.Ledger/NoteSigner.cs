using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Canvass.Ledger;

/// <summary>
/// A signed-note signer: an Ed25519 seed with a key name and type. Its private text form (Go's, not a C2SP standard) is
/// <c>PRIVATE+KEY+name+keyID(8 hex)+base64(type || 32-byte seed)</c>.
/// </summary>
/// <remarks>
/// Ed25519 is deterministic: signing the same text with the same key gives the same bytes. Thread-safe. The seed is
/// secret: <see cref="ToString"/> does not reveal it; use <see cref="ToPrivateKeyText"/> deliberately.
/// </remarks>
public sealed class NoteSigner
{
    private const string PrivatePrefix = "PRIVATE+KEY+";
    private readonly byte[] _seed;

    private NoteSigner(string name, byte type, byte[] seed)
    {
        _seed = seed;
        using var key = ImportKey(seed);
        Verifier = NoteVerifier.Create(name, type, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>Gets the key name.</summary>
    public string Name => Verifier.Name;

    /// <summary>Gets the key ID.</summary>
    public uint KeyId => Verifier.KeyId;

    /// <summary>Gets the signature type, one of <see cref="NoteKeyType"/>.</summary>
    public byte SignatureType => Verifier.SignatureType;

    /// <summary>Gets the matching verifier key.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>Creates a signer from a 32-byte Ed25519 seed.</summary>
    /// <param name="name">The key name (for a log, its origin).</param>
    /// <param name="type"><see cref="NoteKeyType.Ed25519"/> for a log, <see cref="NoteKeyType.Cosignature"/> for a witness.</param>
    /// <param name="seed">The 32-byte seed (RFC 8032 private key).</param>
    /// <returns>The signer.</returns>
    public static NoteSigner FromSeed(string name, byte type, ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("An Ed25519 seed is 32 bytes.", nameof(seed));
        }

        return new NoteSigner(name, type, seed.ToArray());
    }

    /// <summary>Generates a new key from the operating system's cryptographic random number generator.</summary>
    /// <param name="name">The key name.</param>
    /// <param name="type">The signature type.</param>
    /// <returns>The signer.</returns>
    public static NoteSigner Generate(string name, byte type = NoteKeyType.Ed25519) =>
        new(name, type, RandomNumberGenerator.GetBytes(32));

    /// <summary>Parses the private key text <c>PRIVATE+KEY+name+keyid+base64(type || seed)</c> and checks the key ID.</summary>
    /// <param name="skey">The private key text.</param>
    /// <returns>The signer, or a <see cref="LedgerErrorCodes.Malformed"/> error.</returns>
    public static LedgerResult<NoteSigner> Parse(string skey)
    {
        ArgumentNullException.ThrowIfNull(skey);
        if (!skey.StartsWith(PrivatePrefix, StringComparison.Ordinal))
        {
            return Malformed("A private key starts with PRIVATE+KEY+.");
        }

        var rest = skey[PrivatePrefix.Length..];
        var first = rest.IndexOf('+', StringComparison.Ordinal);
        var second = first < 0 ? -1 : rest.IndexOf('+', first + 1);
        if (second < 0)
        {
            return Malformed("A private key is PRIVATE+KEY+name+keyid+key.");
        }

        var name = rest[..first];
        var id = rest[(first + 1)..second];
        var key = TextRules.DecodeBase64(rest[(second + 1)..]);
        if (!TextRules.IsValidKeyName(name) || id.Length != 8
            || !uint.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId)
            || !string.Equals(id, id.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return Malformed("The key name or key ID is invalid.");
        }

        if (key is null || key.Length != 33 || key[0] is not (NoteKeyType.Ed25519 or NoteKeyType.Cosignature))
        {
            return Malformed("The key is not canonical base64 of a supported type byte and a 32-byte Ed25519 seed.");
        }

        var signer = new NoteSigner(name, key[0], key[1..]);
        return signer.KeyId == keyId
            ? LedgerResult<NoteSigner>.Success(signer)
            : Malformed("The key ID does not match the name and key.");
    }

    /// <summary>Formats the private key text. Handle the result as a secret.</summary>
    /// <returns><c>PRIVATE+KEY+name+keyid+base64(type || seed)</c>.</returns>
    public string ToPrivateKeyText()
    {
        var key = new byte[33];
        key[0] = SignatureType;
        _seed.CopyTo(key, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{PrivatePrefix}{Name}+{KeyId:x8}+{Convert.ToBase64String(key)}");
    }

    /// <summary>Signs a note text with a type-0x01 key.</summary>
    /// <param name="text">The note text; non-empty and ending with a newline.</param>
    /// <returns>The signature line.</returns>
    /// <exception cref="InvalidOperationException">This is a cosignature key; use <see cref="Cosign"/>.</exception>
    public NoteSignature Sign(string text)
    {
        Note.ThrowIfInvalidText(text);
        if (SignatureType != NoteKeyType.Ed25519)
        {
            throw new InvalidOperationException("A cosignature key signs checkpoints with Cosign.");
        }

        using var key = ImportKey(_seed);
        var bytes = new byte[4 + 64];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
        SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(text), bytes.AsSpan(4));
        return new NoteSignature(Name, bytes);
    }

    /// <summary>Cosigns a checkpoint text with a type-0x04 key (C2SP tlog-cosignature v1).</summary>
    /// <param name="checkpointText">The checkpoint text, extension lines and final newline included.</param>
    /// <param name="timestamp">Seconds since the Unix epoch, at most 2^63-1.</param>
    /// <returns>The cosignature line.</returns>
    /// <exception cref="InvalidOperationException">This is not a cosignature key.</exception>
    public NoteSignature Cosign(string checkpointText, ulong timestamp)
    {
        Note.ThrowIfInvalidText(checkpointText);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestamp, (ulong)long.MaxValue);
        if (SignatureType != NoteKeyType.Cosignature)
        {
            throw new InvalidOperationException("Only a type 0x04 key makes cosignatures.");
        }

        using var key = ImportKey(_seed);
        var bytes = new byte[4 + 8 + 64];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(4), timestamp);
        SignatureAlgorithm.Ed25519.Sign(key, NoteVerifier.CosignedMessage(checkpointText, timestamp), bytes.AsSpan(12));
        return new NoteSignature(Name, bytes);
    }

    /// <inheritdoc/>
    public override string ToString() => Verifier.ToString();

    private static Key ImportKey(byte[] seed) => Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);

    private static LedgerResult<NoteSigner> Malformed(string message) => LedgerResult<NoteSigner>.Failure(LedgerErrorCodes.Malformed, message);
}
