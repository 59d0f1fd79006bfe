using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A round's sample was drawn with the consistent sampler, continuing each contest's ticket stream.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="Sizes">New draws per targeted contest.</param>
/// <param name="Ballots">The distinct ballots drawn this round, each with all its draws.</param>
[EventType("audit-sample-drawn.v1")]
public sealed record AuditSampleDrawn(string AuditId, int Round, ImmutableArray<SampleSize> Sizes, ImmutableArray<SampledBallot> Ballots) : IEvent;
