using System.Collections.Immutable;

namespace Canvass.Domain.Tabulation;

/// <summary>The result of every contest, in definition order.</summary>
/// <param name="Contests">One result per contest of the definition.</param>
/// <param name="BallotsCounted">How many cast vote records were tabulated.</param>
public sealed record ElectionTabulation(ImmutableArray<ContestResult> Contests, long BallotsCounted);
