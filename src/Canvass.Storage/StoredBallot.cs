using Canvass.Domain.Elections;

namespace Canvass.Storage;

/// <summary>One cast vote record as stored in the bulk ballot table (never one event per ballot).</summary>
/// <param name="BallotId">Unique in the store.</param>
/// <param name="County">Counting jurisdiction id.</param>
/// <param name="Precinct">Precinct id, if the source gives one.</param>
/// <param name="BatchId">Scan batch, if known.</param>
/// <param name="VoteMethod">How the ballot was cast.</param>
/// <param name="BallotStyle">Ballot style id, if the source gives one.</param>
/// <param name="Marks">The marks in <see cref="Canvass.Domain.Ballots.BallotEncoding"/> form.</param>
public sealed record StoredBallot(
    string BallotId,
    string County,
    string? Precinct,
    string? BatchId,
    CountItemType VoteMethod,
    string? BallotStyle,
    string Marks);
