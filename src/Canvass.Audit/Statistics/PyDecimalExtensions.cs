using System.Numerics;

namespace Canvass.Audit.Statistics;

/// <summary>The two <c>Decimal</c> operations BRAVO's sample sizes need beyond <see cref="PyDecimal"/>'s own.</summary>
internal static class PyDecimalExtensions
{
    /// <summary><c>Decimal.sqrt()</c>, correctly rounded to 28 digits (half even) as libmpdec's is.</summary>
    /// <param name="x">A finite, non-negative value.</param>
    /// <returns>The rounded square root.</returns>
    public static PyDecimal Sqrt(this PyDecimal x)
    {
        if (x.IsInfinity || x.Sign < 0)
        {
            throw new InvalidOperationException("sqrt is only used on finite non-negative values");
        }

        if (x.IsZero)
        {
            return PyDecimal.Zero;
        }

        // Scale to an even exponent with at least 80 digits, take the integer root r; the true root lies in [r, r + 1),
        // so (2r + sticky)/2 rounds to 28 digits exactly as the true root does. One division does that rounding.
        var c = x.Coefficient;
        var e = x.Exponent;
        var shift = Math.Max(0, 80 - c.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        if ((e - shift) % 2 != 0)
        {
            shift++;
        }

        c *= BigInteger.Pow(10, shift);
        e -= shift;
        var root = HighPrecision.ISqrt(c);
        var numerator = (2 * root) + (root * root == c ? 0 : 1);
        var half = e / 2;
        return half >= 0
            ? PyDecimal.FromInteger(numerator * BigInteger.Pow(10, half)) / PyDecimal.FromInteger(2)
            : PyDecimal.FromInteger(numerator) / PyDecimal.FromInteger(2 * BigInteger.Pow(10, -half));
    }

    /// <summary>
    /// <c>x ** n</c> for large n, as libmpdec computes it: binary powering in a working precision well beyond 28 digits
    /// (here 90), then one rounding to 28. Exact <see cref="PyDecimal.Pow"/> would carry every digit of the power
    /// (millions for a BRAVO statistic over a big sample); the two agree except when the exact power lies within
    /// 10⁻⁸⁰ of a rounding boundary.
    /// </summary>
    /// <param name="x">A finite value.</param>
    /// <param name="n">A whole exponent ≥ 0.</param>
    /// <returns>The rounded power.</returns>
    public static PyDecimal PowRounded(this PyDecimal x, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var digits = BigInteger.Abs(x.Coefficient).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        if ((long)digits * n <= 400)
        {
            return x.Pow(checked((int)n));
        }

        BigInteger resultCoefficient = BigInteger.One, baseCoefficient = x.Coefficient;
        long resultExponent = 0, baseExponent = x.Exponent;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                (resultCoefficient, resultExponent) = Truncate(resultCoefficient * baseCoefficient, resultExponent + baseExponent);
            }

            n >>= 1;
            if (n > 0)
            {
                (baseCoefficient, baseExponent) = Truncate(baseCoefficient * baseCoefficient, 2 * baseExponent);
            }
        }

        // One multiplication by an exact power of ten rounds the 90-digit value to 28 digits.
        return PyDecimal.FromInteger(resultCoefficient) * PyDecimal.Parse("1E" + resultExponent.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (BigInteger Coefficient, long Exponent) Truncate(BigInteger coefficient, long exponent)
    {
        const int working = 90;
        var excess = BigInteger.Abs(coefficient).ToString(System.Globalization.CultureInfo.InvariantCulture).Length - working;
        return excess > 0 ? (coefficient / BigInteger.Pow(10, excess), exponent + excess) : (coefficient, exponent);
    }

    /// <summary><c>math.floor</c>.</summary>
    /// <param name="x">A finite value.</param>
    /// <returns>The largest integer not above x.</returns>
    public static BigInteger Floor(this PyDecimal x) => -(-x).Ceiling();
}
