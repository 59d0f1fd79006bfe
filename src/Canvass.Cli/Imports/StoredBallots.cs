using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Storage;

namespace Canvass.Cli.Imports;

/// <summary>Turns stored ballots back into resolved cast vote records.</summary>
internal static class StoredBallots
{
    public static CastVoteRecord ToCastVoteRecord(StoredBallot b, ElectionIndex index)
    {
        if (!index.TryGetUnit(new GpUnitId(b.County), out int county))
        {
            throw new InvalidDataException($"Stored ballot '{b.BallotId}' names unknown county '{b.County}'.");
        }

        var precinct = -1;
        if (b.Precinct is not null && !index.TryGetUnit(new GpUnitId(b.Precinct), out precinct))
        {
            throw new InvalidDataException($"Stored ballot '{b.BallotId}' names unknown precinct '{b.Precinct}'.");
        }

        var style = -1;
        if (b.BallotStyle is not null && !index.TryGetBallotStyle(new BallotStyleId(b.BallotStyle), out style))
        {
            throw new InvalidDataException($"Stored ballot '{b.BallotId}' names unknown ballot style '{b.BallotStyle}'.");
        }

        return new CastVoteRecord(b.BallotId, county, precinct, b.BatchId, b.VoteMethod, style, BallotEncoding.DecodeMarks(b.Marks, index));
    }
}
