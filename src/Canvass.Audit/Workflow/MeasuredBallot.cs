using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Workflow;

/// <summary>One sampled ballot as a contest's measurement sees it: how many times it was drawn for the contest, what
/// the audit board read, and (ballot comparison) what its committed CVR says.</summary>
/// <param name="Round">The round it was drawn in.</param>
/// <param name="Draws">How many draws it counts for (draws for the contest; for an opportunistic contest every draw).</param>
/// <param name="NotFound">The paper could not be found.</param>
/// <param name="Audited">The board's reading of the contest, or null when not recorded (treated as not on the ballot).</param>
/// <param name="Reported">The selections the CVR marks in the contest (ids), or null when the CVR does not carry the
/// contest or the ballot has no CVR.</param>
/// <param name="Ballot">Which ballot it is (the same in every round it is drawn in), so that a full hand count is judged
/// by the ballots examined, not the draws; null when the caller does not know, and then the draws are taken, as in Arlo.</param>
public sealed record MeasuredBallot(int Round, int Draws, bool NotFound, ContestInterpretation? Audited, ImmutableArray<string>? Reported, BallotKey? Ballot = null);
