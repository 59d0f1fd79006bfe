namespace Canvass.Domain.Electoral;

/// <summary>The two offices electors vote for, by separate ballots (12th Amendment).</summary>
public enum ElectoralOffice
{
    /// <summary>President.</summary>
    President = 0,

    /// <summary>Vice President.</summary>
    VicePresident = 1,
}
