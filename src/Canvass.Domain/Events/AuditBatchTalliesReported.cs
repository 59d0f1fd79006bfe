using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A batch-comparison audit's reported batch tallies, counted from the committed CVRs of each manifest batch
/// when the audit was created (appended with <see cref="AuditCreated"/>): the tallies the audit boards' hand counts are
/// compared with, and the error bounds the batches are drawn by.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Batches">One tally per audited contest and manifest batch of the contest's counties, in manifest order.</param>
[EventType("audit-batch-tallies-reported.v1")]
public sealed record AuditBatchTalliesReported(string AuditId, ImmutableArray<ReportedBatchTally> Batches) : IEvent;
