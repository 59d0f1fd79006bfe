namespace Canvass.Cli.Verification;

/// <summary>What <c>canvass verify</c> found. <see cref="Ok"/> is false at the first failure, which
/// <see cref="Failure"/> describes and <see cref="FailedPosition"/> locates when it is one event. <see cref="Finality"/>
/// is null when verification failed or the log has no election.</summary>
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
    Commands.TabulationReport? Tabulation,
    FinalityAt? Finality);

/// <summary>What a verified log answers for finality at <see cref="At"/>: each contest with a recorded fact under every
/// built-in policy, as <c>canvass finality --json</c> gives them.</summary>
internal sealed record FinalityAt(DateTimeOffset At, IReadOnlyList<Finality.FinalityReport> Contests);

/// <summary>What <c>canvass verify --receipt FILE --json</c> prints: whether the ballot's receipt holds, and where the ballot
/// is (its 0-based index among its import's <see cref="Count"/> committed records).</summary>
internal sealed record ReceiptVerificationReport(bool Ok, string BallotId, long Index, long Count, string ImportId, string Origin, string? Failure);
