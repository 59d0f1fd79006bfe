using System.Collections.Immutable;

namespace Canvass.Domain.Elections;

/// <summary>Everything that defines an election before any vote is counted: its geography, parties, candidates,
/// contests and ballot styles. Read from a NIST SP 1500-100 <c>ElectionReport</c>.</summary>
/// <param name="Name">The election's name.</param>
/// <param name="ElectionScopeId">The unit the election covers (a state, a county).</param>
/// <param name="StartDate">First day of voting.</param>
/// <param name="EndDate">Election day.</param>
/// <param name="Type">The NIST <c>ElectionType</c>: <c>general</c>, <c>primary</c>, <c>runoff</c>, <c>special</c>, ….</param>
/// <param name="Issuer">Who publishes results (NIST <c>Issuer</c>).</param>
/// <param name="IssuerAbbreviation">Its abbreviation, usually the two-letter state code.</param>
/// <param name="GpUnits">Every geopolitical unit.</param>
/// <param name="Parties">Every party.</param>
/// <param name="People">Every person.</param>
/// <param name="Candidates">Every candidate.</param>
/// <param name="Contests">Every contest, in the order of the definition.</param>
/// <param name="BallotStyles">Every ballot style; may be empty, in which case a ballot may carry every contest whose
/// district contains its precinct.</param>
/// <remarks>Validated once when read (every id unique, every reference resolved); code inside Canvass trusts it.
/// Use <see cref="ElectionIndex"/> for lookups.</remarks>
public sealed record ElectionDefinition(
    string Name,
    GpUnitId ElectionScopeId,
    DateOnly StartDate,
    DateOnly EndDate,
    string Type,
    string Issuer,
    string IssuerAbbreviation,
    ImmutableArray<GpUnit> GpUnits,
    ImmutableArray<Party> Parties,
    ImmutableArray<Person> People,
    ImmutableArray<Candidate> Candidates,
    ImmutableArray<Contest> Contests,
    ImmutableArray<BallotStyle> BallotStyles);
