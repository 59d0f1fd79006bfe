namespace Canvass.Audit;

/// <summary>
/// NumPy's <c>Generator.choice(a, size, p=p, replace=True)</c> as indices into <c>a</c>: the probabilities' running
/// sum (left to right) is divided by its last element, <c>size</c> uniforms come from
/// <c>Generator.random()</c>, and each picks the first index whose cumulative value is greater than it
/// (<c>searchsorted(side="right")</c>).
/// </summary>
internal static class NumPyChoice
{
    // NumPy accepts probabilities whose (Kahan) sum is within sqrt(machine epsilon) of 1.
    private static readonly double Tolerance = Math.Sqrt(Math.Pow(2, -52));

    public static int[] WithReplacement(Pcg64 generator, IReadOnlyList<double> p, int size)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (p.Count == 0)
        {
            throw new ArgumentException("a cannot be empty unless no samples are taken", nameof(p));
        }

        if (p.Any(x => double.IsNaN(x) || x < 0))
        {
            throw new ArgumentException("probabilities are not non-negative", nameof(p));
        }

        if (Math.Abs(KahanSum(p) - 1.0) > Tolerance)
        {
            throw new ArgumentException("probabilities do not sum to 1", nameof(p));
        }

        var cdf = new double[p.Count];
        var running = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            running += p[i];
            cdf[i] = running;
        }

        var last = cdf[^1];
        for (var i = 0; i < cdf.Length; i++)
        {
            cdf[i] /= last;
        }

        var result = new int[size];
        for (var k = 0; k < size; k++)
        {
            var u = generator.NextDouble();
            result[k] = SearchSortedRight(cdf, u);
        }

        return result;
    }

    // The first index whose value is greater than u (the length when none is).
    private static int SearchSortedRight(double[] sorted, double u)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (sorted[mid] <= u)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // NumPy's kahan_sum (used only for the sum-to-one check).
    private static double KahanSum(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sum = values[0];
        var c = 0.0;
        for (var i = 1; i < values.Count; i++)
        {
            var y = values[i] - c;
            var t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }

        return sum;
    }
}
