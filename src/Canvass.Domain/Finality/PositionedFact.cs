using Canvass.Domain.Facts;

namespace Canvass.Domain.Finality;

/// <summary>A recorded fact with its position in the election's log.</summary>
/// <param name="Position">The event's global log position.</param>
/// <param name="Fact">The fact.</param>
public sealed record PositionedFact(long Position, IContestFact Fact);
