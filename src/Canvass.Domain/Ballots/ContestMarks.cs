using System.Collections.Immutable;

namespace Canvass.Domain.Ballots;

/// <summary>A contest as it appears on one ballot, with the marks counted in it.</summary>
/// <param name="Contest">The position of the contest in <see cref="Elections.ElectionDefinition.Contests"/>.</param>
/// <param name="Marks">The allocable marks, in ballot order. Empty means the contest was on the ballot but left blank
/// (an undervote). More marks than the contest allows is an overvote: counted as such, not rejected.</param>
public readonly record struct ContestMarks(int Contest, ImmutableArray<Mark> Marks);
