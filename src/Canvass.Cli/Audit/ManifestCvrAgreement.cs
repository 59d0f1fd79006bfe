using Canvass.Domain.Audits;

namespace Canvass.Cli.Audit;

/// <summary>How a manifest differs from the committed CVRs of a county it lists.</summary>
/// <param name="Kind">One of the <see cref="ManifestCvrAgreement"/> kinds.</param>
/// <param name="County">The county.</param>
/// <param name="Batch">The batch (null for CVRs that name none).</param>
/// <param name="Entry">The manifest entry at fault (its index in the manifest's batches), or null for CVRs it leaves out.</param>
/// <param name="FirstEntry">For a batch listed twice, the index of its first listing.</param>
/// <param name="Listed">The ballots the manifest lists for the batch (0 when it does not list it).</param>
/// <param name="Held">The CVRs committed for the batch.</param>
internal sealed record ManifestCvrMismatch(string Kind, string County, string? Batch, int? Entry, int? FirstEntry, long Listed, long Held);

/// <summary>The rule that ties a manifest to the CVRs in a county that committed them — the ballot at position k of batch B
/// is the k-th CVR of the county with batch B — so the manifest must list every CVR batch once, with as many ballots as it
/// has CVRs, and every CVR must name a batch. <c>canvass import manifest</c> refuses a manifest that breaks it, and
/// <c>canvass verify</c> fails a log that holds one, both through <see cref="Compare"/>.</summary>
internal static class ManifestCvrAgreement
{
    /// <summary>A batch listed a second time (CVRs name batches without the tabulator).</summary>
    public const string ListedTwice = "listed-twice";

    /// <summary>A batch listed with another number of ballots than it has CVRs.</summary>
    public const string Count = "count";

    /// <summary>A CVR batch the manifest does not list.</summary>
    public const string Unlisted = "unlisted";

    /// <summary>CVRs that name no batch.</summary>
    public const string NoBatch = "no-batch";

    /// <summary>Every difference, the manifest's entries in order first, then the CVR batches it leaves out by county and
    /// batch.</summary>
    /// <param name="entries">The manifest's batches.</param>
    /// <param name="withCvrs">The counties whose CVRs are committed; entries of other counties are not compared.</param>
    /// <param name="cvrs">The committed CVRs of those counties per (county, batch).</param>
    public static IEnumerable<ManifestCvrMismatch> Compare(
        IReadOnlyList<ManifestBatchEntry> entries, IReadOnlySet<string> withCvrs, IReadOnlyDictionary<(string County, string? Batch), long> cvrs)
    {
        var listed = new Dictionary<(string, string?), int>();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (!withCvrs.Contains(e.County))
            {
                continue;
            }

            if (!listed.TryAdd((e.County, e.Batch), i))
            {
                yield return new ManifestCvrMismatch(ListedTwice, e.County, e.Batch, i, listed[(e.County, e.Batch)], e.Ballots, cvrs.GetValueOrDefault((e.County, e.Batch)));
                continue;
            }

            var held = cvrs.GetValueOrDefault((e.County, e.Batch));
            if (held != e.Ballots)
            {
                yield return new ManifestCvrMismatch(Count, e.County, e.Batch, i, null, e.Ballots, held);
            }
        }

        foreach (var ((county, batch), n) in cvrs.Where(k => withCvrs.Contains(k.Key.County))
            .OrderBy(k => k.Key.County, StringComparer.Ordinal).ThenBy(k => k.Key.Batch, StringComparer.Ordinal))
        {
            if (batch is null)
            {
                yield return new ManifestCvrMismatch(NoBatch, county, null, null, null, 0, n);
            }
            else if (!listed.ContainsKey((county, batch)))
            {
                yield return new ManifestCvrMismatch(Unlisted, county, batch, null, null, 0, n);
            }
        }
    }
}
