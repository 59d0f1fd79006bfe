using System.Collections.Immutable;

namespace Canvass.Formats.Manifests;

/// <summary>A validated ballot manifest: every batch of paper ballots, in file order.</summary>
/// <param name="Batches">The batches; (jurisdiction, tabulator, batch name) is unique.</param>
public sealed record BallotManifest(ImmutableArray<ManifestBatch> Batches)
{
    /// <summary>The total number of ballots in the manifest.</summary>
    public long BallotCount => Batches.Sum(b => (long)b.BallotCount);

    /// <summary>The jurisdictions the manifest covers, in order of first appearance.</summary>
    public ImmutableArray<string> Jurisdictions => [.. Batches.Select(b => b.Jurisdiction).Distinct(StringComparer.Ordinal)];
}
