namespace Canvass.Domain.Facts;

/// <summary>A recount was requested (or ordered): the recount is pending until it completes.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Requester">Who asked (a candidate, a campaign, the Secretary of State).</param>
/// <param name="Scope">What is recounted when not the whole contest (for example <c>Milwaukee and Dane counties</c>).</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link to the petition or order.</param>
[Events.EventType("recount-requested.v1")]
public sealed record RecountRequested(string Contest, string Requester, string? Scope, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
