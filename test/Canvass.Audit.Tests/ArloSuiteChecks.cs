
namespace Canvass.Audit.Tests;

/// <summary>Arlo's SUITE hybrid audit (suite.py).</summary>
internal static class ArloSuiteChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        ArloCheck.Pending("suite.py:BallotComparisonStratum.compute_pvalue", "SUITE: not implemented yet"),
        ArloCheck.Pending("suite.py:BallotPollingStratum.compute_pvalue", "SUITE: not implemented yet"),
        ArloCheck.Pending("suite.py:compute_risk", "SUITE: not implemented yet"),
        ArloCheck.Pending("suite.py:get_sample_size", "SUITE: not implemented yet"),
        ArloCheck.Pending("suite.py:misstatements", "SUITE: not implemented yet"),
        ArloCheck.Pending("suite.py:try_n", "SUITE: not implemented yet"),
    ];
}
