namespace Canvass.Storage;

/// <summary>A ballot id found twice: within the file being imported, or already stored by an earlier import.</summary>
/// <param name="BallotId">The repeated id.</param>
/// <param name="Line">The line (or record number) of the repeat in the file being imported.</param>
/// <param name="FirstLine">For a repeat within the file, the line of the first occurrence; otherwise null.</param>
/// <param name="ExistingFile">For a ballot already stored, the file name of the import that stored it; otherwise null.</param>
public sealed record DuplicateBallot(string BallotId, long Line, long? FirstLine, string? ExistingFile);
