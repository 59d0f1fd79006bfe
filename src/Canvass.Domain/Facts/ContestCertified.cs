using System.Collections.Immutable;

namespace Canvass.Domain.Facts;

/// <summary>A certifying body made a contest's tally official at a level, signed by at least as many of its officials as
/// the jurisdiction's rules require (k of n), each with an Ed25519 signature over the tally's hash.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Level">The level certified: <c>county</c>, <c>state</c> or <c>national</c>.</param>
/// <param name="Body">The certifying body's id in the jurisdiction's rules.</param>
/// <param name="Tally">The certified votes per selection.</param>
/// <param name="TallyHash">The tally's hash (<see cref="Facts.TallyHash"/>), which every signature signs.</param>
/// <param name="Signatures">The officials' signatures.</param>
/// <param name="Recertification">True when, as the log stood when this was recorded, the contest had been certified at this
/// level before this certification's time (after a recount or a correction). Kept as recorded, for readers of the log;
/// finality never reads it: it counts a certification as a recertification when another at its level comes before it
/// in order of time, then log position, which a certification recorded later with an earlier time can change.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link to the certificate.</param>
[Events.EventType("contest-certified.v1")]
public sealed record ContestCertified(
    string Contest,
    string Level,
    string Body,
    ImmutableArray<NamedCount> Tally,
    string TallyHash,
    ImmutableArray<OfficialSignature> Signatures,
    bool Recertification,
    string Source,
    DateTimeOffset At,
    string? Evidence) : IContestFact;
