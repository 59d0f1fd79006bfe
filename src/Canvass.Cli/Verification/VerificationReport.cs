namespace Canvass.Cli.Verification;

/// <summary>What <c>canvass verify</c> found. <see cref="Ok"/> is false at the first failure, which
/// <see cref="Failure"/> describes and <see cref="FailedPosition"/> locates when it is one event.</summary>
internal sealed record VerificationReport(
    bool Ok,
    string Source,
    string? Origin,
    long LogSize,
    string? Root,
    int ConsistentWithEarlierCheckpoints,
    int CvrImportsVerified,
    long BallotsVerified,
    long? FailedPosition,
    string? Failure,
    IReadOnlyList<string> Notes,
    Commands.TabulationReport? Tabulation);
