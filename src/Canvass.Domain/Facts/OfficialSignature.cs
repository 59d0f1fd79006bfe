namespace Canvass.Domain.Facts;

/// <summary>One certifying official's Ed25519 signature over a certified tally's hash.</summary>
/// <param name="Official">The official's id in the jurisdiction's rules (<c>rules/*.json</c>).</param>
/// <param name="Signature">Base64 of the 64-byte Ed25519 signature over the 32 bytes of the tally hash.</param>
public sealed record OfficialSignature(string Official, string Signature);
