
namespace Canvass.Audit.Tests;

/// <summary>Arlo's PPEB batch sampler (sampler.py:draw_ppeb_sample).</summary>
internal static class ArloPpebChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        ArloCheck.Pending("sampler.py:draw_ppeb_sample", "PPEB sampler: not implemented yet (needs NumPy PCG64 + SeedSequence bit for bit)"),
    ];
}
