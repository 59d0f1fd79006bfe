namespace Canvass.Domain.Facts;

/// <summary>A recount began.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Method">How: <c>machine</c>, <c>hand</c>.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link.</param>
[Events.EventType("recount-started.v1")]
public sealed record RecountStarted(string Contest, string Method, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
