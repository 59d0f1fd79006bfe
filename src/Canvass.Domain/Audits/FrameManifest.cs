namespace Canvass.Domain.Audits;

/// <summary>One county's part of a full hand tally's frame: the committed manifest whose batches the audit boards tally.</summary>
/// <param name="County">The county id.</param>
/// <param name="ImportId">The manifest's import (its <c>manifest-committed</c> entry).</param>
/// <param name="MerkleRoot">That manifest's committed Merkle root over its batches.</param>
/// <param name="Batches">The county's batches in that manifest.</param>
/// <param name="Ballots">The ballots those batches hold.</param>
public sealed record FrameManifest(string County, string ImportId, string MerkleRoot, int Batches, long Ballots);
