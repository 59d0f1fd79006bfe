namespace Canvass.Domain.Ballots;

/// <summary>One counted mark on a ballot: a selection, and for ranked-choice contests its rank.</summary>
/// <param name="Selection">The position of the selection in its contest's <see cref="Elections.Contest.Selections"/>.</param>
/// <param name="Rank">The rank (1 = first choice) in a ranked contest; 0 in an unranked one.</param>
public readonly record struct Mark(int Selection, int Rank = 0);
