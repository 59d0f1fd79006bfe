using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A hybrid (SUITE) round's draws per stratum, appended right after the round's <see cref="AuditSampleDrawn"/>
/// (whose sizes hold each contest's total): the CVR stratum drawn with replacement and the non-CVR stratum without, each
/// continuing its own ticket stream from the public seed.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="Sizes">New draws per targeted contest and stratum.</param>
[EventType("audit-hybrid-strata-drawn.v1")]
public sealed record HybridStrataDrawn(string AuditId, int Round, ImmutableArray<HybridSampleSize> Sizes) : IEvent;
