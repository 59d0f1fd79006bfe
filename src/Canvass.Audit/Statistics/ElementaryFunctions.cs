namespace Canvass.Audit.Statistics;

/// <summary>Elementary functions in double precision that <see cref="Math"/> does not provide accurately enough.</summary>
internal static class ElementaryFunctions
{
    /// <summary>ln(1 + x) without losing the low bits of a small x (Goldberg's trick: <c>ln(u)·x/(u − 1)</c> with
    /// u = 1 + x rounded). Used by the binomial mass and by SUITE's comparison p-value and χ² quantile.</summary>
    /// <param name="x">A value greater than −1.</param>
    /// <returns>ln(1 + x).</returns>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
