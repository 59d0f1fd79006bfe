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

    /// <summary><c>math.floor</c>.</summary>
    /// <param name="x">A finite value.</param>
    /// <returns>The largest integer not above x.</returns>
    public static BigInteger Floor(this PyDecimal x) => -(-x).Ceiling();
}
