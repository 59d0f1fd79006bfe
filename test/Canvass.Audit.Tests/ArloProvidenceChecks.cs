
namespace Canvass.Audit.Tests;

/// <summary>Arlo's PROVIDENCE (providence.py and the PROVIDENCE branch of ballot_polling.py).</summary>
internal static class ArloProvidenceChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        ArloCheck.Pending("ballot_polling.py:compute_risk[PROVIDENCE]", "PROVIDENCE: not implemented yet"),
        ArloCheck.Pending("providence.py:get_sample_size", "PROVIDENCE: not implemented yet"),
        ArloCheck.Pending("providence.py:compute_risk", "PROVIDENCE: not implemented yet"),
    ];
}
