namespace Canvass.Domain.Events;

/// <summary>The officials explained a batch's ballot-accounting discrepancy that a closed full hand tally round logged
/// (<see cref="AuditRoundClosed.AccountingDiscrepancies"/>): the paper the board counted and the committed manifest
/// disagree, and this says why (an uncounted memory card found, a batch split across two boxes, a miscounted manifest).
/// Once every discrepancy of the round is explained, the hand count's result is recorded. The explanation is public: it
/// names no voter.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The closed round whose discrepancy it explains.</param>
/// <param name="County">The batch's county id.</param>
/// <param name="Tabulator">The batch's tabulator, when the manifest names one.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Explanation">What the officials found, in their words.</param>
[EventType("audit-ballot-accounting-explained.v1")]
public sealed record BallotAccountingExplained(string AuditId, int Round, string County, string? Tabulator, string Batch, string Explanation) : IEvent;
