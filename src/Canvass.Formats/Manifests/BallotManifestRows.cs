using System.Collections.Immutable;

namespace Canvass.Formats.Manifests;

/// <summary>A ballot manifest read as far as it goes (<see cref="BallotManifestReader.ReadRows"/>): the batches that
/// read, and what is known of the rows that did not, so that checks beyond the file can still run on the rows that read
/// without reporting again what the file's own problems already say.</summary>
/// <param name="Batches">The batches that read, in file order; a batch listed twice is here once.</param>
/// <param name="Refused">The rows that did not read as a batch, in file order.</param>
/// <param name="Complete">False when the header or the rest of the file could not be read (bytes that are not UTF-8,
/// broken quoting): then rows may exist that are in neither list.</param>
public sealed record BallotManifestRows(ImmutableArray<ManifestBatch> Batches, ImmutableArray<ManifestRowRefused> Refused, bool Complete);
