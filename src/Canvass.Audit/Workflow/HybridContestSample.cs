namespace Canvass.Audit.Workflow;

/// <summary>What a hybrid (SUITE) audit has measured of one contest so far, stratum by stratum.</summary>
/// <param name="Cvr">The CVR stratum as reported when the audit was created.</param>
/// <param name="NonCvr">The non-CVR stratum as reported.</param>
/// <param name="CvrBallots">The distinct ballots sampled in the CVR stratum, each once, with its board's reading and its
/// CVR's marks; <see cref="MeasuredBallot.Draws"/> is its draws for the contest (targeted) or 1 (opportunistic).</param>
/// <param name="NonCvrBallots">The distinct ballots sampled in the non-CVR stratum, likewise (no CVR marks).</param>
public sealed record HybridContestSample(
    Domain.Audits.ReportedStratum Cvr,
    Domain.Audits.ReportedStratum NonCvr,
    IReadOnlyList<MeasuredBallot> CvrBallots,
    IReadOnlyList<MeasuredBallot> NonCvrBallots)
{
    /// <summary>The CVR stratum's sample size as SUITE counts it: Σ draws (Arlo counts every draw with replacement).</summary>
    public long CvrDraws => CvrBallots.Sum(b => (long)b.Draws);

    /// <summary>The non-CVR stratum's sample size: Σ draws (each ballot at most once per contest, without replacement).</summary>
    public long NonCvrDraws => NonCvrBallots.Sum(b => (long)b.Draws);
}
