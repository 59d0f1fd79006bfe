namespace Canvass.Formats.Manifests;

/// <summary>One batch of paper ballots in a ballot manifest: where it is stored and how many ballots it holds.</summary>
/// <param name="Jurisdiction">The counting jurisdiction (county) that holds the batch, as written in the file.</param>
/// <param name="Container">The container (box) the batch is stored in, or null when the manifest has none.</param>
/// <param name="Tabulator">The tabulator that scanned the batch, or null when the manifest has none.</param>
/// <param name="BatchName">The batch's name; unique within its jurisdiction and tabulator.</param>
/// <param name="BallotCount">How many ballots the batch holds; ballots are numbered 1 to this count.</param>
/// <param name="HasCvrs">The <c>CVR</c> column of a hybrid audit's manifest (whether the batch's ballots have cast vote
/// records), or null when the column is absent.</param>
/// <param name="Line">The batch's line in the file, for reporting problems found later (against the CVRs).</param>
public sealed record ManifestBatch(
    string Jurisdiction,
    string? Container,
    string? Tabulator,
    string BatchName,
    int BallotCount,
    bool? HasCvrs,
    long Line);
