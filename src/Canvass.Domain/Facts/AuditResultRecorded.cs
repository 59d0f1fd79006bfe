namespace Canvass.Domain.Facts;

/// <summary>The result of an audit of the contest's outcome (a risk-limiting audit, a full hand tally like Georgia's in
/// 2020). An audit confirms the outcome; it does not replace the certified tally.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Kind">The audit: <c>risk-limiting</c>, <c>hand-count</c>, <c>tabulation</c>.</param>
/// <param name="Outcome"><c>passed</c> (outcome confirmed), <c>escalated</c> or <c>failed</c>.</param>
/// <param name="Summary">A sentence on what it found.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link to the audit report.</param>
[Events.EventType("audit-result-recorded.v1")]
public sealed record AuditResultRecorded(string Contest, string Kind, string Outcome, string? Summary, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
