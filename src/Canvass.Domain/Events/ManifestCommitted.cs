using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Domain.Events;

/// <summary>A ballot manifest was validated whole, checked against the committed CVRs of its counties, and committed.</summary>
/// <param name="ImportId">The import's id: <c>man-</c> and the first 16 hex digits of <paramref name="Sha256"/>.</param>
/// <param name="FileName">The file's name (no directory).</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="Counties">The counties it covers (ids, sorted). It replaces any earlier manifest of these counties.</param>
/// <param name="BallotCount">Ballots in the manifest.</param>
/// <param name="Batches">Every batch, in file order. Manifests are small and public, so they are logged whole.</param>
/// <param name="RecordEncoding">How each batch is encoded for the commitment: <c>canvass-manifest-batch.v1</c>, the
/// canonical JSON of a <see cref="ManifestBatchEntry"/>.</param>
/// <param name="MerkleRoot">Lower-case hex RFC 9162 Merkle root over the encoded batches in file order.</param>
[EventType("manifest-committed.v1")]
public sealed record ManifestCommitted(
    string ImportId,
    string FileName,
    string Sha256,
    ImmutableArray<string> Counties,
    long BallotCount,
    ImmutableArray<ManifestBatchEntry> Batches,
    string RecordEncoding,
    string MerkleRoot) : IEvent;
