using System.Collections.Immutable;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Formats.Cvr;

/// <summary>One cast vote record read from a file, in the form a store keeps it: positions for the units and style, and
/// the marks already in <see cref="BallotEncoding.EncodeMarks"/> form.</summary>
/// <param name="BallotId">The ballot's id.</param>
/// <param name="County">The county's position in the election.</param>
/// <param name="Precinct">The precinct's position, or -1.</param>
/// <param name="BatchId">The scan batch, if the file gives one.</param>
/// <param name="VoteMethod">How the ballot was cast.</param>
/// <param name="BallotStyle">The ballot style's position, or -1.</param>
/// <param name="Marks">The marks as <see cref="BallotEncoding.EncodeMarks"/> writes them.</param>
/// <param name="Contests">The positions of the contests the ballot carries (marked or not), in the order of its marks;
/// possibly shared between ballots.</param>
/// <param name="Line">The line (or record number) it was read from.</param>
public readonly record struct CvrBallot(
    string BallotId,
    int County,
    int Precinct,
    string? BatchId,
    CountItemType VoteMethod,
    int BallotStyle,
    string Marks,
    ImmutableArray<int> Contests,
    long Line)
{
    /// <summary>The stored form of a resolved cast vote record.</summary>
    /// <param name="record">The record and its line.</param>
    /// <param name="election">The election it was resolved against.</param>
    /// <returns>The ballot.</returns>
    public static CvrBallot From(CvrRecord record, ElectionDefinition election)
    {
        var b = record.Ballot;
        return new CvrBallot(b.BallotId, b.County, b.Precinct, b.BatchId, b.VoteMethod, b.BallotStyle,
            BallotEncoding.EncodeMarks(b, election), [.. b.Contests.Select(c => c.Contest)], record.Line);
    }
}
