using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Canvass.Ledger;

/// <summary>
/// A signed-note verifier key ("vkey"): <c>name+keyID(8 hex)+base64(type || public key)</c>, for Ed25519 (type 0x01)
/// and Ed25519 cosignatures (type 0x04).
/// </summary>
/// <remarks>
/// The key ID is the first 4 bytes of SHA-256(name || 0x0A || type || public key). Signatures are matched to keys by
/// (name, key ID). Immutable and thread-safe.
/// </remarks>
public sealed class NoteVerifier
{
    private static readonly byte[] CosignatureHeader = "cosignature/v1\ntime "u8.ToArray();
    private readonly byte[] _publicKey;

    private NoteVerifier(string name, byte type, byte[] publicKey)
    {
        Name = name;
        SignatureType = type;
        _publicKey = publicKey;
        KeyId = ComputeKeyId(name, type, publicKey);
    }

    /// <summary>Gets the key name.</summary>
    public string Name { get; }

    /// <summary>Gets the key ID.</summary>
    public uint KeyId { get; }

    /// <summary>Gets the signature type, one of <see cref="NoteKeyType"/>.</summary>
    public byte SignatureType { get; }

    /// <summary>Gets the 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Creates a verifier from its parts.</summary>
    /// <param name="name">The key name (non-empty, no whitespace, no '+').</param>
    /// <param name="type"><see cref="NoteKeyType.Ed25519"/> or <see cref="NoteKeyType.Cosignature"/>.</param>
    /// <param name="publicKey">The 32-byte Ed25519 public key.</param>
    /// <returns>The verifier.</returns>
    /// <exception cref="ArgumentException">A part is invalid.</exception>
    public static NoteVerifier Create(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TextRules.IsValidKeyName(name))
        {
            throw new ArgumentException("A key name is non-empty and has no whitespace and no '+'.", nameof(name));
        }

        if (type is not (NoteKeyType.Ed25519 or NoteKeyType.Cosignature))
        {
            throw new ArgumentException("Only key types 0x01 and 0x04 are supported.", nameof(type));
        }

        if (publicKey.Length != 32)
        {
            throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));
        }

        return new NoteVerifier(name, type, publicKey.ToArray());
    }

    /// <summary>Parses a vkey, splitting at the first two '+' only, and checks that the key ID matches the key.</summary>
    /// <param name="vkey">The verifier key text.</param>
    /// <returns>The verifier, or a <see cref="LedgerErrorCodes.Malformed"/> error.</returns>
    public static LedgerResult<NoteVerifier> Parse(string vkey)
    {
        ArgumentNullException.ThrowIfNull(vkey);
        var first = vkey.IndexOf('+', StringComparison.Ordinal);
        var second = first < 0 ? -1 : vkey.IndexOf('+', first + 1);
        if (second < 0)
        {
            return Malformed("A verifier key is name+keyid+key.");
        }

        var name = vkey[..first];
        var id = vkey[(first + 1)..second];
        var key = TextRules.DecodeBase64(vkey[(second + 1)..]);
        if (!TextRules.IsValidKeyName(name))
        {
            return Malformed("The key name is empty or has whitespace or '+'.");
        }

        if (id.Length != 8 || !IsLowerHex(id) || !uint.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
        {
            return Malformed("The key ID is not 8 lowercase hex digits.");
        }

        if (key is null || key.Length != 33 || key[0] is not (NoteKeyType.Ed25519 or NoteKeyType.Cosignature))
        {
            return Malformed("The key is not canonical base64 of a supported type byte and a 32-byte Ed25519 key.");
        }

        var verifier = new NoteVerifier(name, key[0], key[1..]);
        return verifier.KeyId == keyId
            ? LedgerResult<NoteVerifier>.Success(verifier)
            : Malformed("The key ID does not match the name and key.");
    }

    /// <summary>Computes the key ID: the first 4 bytes (big-endian) of SHA-256(name || 0x0A || type || public key).</summary>
    /// <param name="name">The key name.</param>
    /// <param name="type">The signature type.</param>
    /// <param name="publicKey">The public key bytes.</param>
    /// <returns>The key ID.</returns>
    public static uint ComputeKeyId(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var preimage = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(preimage, 0);
        preimage[nameBytes.Length] = 0x0A;
        preimage[nameBytes.Length + 1] = type;
        publicKey.CopyTo(preimage.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(preimage));
    }

    /// <summary>Formats the vkey text.</summary>
    /// <returns><c>name+keyid+base64(type || key)</c>.</returns>
    public override string ToString()
    {
        var key = new byte[33];
        key[0] = SignatureType;
        _publicKey.CopyTo(key, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{Name}+{KeyId:x8}+{Convert.ToBase64String(key)}");
    }

    /// <summary>Verifies <paramref name="signature"/> (a signature line of this key's name and ID) over the note <paramref name="text"/>.</summary>
    /// <param name="text">The note text, final newline included.</param>
    /// <param name="signature">The signature.</param>
    /// <returns><see langword="true"/> when the signature is valid.</returns>
    public bool Verify(string text, NoteSignature signature)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signature);
        if (!string.Equals(signature.Name, Name, StringComparison.Ordinal) || signature.KeyId != KeyId)
        {
            return false;
        }

        var algorithm = SignatureAlgorithm.Ed25519;
        var key = NSec.Cryptography.PublicKey.Import(algorithm, _publicKey, KeyBlobFormat.RawPublicKey);
        var bytes = signature.Signature;
        if (SignatureType == NoteKeyType.Ed25519)
        {
            return bytes.Length == 64 && algorithm.Verify(key, Encoding.UTF8.GetBytes(text), bytes);
        }

        if (bytes.Length != 8 + 64)
        {
            return false;
        }

        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return timestamp <= long.MaxValue && algorithm.Verify(key, CosignedMessage(text, timestamp), bytes[8..]);
    }

    /// <summary>Builds the message a type-0x04 cosignature signs: <c>cosignature/v1\ntime T\n</c> followed by the checkpoint text.</summary>
    /// <param name="checkpointText">The checkpoint text, extension lines and final newline included.</param>
    /// <param name="timestamp">Seconds since the Unix epoch.</param>
    /// <returns>The message bytes.</returns>
    public static byte[] CosignedMessage(string checkpointText, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(checkpointText);
        var time = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "\n");
        var text = Encoding.UTF8.GetBytes(checkpointText);
        return [.. CosignatureHeader, .. time, .. text];
    }

    private static bool IsLowerHex(string text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static LedgerResult<NoteVerifier> Malformed(string message) => LedgerResult<NoteVerifier>.Failure(LedgerErrorCodes.Malformed, message);
}
