using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>The electoral votes a state's electors cast, as recorded in its certificate of vote: the plain input to
/// <see cref="ElectoralCollege.RollUpCast"/>, independent of how the fact was stored.</summary>
/// <param name="State">The state's USPS code.</param>
/// <param name="Unit">The electoral unit the votes are reported for (<see cref="ElectoralUnitRule.AtLarge"/>,
/// <c>CD-2</c>, …), or null for the whole state's electors at once.</param>
/// <param name="President">Votes for President per candidate, recorded as cast: a faithless elector's vote counts for
/// the person it names, not the candidate the elector was pledged to.</param>
/// <param name="VicePresident">Votes for Vice President per candidate. A vote for a ticket's running mate is recorded
/// under the ticket's key. Empty (or default) means the electors voted the tickets of their presidential votes.</param>
/// <param name="Source">Where the record comes from (a certificate of vote, a news report), for display.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record CastElectoralVotes(
    string State,
    string? Unit,
    ImmutableArray<CandidateElectoralVotes> President,
    ImmutableArray<CandidateElectoralVotes> VicePresident,
    string? Source = null);
