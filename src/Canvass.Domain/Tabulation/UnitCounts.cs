using System.Collections.Immutable;
using Canvass.Domain.Elections;

namespace Canvass.Domain.Tabulation;

/// <summary>A contest's counts in one reporting unit for one vote method: the finest cell Canvass reports.</summary>
/// <param name="Unit">The reporting unit: the precinct when the ballots name one, otherwise the county; for reported
/// results, the unit the source reported.</param>
/// <param name="County">The counting jurisdiction the unit belongs to (the unit itself when it is the county).</param>
/// <param name="Method">The vote method. <see cref="CountItemType.Total"/> only when the source gave no breakdown.</param>
/// <param name="Votes">Votes per selection, indexed like <see cref="Contest.Selections"/>.</param>
/// <param name="BallotsCast">Ballots that carried the contest, when known.</param>
/// <param name="Overvotes">Overvotes, when known. An overvoted contest on a ballot counts <see cref="Contest.VotesAllowed"/>
/// overvotes and no votes (NIST SP 1500-103: votes + overvotes + undervotes = votes allowed).</param>
/// <param name="Undervotes">Undervotes, when known: votes allowed minus marks, on ballots that were not overvoted.</param>
/// <param name="Source">Where the counts came from.</param>
public sealed record UnitCounts(
    GpUnitId Unit,
    GpUnitId County,
    CountItemType Method,
    ImmutableArray<long> Votes,
    long? BallotsCast,
    long? Overvotes,
    long? Undervotes,
    CountSource Source);
