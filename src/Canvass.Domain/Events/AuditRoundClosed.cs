using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A round was closed: every contest's discrepancies and measured risk, and the decision.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round.</param>
/// <param name="Contests">The measurement per contest over all rounds so far.</param>
/// <param name="Decision">One of <see cref="RoundDecisions"/>.</param>
[EventType("audit-round-closed.v1")]
public sealed record AuditRoundClosed(string AuditId, int Round, ImmutableArray<ContestRoundOutcome> Contests, string Decision) : IEvent
{
    /// <summary>A full hand tally's batches whose paper does not fit their committed manifest ballots, as the round
    /// closed: empty when every batch fits, null in every other round and in a full hand tally closed before Canvass
    /// kept this account (whose sheets could then differ from the manifest only in their ballots counted). While one
    /// stands unexplained (<see cref="BallotAccountingExplained"/>), the hand count is still the count, but the audit's
    /// result is not recorded: it cannot pass.</summary>
    public ImmutableArray<BallotAccountingDiscrepancy>? AccountingDiscrepancies { get; init; }
}
