using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A full hand tally round of a ballot-polling or ballot-comparison audit, counted per batch on tally sheets as
/// Arlo counts one: the frame the boards tally, appended right after the round's <see cref="AuditSampleDrawn"/> (which
/// then lists no ballots). The frame is every batch of the committed manifests named here; the batches themselves are in
/// those manifests' <c>manifest-committed</c> entries, so the round names each manifest by its import and root instead of
/// repeating millions of ballots.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="Contest">The targeted contest counted in full.</param>
/// <param name="Manifests">Each county of the contest's frame with its committed manifest, in the contest's county order.</param>
/// <param name="Batches">The frame's batches.</param>
/// <param name="Ballots">The frame's ballots (the round's size).</param>
[EventType("audit-hand-tally-frame-fixed.v1")]
public sealed record HandTallyFrameFixed(string AuditId, int Round, string Contest, ImmutableArray<FrameManifest> Manifests, long Batches, long Ballots) : IEvent;
