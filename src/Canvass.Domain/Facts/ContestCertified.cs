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
/// <param name="Recertification">True when the contest had been certified at this level before (after a recount or a
/// correction): this tally supersedes the earlier one, which the log keeps.</param>
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
