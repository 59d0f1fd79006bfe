namespace Canvass.Domain.Audits;

/// <summary>The new draws chosen for a targeted contest in one round of a hybrid (SUITE) audit, per stratum (Arlo's
/// <c>sizeCvr</c> and <c>sizeNonCvr</c>).</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Option">The option chosen: <c>suite</c>, <c>all-ballots</c> or <c>custom</c>.</param>
/// <param name="Cvr">New draws from the CVR stratum (with replacement).</param>
/// <param name="NonCvr">New draws from the non-CVR stratum (without replacement).</param>
public sealed record HybridSampleSize(string Contest, string Option, int Cvr, int NonCvr);
