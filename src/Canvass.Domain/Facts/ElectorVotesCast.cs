using System.Collections.Immutable;

namespace Canvass.Domain.Facts;

/// <summary>An electoral unit's electors voted. Votes are recorded as cast, faithless electors included.</summary>
/// <param name="Contest">The presidential contest.</param>
/// <param name="Unit">The electoral unit: a state or DC (<c>GA</c>), or a district (<c>ME-CD-2</c>).</param>
/// <param name="Electors">How many electors the unit has.</param>
/// <param name="Votes">Electoral votes cast per candidate id.</param>
/// <param name="Source">Who reports it (the certificate of vote).</param>
/// <param name="At">When the electors voted.</param>
/// <param name="Evidence">A link to the certificate of vote.</param>
[Events.EventType("elector-votes-cast.v1")]
public sealed record ElectorVotesCast(
    string Contest, string Unit, int Electors, ImmutableArray<NamedCount> Votes, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
