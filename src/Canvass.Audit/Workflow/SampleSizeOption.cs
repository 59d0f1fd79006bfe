namespace Canvass.Audit.Workflow;

/// <summary>A sample size the audit administrator may choose for a targeted contest's next round.</summary>
/// <param name="Id">The option's id: <c>asn</c>, <c>supersimple</c> or <c>all-ballots</c> (and, once the quantile
/// estimates are in, <c>0.7</c>, <c>0.8</c>, <c>0.9</c>).</param>
/// <param name="Size">New draws.</param>
/// <param name="Description">What the option means, for people.</param>
public sealed record SampleSizeOption(string Id, int Size, string Description)
{
    /// <summary>Hybrid audits (options <c>suite</c> and <c>all-ballots</c>): the new draws from the CVR stratum (Arlo's
    /// <c>sizeCvr</c>); null for the other types.</summary>
    public int? SizeCvr { get; init; }

    /// <summary>Hybrid audits: the new draws from the non-CVR stratum (Arlo's <c>sizeNonCvr</c>); null for the other types.</summary>
    public int? SizeNonCvr { get; init; }
}
