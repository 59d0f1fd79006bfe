using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Domain.Events;

namespace Canvass.Cli.Verification;

/// <summary>A manifest of a county with committed CVRs lists exactly the county's CVR batches, each with as many ballots
/// as it has CVRs, as <c>canvass import manifest</c> requires (<see cref="ManifestCvrAgreement"/>, shared with it): the ballot at position k of batch B is the k-th CVR of the
/// county with batch B, so a manifest that left out a batch would keep its ballots out of every sample, and one that
/// counted fewer would leave the last ballots of a batch undrawable. Checked against the CVRs committed before the
/// manifest (a county's CVRs are refused once its manifest is committed).</summary>
internal static class ManifestCvrCheck
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Null when the manifest agrees with the CVRs of every county it lists that has them, or the first
    /// difference.</summary>
    /// <param name="state">The audit as the log stood before the manifest (its CVR imports so far).</param>
    /// <param name="manifest">The manifest.</param>
    /// <param name="counts">The committed CVRs per import, county and batch.</param>
    public static string? Check(AuditState state, ManifestCommitted manifest, IReadOnlyDictionary<string, Dictionary<(string County, string? Batch), long>> counts)
    {
        var withCvrs = manifest.Batches.Select(b => b.County).Where(state.CvrCounties.Contains).ToHashSet(StringComparer.Ordinal);
        if (withCvrs.Count == 0)
        {
            return null;
        }

        var cvrs = new Dictionary<(string County, string? Batch), long>();
        foreach (var import in state.CvrImports)
        {
            foreach (var (batch, n) in counts.GetValueOrDefault(import.ImportId) ?? [])
            {
                if (withCvrs.Contains(batch.County))
                {
                    cvrs[batch] = cvrs.GetValueOrDefault(batch) + n;
                }
            }
        }

        var what = $"manifest {manifest.ImportId} ({manifest.FileName})";
        return ManifestCvrAgreement.Compare(manifest.Batches, withCvrs, cvrs).FirstOrDefault() switch
        {
            null => null,
            { Kind: ManifestCvrAgreement.ListedTwice } m => $"{what} lists batch '{m.Batch}' of {m.County} twice, though CVRs name batches without the tabulator",
            { Kind: ManifestCvrAgreement.Count } m => $"{what} lists {m.Listed.ToString(C)} ballots in batch '{m.Batch}' of {m.County}, but the CVRs committed before it hold {m.Held.ToString(C)}",
            { Kind: ManifestCvrAgreement.NoBatch } m => $"{what} covers {m.County}, but {m.Held.ToString(C)} of its CVRs committed before it name no batch, so no manifest can locate their paper",
            var m => $"{what} does not list batch '{m.Batch}' of {m.County}, which holds {m.Held.ToString(C)} of the CVRs committed before it: their paper could never be drawn",
        };
    }
}
