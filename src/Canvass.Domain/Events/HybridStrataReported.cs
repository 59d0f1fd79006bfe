using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A hybrid (SUITE) audit's strata, appended with <see cref="AuditCreated"/>: for every audited contest, the
/// CVR stratum (counties with committed CVRs) and the non-CVR stratum (counties that reported totals only), each with
/// its manifest ballots and reported votes.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Strata">Two strata per audited contest, CVR first, in the order of the audit's contests.</param>
[EventType("audit-hybrid-strata-reported.v1")]
public sealed record HybridStrataReported(string AuditId, ImmutableArray<ReportedStratum> Strata) : IEvent;
