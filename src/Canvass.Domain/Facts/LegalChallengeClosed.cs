namespace Canvass.Domain.Facts;

/// <summary>A challenge ended for good: a final judgment, a dismissal not appealed in time, a withdrawal. Its court orders
/// stop being in effect.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="CaseNumber">The challenge's docket number.</param>
/// <param name="Outcome">How it ended: <c>dismissed</c>, <c>withdrawn</c>, <c>judgment</c>, ….</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link.</param>
[Events.EventType("legal-challenge-closed.v1")]
public sealed record LegalChallengeClosed(string Contest, string CaseNumber, string Outcome, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
