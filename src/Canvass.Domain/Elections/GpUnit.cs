using System.Collections.Immutable;

namespace Canvass.Domain.Elections;

/// <summary>A geopolitical unit: a state, county, precinct, district, vote centre or ballot batch (NIST <c>ReportingUnit</c>).</summary>
/// <param name="Id">The unit's id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Type">The NIST <c>ReportingUnitType</c> (<c>state</c>, <c>county</c>, <c>precinct</c>, …, or <c>other</c>).</param>
/// <param name="ComposingUnits">The units it is made of. The units form a directed acyclic graph, not a tree: a precinct
/// can belong to a county, a district and a vote centre at once, so totals are never rolled up along this graph.</param>
/// <param name="ExternalIdentifiers">FIPS codes, OCD-IDs and the like.</param>
/// <param name="OtherType">The unit's kind when <paramref name="Type"/> is <c>other</c>.</param>
public sealed record GpUnit(
    GpUnitId Id,
    string Name,
    string Type,
    ImmutableArray<GpUnitId> ComposingUnits,
    ImmutableArray<ExternalIdentifier> ExternalIdentifiers,
    string? OtherType = null);
