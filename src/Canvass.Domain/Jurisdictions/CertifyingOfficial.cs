namespace Canvass.Domain.Jurisdictions;

/// <summary>An official who may sign a certification for a certifying body.</summary>
/// <param name="Id">The official's id; a signature names it.</param>
/// <param name="Name">The office (and, where useful, the holder).</param>
/// <param name="PublicKey">Base64 of the official's 32-byte Ed25519 public key.</param>
public sealed record CertifyingOfficial(string Id, string Name, string PublicKey);
