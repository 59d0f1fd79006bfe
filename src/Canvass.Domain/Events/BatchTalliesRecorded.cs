using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A county's audit board recorded the hand tallies of some sampled batches. A later entry for the same batch
/// and contest replaces an earlier one until the round is closed.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round.</param>
/// <param name="County">The county whose board entered them; every batch is that county's.</param>
/// <param name="Source">Where the tallies came from (a file name).</param>
/// <param name="Tallies">The tallies.</param>
[EventType("audit-batch-tallies-recorded.v1")]
public sealed record BatchTalliesRecorded(string AuditId, int Round, string County, string Source, ImmutableArray<AuditedBatchTally> Tallies) : IEvent;
