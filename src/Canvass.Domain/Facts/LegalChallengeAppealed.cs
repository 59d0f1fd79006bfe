namespace Canvass.Domain.Facts;

/// <summary>A ruling on a challenge was appealed; the challenge is pending again if it had been closed.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="CaseNumber">The challenge's docket number in the court below.</param>
/// <param name="Court">The appellate court.</param>
/// <param name="Appellant">Who appealed.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link.</param>
[Events.EventType("legal-challenge-appealed.v1")]
public sealed record LegalChallengeAppealed(
    string Contest, string CaseNumber, string Court, string? Appellant, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
