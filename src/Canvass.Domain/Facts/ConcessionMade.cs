namespace Canvass.Domain.Facts;

/// <summary>A candidate conceded. A public statement with no legal effect on counting, certification or deadlines.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Candidate">The candidate who conceded (a candidate id of the contest).</param>
/// <param name="Medium">How (speech, statement, telephone call to the winner), when known.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link.</param>
[Events.EventType("concession-made.v1")]
public sealed record ConcessionMade(string Contest, string Candidate, string? Medium, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
