using System.Collections.Immutable;
using Canvass.Domain.Elections;
using Canvass.Domain.Rcv;

namespace Canvass.Domain.Tabulation;

/// <summary>A contest's tabulated result.</summary>
/// <param name="ContestId">The contest.</param>
/// <param name="Votes">Total votes per selection, indexed like <see cref="Contest.Selections"/>.</param>
/// <param name="BallotsCast">Ballots that carried the contest, when known for every unit.</param>
/// <param name="Overvotes">Overvotes, when known for every unit.</param>
/// <param name="Undervotes">Undervotes, when known for every unit.</param>
/// <param name="Units">The cells the totals are the sum of, ordered by county, unit, method.</param>
/// <param name="Winners">The selections that win, in order of votes: the <see cref="Contest.NumberElected"/> with the most
/// votes. For a ballot measure, the answer that prevails. Empty while no votes are counted. For a ranked-choice contest
/// with <paramref name="Rounds"/>, the winners of the rounds in election order (empty when the count stopped).</param>
/// <param name="TieForLastPlace">True when two or more selections tie for the last winning place; the tied selections are
/// then not in <see cref="Winners"/>, and the tie is for the officials to break by law.</param>
/// <param name="Passed">For a ballot measure: whether the first selection ("Yes") met the passage threshold; otherwise null.</param>
/// <param name="Rounds">For a <see cref="VoteVariation.Rcv"/> contest counted from cast vote records: the round-by-round
/// count (<see cref="RankedChoiceRounds"/>), candidates named by <see cref="RankedChoiceRounds.CandidateNames"/>. Null
/// otherwise. <paramref name="Votes"/> and <paramref name="Units"/> stay the first choices (rank-1 marks).</param>
/// <param name="IgnoredRollUps">Reported roll-ups left out of the count because the units with counts inside them add up to
/// more than they do (a stale county total under newer precinct counts, say); empty or default when none. While any is,
/// <paramref name="Winners"/> is empty: the count does not add up.</param>
public sealed record ContestResult(
    ContestId ContestId,
    ImmutableArray<long> Votes,
    long? BallotsCast,
    long? Overvotes,
    long? Undervotes,
    ImmutableArray<UnitCounts> Units,
    ImmutableArray<SelectionId> Winners,
    bool TieForLastPlace,
    bool? Passed,
    RcvResult? Rounds = null,
    ImmutableArray<CountDisagreement> IgnoredRollUps = default);
