using System.Collections.Immutable;

namespace Canvass.Domain.Facts;

/// <summary>The joint session of Congress counted the electoral votes (3 U.S.C. §15).</summary>
/// <param name="Contest">The presidential contest.</param>
/// <param name="Votes">Electoral votes counted per candidate id.</param>
/// <param name="Source">Who reports it (the Congressional Record).</param>
/// <param name="At">When the count was completed.</param>
/// <param name="Evidence">A link.</param>
[Events.EventType("congress-counted.v1")]
public sealed record CongressCounted(string Contest, ImmutableArray<NamedCount> Votes, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
