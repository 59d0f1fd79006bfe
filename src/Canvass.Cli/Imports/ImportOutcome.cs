namespace Canvass.Cli.Imports;

/// <summary>What one file's import did.</summary>
/// <param name="File">The file.</param>
/// <param name="Kind"><c>election</c>, <c>cvr</c> or <c>results</c>.</param>
/// <param name="Status"><c>imported</c>, <c>unchanged</c> (the same bytes were imported before) or <c>rejected</c>.</param>
/// <param name="Records">Ballots or counts stored (or already stored, when unchanged).</param>
/// <param name="Sha256">The file's SHA-256.</param>
/// <param name="Problems">Why it was rejected.</param>
internal sealed record ImportOutcome(
    string File,
    string Kind,
    string Status,
    long Records,
    string Sha256,
    IReadOnlyList<Canvass.Domain.Problem>? Problems = null)
{
    public bool Rejected => Status == "rejected";
}
