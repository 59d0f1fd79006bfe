using NSec.Cryptography;

namespace Canvass.Domain.Finality;

/// <summary>Ed25519 signatures of certifying officials over a tally hash (the 32 bytes of <see cref="Facts.TallyHash"/>).</summary>
public static class CertificationSignatures
{
    /// <summary>Signs a tally hash (lower-case hex) with an official's 32-byte Ed25519 seed; returns base64.</summary>
    public static string Sign(ReadOnlySpan<byte> seed, string tallyHash)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        return Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, Convert.FromHexString(tallyHash)));
    }

    /// <summary>The base64 public key of a 32-byte seed.</summary>
    public static string PublicKeyOf(ReadOnlySpan<byte> seed)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        return Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>True when <paramref name="signature"/> (base64) is the official's signature over the tally hash.</summary>
    public static bool Verify(string publicKey, string tallyHash, string signature)
    {
        try
        {
            var key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(publicKey), KeyBlobFormat.RawPublicKey);
            return SignatureAlgorithm.Ed25519.Verify(key, Convert.FromHexString(tallyHash), Convert.FromBase64String(signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
