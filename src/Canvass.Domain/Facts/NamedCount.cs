namespace Canvass.Domain.Facts;

/// <summary>A count for one selection or candidate: votes in a certified tally, or electoral votes cast.</summary>
/// <param name="Id">The selection id (tallies) or candidate id (electoral votes).</param>
/// <param name="Votes">The count; never negative.</param>
public sealed record NamedCount(string Id, long Votes);
