namespace Canvass.Domain.Events;

/// <summary>The audit's public random seed was set (for example twenty rolls of a ten-sided die, in public). Set once,
/// after every input is committed; from then on an import affecting an audited contest is refused.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Seed">The seed, hashed as text by the consistent sampler.</param>
[EventType("audit-seed-set.v1")]
public sealed record AuditSeedSet(string AuditId, string Seed) : IEvent;
