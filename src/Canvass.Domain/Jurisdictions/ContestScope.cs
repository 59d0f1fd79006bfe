namespace Canvass.Domain.Jurisdictions;

/// <summary>Kinds of contest a deadline can be limited to (<c>appliesTo</c> in a rules file, <see cref="ContestScopes"/>
/// for the names). A contest is of its <see cref="Elections.ContestKind"/>'s scope and, when the Electoral College decides
/// it or it chooses electors, of <see cref="ElectoralCollege"/> as well.</summary>
[Flags]
public enum ContestScope
{
    /// <summary>No contest.</summary>
    None = 0,

    /// <summary><c>electoral-college</c>: the national Electoral College contest and every contest that chooses electors
    /// for it (a candidate contest whose selections name its candidates).</summary>
    ElectoralCollege = 1,

    /// <summary><c>candidate</c>: a contest for an office (the presidency's contests too).</summary>
    Candidate = 2,

    /// <summary><c>ballot-measure</c>: a question such as Yes or No.</summary>
    BallotMeasure = 4,

    /// <summary><c>party</c>: a straight-party contest.</summary>
    Party = 8,

    /// <summary><c>retention</c>: whether to retain an office holder.</summary>
    Retention = 16,
}
