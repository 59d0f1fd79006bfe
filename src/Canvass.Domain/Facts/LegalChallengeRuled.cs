namespace Canvass.Domain.Facts;

/// <summary>A court ruled on a challenge. The challenge stays pending until it is closed: a ruling can be appealed.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="CaseNumber">The challenge's docket number.</param>
/// <param name="Court">The court that ruled (the trial court or an appellate court).</param>
/// <param name="Outcome">What it decided: <c>dismissed</c>, <c>denied</c>, <c>granted</c>, <c>judgment</c>, ….</param>
/// <param name="Summary">The ruling in a sentence.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link to the ruling.</param>
[Events.EventType("legal-challenge-ruled.v1")]
public sealed record LegalChallengeRuled(
    string Contest, string CaseNumber, string Court, string Outcome, string? Summary, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
