using System.Collections.Immutable;

namespace Canvass.Domain.Elections;

/// <summary>A contest on the ballot: an office, a ballot measure, a straight-party contest or a retention question.</summary>
/// <param name="Id">The contest's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">What it decides.</param>
/// <param name="ElectionDistrictId">The unit whose voters vote in it; a ballot can carry the contest only if its
/// precinct lies inside this district (or its ballot style lists the contest).</param>
/// <param name="VotesAllowed">How many selections a voter may mark (1 for vote-for-one). More marks are an overvote.</param>
/// <param name="NumberElected">How many selections win (for a ballot measure: 1, the answer that passes).</param>
/// <param name="VoteVariation">The counting rule.</param>
/// <param name="Selections">The selections, in ballot order. Tabulation indexes selections by this position.</param>
/// <param name="PassageThreshold">For a ballot measure: the share the first selection ("Yes") needs; null means a
/// simple majority.</param>
/// <param name="OtherVoteVariation">The rule's name when <paramref name="VoteVariation"/> is <see cref="Elections.VoteVariation.Other"/>.</param>
public sealed record Contest(
    ContestId Id,
    string Name,
    ContestKind Kind,
    GpUnitId ElectionDistrictId,
    int VotesAllowed,
    int NumberElected,
    VoteVariation VoteVariation,
    ImmutableArray<ContestSelection> Selections,
    PassageThreshold? PassageThreshold = null,
    string? OtherVoteVariation = null);
