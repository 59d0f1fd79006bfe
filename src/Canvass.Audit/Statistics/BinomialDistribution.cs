using System.Numerics;

namespace Canvass.Audit.Statistics;

/// <summary>
/// The binomial distribution as <c>scipy.stats.binom</c> exposes it. The mass function uses Loader's saddle-point
/// form (Stirling remainders and the deviance <c>bd0</c>), accurate to a few ulps for any n; the distribution function
/// sums masses outward from the requested tail; the quantile is the smallest k with <c>cdf(k) ≥ q</c>.
/// </summary>
public static class BinomialDistribution
{
    private static readonly Lazy<double[]> SmallStirlingErrors = new(ComputeSmallStirlingErrors);

    /// <summary><c>binom.pmf(k, n, p)</c>.</summary>
    /// <param name="k">Successes.</param>
    /// <param name="n">Trials.</param>
    /// <param name="p">Success probability.</param>
    /// <returns>P(X = k).</returns>
    public static double Pmf(long k, long n, double p)
    {
        if (n < 0 || double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (k < 0 || k > n)
        {
            return 0;
        }

        if (p == 0)
        {
            return k == 0 ? 1 : 0;
        }

        if (p == 1)
        {
            return k == n ? 1 : 0;
        }

        var q = 1 - p;
        if (k == 0)
        {
            return Math.Exp(n * ElementaryFunctions.Log1P(-p));
        }

        if (k == n)
        {
            return Math.Exp(n * Math.Log(p));
        }

        double nd = n, kd = k, rest = n - k;
        var lc = StirlingError(n) - StirlingError(k) - StirlingError(n - k) - Deviance(kd, nd * p) - Deviance(rest, nd * q);
        var lf = Math.Log(2 * Math.PI) + Math.Log(kd) + ElementaryFunctions.Log1P(-kd / nd);
        return Math.Exp(lc - (0.5 * lf));
    }

    /// <summary><c>binom.cdf(k, n, p)</c>.</summary>
    /// <param name="k">Successes.</param>
    /// <param name="n">Trials.</param>
    /// <param name="p">Success probability.</param>
    /// <returns>P(X ≤ k).</returns>
    public static double Cdf(long k, long n, double p)
    {
        if (n < 0 || double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (k < 0)
        {
            return 0;
        }

        if (k >= n)
        {
            return 1;
        }

        var mean = n * p;
        return k <= mean ? LowerSum(k, n, p) : 1 - UpperSum(k + 1, n, p);
    }

    /// <summary><c>binom.ppf(q, n, p)</c>: the smallest k with <c>cdf(k) ≥ q</c> (−1 for q = 0, n for q = 1).</summary>
    /// <param name="q">A probability.</param>
    /// <param name="n">Trials.</param>
    /// <param name="p">Success probability.</param>
    /// <returns>The q-quantile, as SciPy returns it (a double).</returns>
    public static double Ppf(double q, long n, double p)
    {
        if (n < 0 || double.IsNaN(p) || p < 0 || p > 1 || double.IsNaN(q) || q < 0 || q > 1)
        {
            return double.NaN;
        }

        if (q == 0)
        {
            return -1;
        }

        if (q == 1 || n == 0)
        {
            return n;
        }

        var sd = Math.Sqrt(n * p * (1 - p));
        var guess = (long)Math.Floor((n * p) + (NormalDistribution.Ppf(q) * sd));
        var k = Math.Clamp(guess, 0, n);
        if (Cdf(k, n, p) >= q)
        {
            while (k > 0 && Cdf(k - 1, n, p) >= q)
            {
                k--;
            }
        }
        else
        {
            while (k < n && Cdf(k, n, p) < q)
            {
                k++;
            }
        }

        return k;
    }

    /// <summary>
    /// <c>binom.pmf(range(from, n + 1), n, p)</c>: Loader's value every 32 terms, the ratio recurrence in between, so a
    /// long vector costs a few multiplications per term and stays within about 1e-14 of the direct values.
    /// </summary>
    /// <param name="n">Trials.</param>
    /// <param name="p">Success probability.</param>
    /// <param name="from">The first k (clamped to 0).</param>
    /// <returns>pmf(k) for k = from … n.</returns>
    internal static double[] PmfRange(long n, double p, long from = 0)
    {
        from = Math.Max(0, from);
        if (from > n)
        {
            return [];
        }

        var result = new double[n - from + 1];
        if (!(p > 0 && p < 1))
        {
            for (var k = from; k <= n; k++)
            {
                result[k - from] = Pmf(k, n, p);
            }

            return result;
        }

        // Walk outward from the mode: the masses fall away from it, so once one underflows the rest are zero.
        var mode = Math.Clamp((long)Math.Floor((n + 1) * p), from, n);
        var up = p / (1 - p);
        var value = 0.0;
        for (var k = mode; k <= n; k++)
        {
            value = (k - mode) % 32 == 0 ? Pmf(k, n, p) : value * ((n - k + 1) / (double)k) * up;
            if (value == 0)
            {
                break;
            }

            result[k - from] = value;
        }

        for (var k = mode - 1; k >= from; k--)
        {
            value = (mode - k) % 32 == 0 || k == mode - 1 ? Pmf(k, n, p) : value * ((k + 1) / (double)(n - k)) / up;
            if (value == 0)
            {
                break;
            }

            result[k - from] = value;
        }

        return result;
    }

    /// <summary>Σ_{j ≤ k} pmf(j), summed from k down until the terms no longer matter.</summary>
    private static double LowerSum(long k, long n, double p)
    {
        var term = Pmf(k, n, p);
        var sum = term;
        var ratio = (1 - p) / p;
        for (var j = k; j > 0; j--)
        {
            term *= j / (double)(n - j + 1) * ratio;
            sum += term;
            if (term <= sum * 1e-18)
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>Σ_{j ≥ k} pmf(j), summed from k up.</summary>
    private static double UpperSum(long k, long n, double p)
    {
        var term = Pmf(k, n, p);
        var sum = term;
        var ratio = p / (1 - p);
        for (var j = k; j < n; j++)
        {
            term *= (n - j) / (double)(j + 1) * ratio;
            sum += term;
            if (term <= sum * 1e-18)
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>Loader's stirlerr(n) = ln(n!) − ln(√(2π n) (n/e)^n).</summary>
    private static double StirlingError(long n)
    {
        var table = SmallStirlingErrors.Value;
        if (n < table.Length)
        {
            return table[n];
        }

        var nn = (double)n * n;
        return (1.0 / 12 - ((1.0 / 360 - ((1.0 / 1260 - ((1.0 / 1680 - (1.0 / 1188 / nn)) / nn)) / nn)) / nn)) / n;
    }

    /// <summary>Loader's bd0(x, np) = x ln(x/np) + np − x, by series when x ≈ np.</summary>
    private static double Deviance(double x, double np)
    {
        if (Math.Abs(x - np) < 0.1 * (x + np))
        {
            var v = (x - np) / (x + np);
            var s = (x - np) * v;
            var ej = 2 * x * v;
            v *= v;
            for (var j = 1; j < 1000; j++)
            {
                ej *= v;
                var s1 = s + (ej / ((2 * j) + 1));
                if (s1 == s)
                {
                    return s1;
                }

                s = s1;
            }

            return s;
        }

        return (x * Math.Log(x / np)) + np - x;
    }

    /// <summary>stirlerr(n) for n &lt; 32, from exact factorials and 256-bit logarithms.</summary>
    private static double[] ComputeSmallStirlingErrors()
    {
        const int bits = 256;
        var table = new double[32];
        var lnTwoPi = HighPrecision.Ln(2 * HighPrecision.Pi(bits), BigInteger.One << bits, bits);
        var factorial = BigInteger.One;
        for (var n = 1; n < table.Length; n++)
        {
            factorial *= n;
            // ln n! − (n + ½) ln n + n − ½ ln 2π, all scaled by 2^bits.
            var lnN = HighPrecision.Ln(n, BigInteger.One, bits);
            var value = HighPrecision.Ln(factorial, BigInteger.One, bits) - (((2 * n) + 1) * lnN / 2) + ((BigInteger)n << bits) - (lnTwoPi / 2);
            table[n] = new ExactRational(value, BigInteger.One << bits).ToDouble();
        }

        return table;
    }
}
