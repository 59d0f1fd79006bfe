using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A risk-limiting audit was created over committed CVRs and manifests. One audit per store.</summary>
/// <param name="AuditId">The audit's id.</param>
/// <param name="AuditType">One of <see cref="AuditTypes"/>.</param>
/// <param name="RiskLimit">The risk limit in whole percent (1–20, as Arlo allows).</param>
/// <param name="Contests">The targeted and opportunistic contests with the reported outcome under audit.</param>
/// <param name="CvrImports">The CVR imports (ids) the audit relies on.</param>
/// <param name="ManifestImports">The manifest imports (ids) the sampling frame is built from.</param>
[EventType("audit-created.v1")]
public sealed record AuditCreated(
    string AuditId,
    string AuditType,
    int RiskLimit,
    ImmutableArray<AuditedContest> Contests,
    ImmutableArray<string> CvrImports,
    ImmutableArray<string> ManifestImports) : IEvent;
