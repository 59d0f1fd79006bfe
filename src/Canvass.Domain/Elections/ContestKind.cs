namespace Canvass.Domain.Elections;

/// <summary>What a contest decides.</summary>
public enum ContestKind
{
    /// <summary>Candidates for an office.</summary>
    Candidate = 0,
    /// <summary>A question with answers such as Yes and No.</summary>
    BallotMeasure = 1,
    /// <summary>A straight-party contest.</summary>
    Party = 2,
    /// <summary>Whether to retain an office holder.</summary>
    Retention = 3,
}
