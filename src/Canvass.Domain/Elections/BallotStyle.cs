using System.Collections.Immutable;

namespace Canvass.Domain.Elections;

/// <summary>Which contests appear on the ballots of some units.</summary>
/// <param name="Id">The style's id. NIST <c>BallotStyle</c> has no <c>@id</c>; Canvass takes it from the first
/// <c>ExternalIdentifier</c>, or numbers the styles <c>bs-1</c>, <c>bs-2</c>, … in file order.</param>
/// <param name="GpUnitIds">The units (precincts, splits) that vote this style.</param>
/// <param name="ContestIds">The contests on the style, in ballot order.</param>
/// <param name="PartyIds">For a primary, the party whose ballot this is.</param>
public sealed record BallotStyle(
    BallotStyleId Id,
    ImmutableArray<GpUnitId> GpUnitIds,
    ImmutableArray<ContestId> ContestIds,
    ImmutableArray<PartyId> PartyIds);
