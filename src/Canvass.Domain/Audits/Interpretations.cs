namespace Canvass.Domain.Audits;

/// <summary>What an audit board can record for one contest on one ballot (Arlo's interpretation values).</summary>
public static class Interpretations
{
    /// <summary>The board agrees on the marked choices (which may be more than allowed: then the overvote flag is set).</summary>
    public const string Vote = "vote";

    /// <summary>The contest is on the ballot but nothing is marked.</summary>
    public const string Blank = "blank";

    /// <summary>The board members could not agree; counted as no vote.</summary>
    public const string CantAgree = "cant-agree";

    /// <summary>The contest is not on this ballot.</summary>
    public const string NotOnBallot = "not-on-ballot";

    /// <summary>Every value, for validation.</summary>
    public static IReadOnlyList<string> All { get; } = [Vote, Blank, CantAgree, NotOnBallot];
}
