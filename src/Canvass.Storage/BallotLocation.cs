namespace Canvass.Storage;

/// <summary>Where a stored ballot is: its import and its 0-based place in that import's file order, which is its leaf
/// index in the import's CVR commitment.</summary>
public sealed record BallotLocation(string ImportId, long IndexInImport, long ImportCount, StoredBallot Ballot);
