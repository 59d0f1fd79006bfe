namespace Canvass.Domain.Electoral;

/// <summary>How a state allocates its electors among the winners of its popular vote.</summary>
public enum ElectoralMethod
{
    /// <summary>Every elector goes to the statewide winner (the general ticket: 48 states and the District of Columbia).</summary>
    WinnerTakeAll = 0,

    /// <summary>The congressional-district method (Maine since 1972, Nebraska since 1992): the at-large electors go to the
    /// statewide winner and one elector to the winner of each congressional district.</summary>
    CongressionalDistrict = 1,
}
