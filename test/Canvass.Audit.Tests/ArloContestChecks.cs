
namespace Canvass.Audit.Tests;

/// <summary>Arlo's contest margins (sampler_contest.py).</summary>
internal static class ArloContestChecks
{
    public static IEnumerable<ArloCheck> All =>
    [
        ArloCheck.Pending("sampler_contest.py:Contest.__init__", "Contest margins table: not checked yet"),
    ];
}
