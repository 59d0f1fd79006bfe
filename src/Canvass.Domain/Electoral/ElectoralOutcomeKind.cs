namespace Canvass.Domain.Electoral;

/// <summary>What the electoral votes decide.</summary>
public enum ElectoralOutcomeKind
{
    /// <summary>Some electoral votes are still outstanding and nobody has a majority yet.</summary>
    Undetermined = 0,

    /// <summary>A candidate has a majority of the electors appointed.</summary>
    Elected = 1,

    /// <summary>Every electoral vote is in and nobody has a majority: the 12th Amendment's contingent election decides
    /// (the House chooses the President, the Senate the Vice President).</summary>
    ContingentElectionRequired = 2,
}
