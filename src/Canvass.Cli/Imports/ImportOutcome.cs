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

    /// <summary>The outcome for a file whose bytes were imported before, as <paramref name="earlier"/> says:
    /// <c>unchanged</c> when it was imported as the same kind; otherwise rejected, since the same bytes cannot be both
    /// (a results file given to <c>import cvr</c> said "unchanged", and exit 0, where a new store refused it).</summary>
    public static ImportOutcome Earlier(string path, string kind, Canvass.Storage.ImportRecord earlier) =>
        earlier.Kind == kind
            ? new ImportOutcome(path, kind, "unchanged", earlier.Records, earlier.Sha256)
            : new ImportOutcome(path, kind, "rejected", 0, earlier.Sha256,
                [new Canvass.Domain.Problem(Canvass.Domain.ProblemCodes.Inconsistent,
                    $"These bytes were imported before as {earlier.Kind} (from '{earlier.FileName}'), not as {kind}; nothing was stored.", path)]);
}
