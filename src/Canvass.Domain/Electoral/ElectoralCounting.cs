namespace Canvass.Domain.Electoral;

/// <summary>How the winner of each of a state's electoral units (statewide, or a district) is found from the popular vote.</summary>
public enum ElectoralCounting
{
    /// <summary>Most votes wins.</summary>
    Plurality = 0,

    /// <summary>Ranked-choice voting (single-winner instant runoff), as Maine counts presidential elections from 2020: a
    /// first-choice majority wins outright, otherwise the elimination rounds decide.</summary>
    RankedChoice = 1,
}
