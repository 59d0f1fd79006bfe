using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A batch-comparison round's batches, drawn with Arlo's PPEB sampler from the public seed; appended right after
/// the round's <see cref="AuditSampleDrawn"/> (which then lists no ballots).</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="Batches">The distinct batches drawn this round, each with all its draws.</param>
[EventType("audit-batches-drawn.v1")]
public sealed record AuditBatchesDrawn(string AuditId, int Round, ImmutableArray<SampledBatch> Batches) : IEvent;
