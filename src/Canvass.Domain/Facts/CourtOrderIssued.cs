namespace Canvass.Domain.Facts;

/// <summary>A court order about counting or certification. It is in effect until a later order lifts it or its case is
/// closed.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="OrderId">Identifies the order in later facts (a later order's <paramref name="Lifts"/>).</param>
/// <param name="Court">The court.</param>
/// <param name="CaseNumber">The case it was made in, when it was made in a recorded challenge.</param>
/// <param name="Effect">What it does: <c>halt-certification</c>, <c>segregate-ballots</c>, <c>count-category</c>,
/// <c>exclude-category</c>, <c>recount</c>, or <c>lift</c> (ends the order named by <paramref name="Lifts"/>).</param>
/// <param name="Lifts">The order this one ends, when <paramref name="Effect"/> is <c>lift</c>.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When it took effect.</param>
/// <param name="Evidence">A link to the order.</param>
[Events.EventType("court-order-issued.v1")]
public sealed record CourtOrderIssued(
    string Contest, string OrderId, string Court, string? CaseNumber, string Effect, string? Lifts, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
