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

/// <summary>What <c>canvass verify --receipt FILE --json</c> prints: whether the ballot's receipt holds, and where the ballot
/// is (its 0-based index among its import's <see cref="Count"/> committed records).</summary>
internal sealed record ReceiptVerificationReport(bool Ok, string BallotId, long Index, long Count, string ImportId, string Origin, string? Failure);
