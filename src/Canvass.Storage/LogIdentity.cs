namespace Canvass.Storage;

/// <summary>Who the store's transparency log is: its C2SP origin line and the verifier key of its signer.</summary>
/// <param name="Origin">The checkpoint origin, unique to this election's log (for example
/// <c>canvass.example.org/ga-2020-general</c>).</param>
/// <param name="VerifierKey">The log's Ed25519 verifier key in C2SP text form (<c>name+hash+base64</c>).</param>
public sealed record LogIdentity(string Origin, string VerifierKey);
