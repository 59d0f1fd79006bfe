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

    /// <summary>The unit's contest was won by a selection that is not a ticket of the national contest (an aggregate
    /// "Other candidates" line, a write-in line): no elector is pledged to it, so the unit's electors stay unallocated.
    /// <see cref="ElectoralUnitOutcome.Winner"/> names the selection that won.</summary>
    NotATicket = 4,
}
