namespace Canvass.Domain.Facts;

/// <summary>A decision desk (AP, a network, DDHQ) projected a winner. No legal effect; it can be retracted.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Caller">The decision desk, as named in the rules' <c>decisionDesks</c> (for example <c>AP</c>).</param>
/// <param name="Winner">The projected winner: a candidate id of the contest.</param>
/// <param name="Basis">What the desk said the call rests on, when it said.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When the call was made.</param>
/// <param name="Evidence">A link to the call.</param>
[Events.EventType("race-called.v1")]
public sealed record RaceCalled(string Contest, string Caller, string Winner, string? Basis, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
