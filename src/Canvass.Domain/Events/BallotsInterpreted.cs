using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A county's audit board recorded what the paper of some sampled ballots shows. A later entry for the same
/// ballot replaces an earlier one until the round is closed.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round.</param>
/// <param name="County">The county whose board entered them; every ballot is that county's.</param>
/// <param name="Source">Where the entries came from: a file name, or <c>command line</c>.</param>
/// <param name="Ballots">The interpretations.</param>
[EventType("ballots-interpreted.v1")]
public sealed record BallotsInterpreted(string AuditId, int Round, string County, string Source, ImmutableArray<BallotInterpretation> Ballots) : IEvent;
