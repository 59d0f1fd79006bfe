namespace Canvass.Domain.Facts;

/// <summary>A candidate withdrew a concession (Gore, 2000).</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Candidate">The candidate.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link.</param>
[Events.EventType("concession-withdrawn.v1")]
public sealed record ConcessionWithdrawn(string Contest, string Candidate, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
