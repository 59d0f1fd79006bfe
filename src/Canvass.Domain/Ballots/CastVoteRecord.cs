using System.Collections.Immutable;
using Canvass.Domain.Elections;

namespace Canvass.Domain.Ballots;

/// <summary>One ballot's cast vote record, resolved against the election: every id is a position in the definition.</summary>
/// <param name="BallotId">The ballot's id, unique in the election (imprinted id, or vendor tabulator-batch-record id).</param>
/// <param name="County">Position of the counting jurisdiction (usually a county) in <see cref="ElectionDefinition.GpUnits"/>.</param>
/// <param name="Precinct">Position of the precinct or split, or -1 when the source reports none.</param>
/// <param name="BatchId">The scan batch, when known; an audit retrieves paper by batch.</param>
/// <param name="VoteMethod">How the ballot was cast.</param>
/// <param name="BallotStyle">Position of the ballot style in <see cref="ElectionDefinition.BallotStyles"/>, or -1.</param>
/// <param name="Contests">Every contest on the ballot, in ascending contest position, each at most once.</param>
/// <remarks>Readers in Canvass.Formats produce these only after checking every reference, so tabulation trusts them.</remarks>
public sealed record CastVoteRecord(
    string BallotId,
    int County,
    int Precinct,
    string? BatchId,
    CountItemType VoteMethod,
    int BallotStyle,
    ImmutableArray<ContestMarks> Contests)
{
    /// <summary>The unit results are reported for: the precinct when known, otherwise the county.</summary>
    public int ReportingUnit => Precinct >= 0 ? Precinct : County;
}
