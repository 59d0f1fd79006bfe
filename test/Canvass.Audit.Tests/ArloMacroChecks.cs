
namespace Canvass.Audit.Tests;

/// <summary>Arlo's MACRO batch comparison (macro.py).</summary>
internal static class ArloMacroChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        ArloCheck.Pending("macro.py:get_sample_sizes", "MACRO: not implemented yet"),
        ArloCheck.Pending("macro.py:compute_risk", "MACRO: not implemented yet"),
        ArloCheck.Pending("macro.py:compute_max_error", "MACRO: not implemented yet"),
        ArloCheck.Pending("macro.py:compute_U", "MACRO: not implemented yet"),
        ArloCheck.Pending("snapshot:test_macro.py", "MACRO: not implemented yet"),
    ];
}
