using System.Text.Json;
using Canvass.Domain.Audits;
using Canvass.Ledger;
using Canvass.Storage.Serialization;

namespace Canvass.Storage;

/// <summary><c>canvass-manifest-batch.v1</c>: the bytes a manifest batch's leaf hash is computed over in a manifest's
/// commitment (the <c>MerkleRoot</c> of <see cref="Canvass.Domain.Events.ManifestCommitted"/>): the RFC 8785 canonical
/// JSON of the batch as it appears in the event (members <c>ballots</c>, <c>batch</c>, <c>container</c> and
/// <c>tabulator</c> when not null, <c>county</c>, <c>jurisdiction</c>). Thread-safe.</summary>
public static class ManifestBatchEncoding
{
    /// <summary>The encoding's name.</summary>
    public const string Name = "canvass-manifest-batch.v1";

    /// <summary>Encodes one batch.</summary>
    public static byte[] Encode(ManifestBatchEntry batch) =>
        CanonicalJson.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(batch, CanvassJsonContext.Default.ManifestBatchEntry));

    /// <summary>The Merkle root over the batches, in order, lower-case hex.</summary>
    public static string Root(IEnumerable<ManifestBatchEntry> batches) =>
        Convert.ToHexStringLower(RecordCommitment.ComputeRoot(batches.Select(Encode)));
}
