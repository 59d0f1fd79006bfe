namespace Canvass.Domain.Electoral;

/// <summary>Where an electoral unit's popular vote stands.</summary>
public enum ElectoralUnitStatus
{
    /// <summary>No votes are counted yet.</summary>
    Uncounted = 0,

    /// <summary>A candidate won the unit.</summary>
    Won = 1,

    /// <summary>Two or more candidates tie for first place; state law breaks the tie (often by lot), and the unit's
    /// electors stay unallocated until it does.</summary>
    Tied = 2,

    /// <summary>A ranked-choice unit whose first choices give nobody a majority, and whose rankings are not in the store
    /// (only totals were reported), so the elimination rounds cannot be counted here.</summary>
    RoundsNeeded = 3,
}
