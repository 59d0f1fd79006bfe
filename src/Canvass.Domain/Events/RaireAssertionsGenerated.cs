using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>RAIRE's assertions for a ranked-choice (single-winner IRV) contest of a ballot-comparison audit, generated
/// from the committed CVRs when the audit was created (appended with <see cref="AuditCreated"/>): if every assertion is
/// true, the reported winner won.</summary>
/// <param name="AuditId">The audit.</param>
/// <param name="Contest">The contest id.</param>
/// <param name="Winner">The reported IRV winner (selection id), as the committed CVRs tabulate.</param>
/// <param name="Cvrs">The committed CVRs that carry the contest (the rest of the frame counts as not carrying it).</param>
/// <param name="Assertions">The assertions, hardest (smallest margin) first.</param>
[EventType("raire-assertions-generated.v1")]
public sealed record RaireAssertionsGenerated(string AuditId, string Contest, string Winner, long Cvrs, ImmutableArray<RaireAssertion> Assertions) : IEvent;
