namespace Canvass.Domain.Audits;

/// <summary>The two strata of a hybrid (SUITE) audit, as <see cref="ReportedStratum.Stratum"/> names them.</summary>
public static class HybridStrata
{
    /// <summary>The ballot-comparison stratum: the manifest ballots of the counties whose CVRs are committed, drawn with
    /// replacement, each compared with its CVR.</summary>
    public const string Cvr = "cvr";

    /// <summary>The ballot-polling stratum: the manifest ballots of the counties that reported aggregated results only,
    /// drawn without replacement, their votes tallied.</summary>
    public const string NonCvr = "non-cvr";
}
