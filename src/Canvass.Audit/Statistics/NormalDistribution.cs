using System.Numerics;

namespace Canvass.Audit.Statistics;

/// <summary>
/// The standard normal distribution as <c>scipy.stats.norm</c> exposes it. Φ is evaluated with enough binary digits
/// that the returned double is the correctly rounded value (SciPy's <c>ndtr</c> is within an ulp or two of it), and
/// Φ⁻¹ is refined against that Φ, so both agree with SciPy to the last bit or the one next to it.
/// </summary>
public static class NormalDistribution
{
    private const int BaseBits = 96;

    /// <summary>Φ(x), <c>scipy.stats.norm.cdf</c>.</summary>
    /// <param name="x">The point.</param>
    /// <returns>P(Z ≤ x).</returns>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x > 40)
        {
            return 1;
        }

        if (x < -40)
        {
            return 0;
        }

        var (value, bits) = CdfFixed(x);
        return new ExactRational(value, BigInteger.One << bits).ToDouble();
    }

    /// <summary>φ(x), <c>scipy.stats.norm.pdf</c>.</summary>
    /// <param name="x">The point.</param>
    /// <returns>The density at x.</returns>
    public static double Pdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    /// <summary>Φ⁻¹(p), <c>scipy.stats.norm.ppf</c>: −∞ at 0, +∞ at 1, NaN outside [0, 1].</summary>
    /// <param name="p">A probability.</param>
    /// <returns>The p-quantile of the standard normal.</returns>
    public static double Ppf(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        if (p == 0.5)
        {
            return 0;
        }

        // Abramowitz & Stegun 26.2.23 as a start (|error| < 4.5e-4), then Newton steps against the exact Φ.
        var tail = Math.Min(p, 1 - p);
        var t = Math.Sqrt(-2 * Math.Log(tail));
        var x = t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t)));
        x = p < 0.5 ? -x : x;
        var target = ExactRational.FromDouble(p);
        for (var i = 0; i < 60; i++)
        {
            var residual = Residual(x, target);
            var density = Pdf(x);
            if (density == 0)
            {
                break;
            }

            var next = x - (residual / density);
            if (next == x || Math.Abs(next - x) <= Math.Abs(x) * 1e-17)
            {
                x = next;
                break;
            }

            x = next;
        }

        // Polish: of x and its neighbours, keep the one whose Φ is closest to p.
        var best = x;
        var bestError = Math.Abs(Residual(x, target));
        foreach (var candidate in new[] { Math.BitDecrement(x), Math.BitIncrement(x) })
        {
            var error = Math.Abs(Residual(candidate, target));
            if (error < bestError)
            {
                best = candidate;
                bestError = error;
            }
        }

        return best;
    }

    /// <summary>Φ(x) − p, rounded to double from the exact difference.</summary>
    private static double Residual(double x, ExactRational p)
    {
        var (value, bits) = CdfFixed(x);
        var phi = new ExactRational(value, BigInteger.One << bits);
        // phi − p = (a/b − c/d)
        return new ExactRational((phi.Numerator * p.Denominator) - (p.Numerator * phi.Denominator), phi.Denominator * p.Denominator).ToDouble();
    }

    /// <summary>Φ(x) as a fixed-point number with the returned number of fractional bits.</summary>
    internal static (BigInteger Value, int Bits) CdfFixed(double x)
    {
        // Q = P(Z > |x|) = erfc(t)/2 with t = |x|/√2; erf(t) = 2/√π Σ (−1)^n t^(2n+1) / (n! (2n+1)).
        // The alternating series cancels about t²·log2(e) bits, and Q is about e^(−t²): carry that many extra bits.
        var t2 = x * x / 2;
        var bits = BaseBits + (int)Math.Ceiling(t2 * 2.9) + 16;
        var one = BigInteger.One << bits;
        var xFixed = new ExactRational(ExactRational.FromDouble(Math.Abs(x)).Numerator << bits, ExactRational.FromDouble(Math.Abs(x)).Denominator);
        var xf = xFixed.Numerator / xFixed.Denominator;
        var sqrtHalf = HighPrecision.ISqrt(one << (bits - 1)); // √(1/2) · 2^bits
        var t = (xf * sqrtHalf) >> bits;
        var tSquared = (t * t) >> bits;
        var term = t;
        var sum = BigInteger.Zero;
        for (var n = 0; !term.IsZero; n++)
        {
            var contribution = term / ((2 * n) + 1);
            sum += (n & 1) == 0 ? contribution : -contribution;
            term = (term * tSquared) >> bits;
            term /= n + 1;
        }

        var pi = HighPrecision.Pi(bits);
        var sqrtPi = HighPrecision.ISqrt(pi << bits);
        var erf = (2 * sum << bits) / sqrtPi;
        var q = (one - erf) >> 1;
        return (x >= 0 ? one - q : q, bits);
    }
}
