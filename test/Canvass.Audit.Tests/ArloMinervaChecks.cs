
namespace Canvass.Audit.Tests;

/// <summary>Arlo's MINERVA (minerva.py and the MINERVA branch of ballot_polling.py).</summary>
internal static class ArloMinervaChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        ArloCheck.Pending("ballot_polling.py:compute_risk[MINERVA]", "MINERVA: not implemented yet"),
        ArloCheck.Pending("minerva.py:get_sample_size", "MINERVA: not implemented yet"),
        ArloCheck.Pending("minerva.py:compute_risk", "MINERVA: not implemented yet"),
        ArloCheck.Pending("minerva.py:collect_risks", "MINERVA: not implemented yet"),
    ];
}
