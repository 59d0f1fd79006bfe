namespace Canvass.Domain.Facts;

/// <summary>A decision desk withdrew its call (Florida 2000). The desk's earlier call no longer stands.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Caller">The decision desk.</param>
/// <param name="Reason">Why, as the desk said.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When the call was retracted.</param>
/// <param name="Evidence">A link.</param>
[Events.EventType("race-call-retracted.v1")]
public sealed record RaceCallRetracted(string Contest, string Caller, string? Reason, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
