namespace Canvass.Storage;

/// <summary>A file that has been imported, remembered by its SHA-256 so that importing the same bytes again changes nothing.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="Kind"><c>election</c>, <c>cvr</c> or <c>results</c>.</param>
/// <param name="FileName">The file's name when it was imported.</param>
/// <param name="Records">Ballots or counts stored.</param>
public sealed record ImportRecord(string Sha256, string Kind, string FileName, long Records);
