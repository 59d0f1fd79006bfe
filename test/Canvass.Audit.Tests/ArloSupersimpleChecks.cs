
namespace Canvass.Audit.Tests;

/// <summary>Arlo's SUPERSIMPLE ballot comparison (supersimple.py).</summary>
internal static class ArloSupersimpleChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        ArloCheck.Pending("supersimple.py:get_sample_sizes", "SUPERSIMPLE: not implemented yet"),
        ArloCheck.Pending("supersimple.py:compute_risk", "SUPERSIMPLE: not implemented yet"),
        ArloCheck.Pending("supersimple.py:compute_discrepancies", "SUPERSIMPLE discrepancies: not implemented yet"),
    ];
}
