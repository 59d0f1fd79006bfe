using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A round was closed: every contest's discrepancies and measured risk, and the decision.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round.</param>
/// <param name="Contests">The measurement per contest over all rounds so far.</param>
/// <param name="Decision">One of <see cref="RoundDecisions"/>.</param>
[EventType("audit-round-closed.v1")]
public sealed record AuditRoundClosed(string AuditId, int Round, ImmutableArray<ContestRoundOutcome> Contests, string Decision) : IEvent;
