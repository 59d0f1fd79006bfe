using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A ranked-choice contest's assertions measured when a round closed (appended with
/// <see cref="AuditRoundClosed"/>, whose outcome for the contest carries the largest of these risks).</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Round">The round.</param>
/// <param name="Contest">The contest id.</param>
/// <param name="Assertions">Each assertion's risk over every draw so far, in the order they were generated.</param>
[EventType("raire-assertions-measured.v1")]
public sealed record RaireAssertionsMeasured(string AuditId, int Round, string Contest, ImmutableArray<RaireAssertionRisk> Assertions) : IEvent;
