using System.Numerics;

namespace Canvass.Audit.Statistics;

/// <summary>
/// Binary fixed-point arithmetic over <see cref="BigInteger"/>: a value <c>v</c> is held as <c>round(v · 2^bits)</c>.
/// Used to evaluate logarithms and the normal distribution far beyond double precision, so that one final rounding
/// gives the correctly rounded result the reference implementations (Python's <c>decimal</c>) produce.
/// </summary>
internal static class HighPrecision
{
    /// <summary>ln 2 to <paramref name="bits"/> fractional bits: 2·atanh(1/3).</summary>
    public static BigInteger Ln2(int bits) => 2 * AtanhOfReciprocal(3, bits + 8) >> 8;

    /// <summary>π to <paramref name="bits"/> fractional bits (Machin: 16·atan(1/5) − 4·atan(1/239)).</summary>
    public static BigInteger Pi(int bits)
    {
        var guard = bits + 16;
        return ((16 * AtanOfReciprocal(5, guard)) - (4 * AtanOfReciprocal(239, guard))) >> 16;
    }

    /// <summary>ln(num/den) for positive num/den, to <paramref name="bits"/> fractional bits.</summary>
    public static BigInteger Ln(BigInteger num, BigInteger den, int bits)
    {
        if (num.Sign <= 0 || den.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(num), "ln of a non-positive number");
        }

        var guard = bits + 16;
        // num/den = 2^k · r with r in [2/3, 4/3).
        var k = (long)num.GetBitLength() - (long)den.GetBitLength();
        BigInteger rn = num, rd = den;
        if (k > 0)
        {
            rd <<= (int)k;
        }
        else if (k < 0)
        {
            rn <<= (int)-k;
        }

        // Now r in (1/2, 2). Bring it into [2/3, 4/3).
        if (3 * rn < 2 * rd)
        {
            rn <<= 1;
            k--;
        }
        else if (3 * rn >= 4 * rd)
        {
            rd <<= 1;
            k++;
        }

        // ln r = 2 atanh((r − 1)/(r + 1)), |u| ≤ 1/7.
        var u = ((rn - rd) << guard) / (rn + rd);
        var lnR = 2 * Atanh(u, guard);
        return ((k * Ln2(guard)) + lnR) >> 16;
    }

    /// <summary>Integer square root: the largest s with s² ≤ n.</summary>
    public static BigInteger ISqrt(BigInteger n)
    {
        if (n.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n));
        }

        if (n < 2)
        {
            return n;
        }

        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }

    /// <summary>atanh(x) for fixed-point |x| &lt; 1/2 (series x + x³/3 + x⁵/5 + …).</summary>
    private static BigInteger Atanh(BigInteger x, int bits)
    {
        if (x.Sign < 0)
        {
            // Shifts floor, so work on |x| (odd function).
            return -Atanh(-x, bits);
        }

        var x2 = (x * x) >> bits;
        var term = x;
        var sum = x;
        for (var n = 3; !term.IsZero; n += 2)
        {
            term = (term * x2) >> bits;
            sum += term / n;
        }

        return sum;
    }

    private static BigInteger AtanhOfReciprocal(int m, int bits) => Atanh((BigInteger.One << bits) / m, bits);

    private static BigInteger AtanOfReciprocal(int m, int bits)
    {
        var x = (BigInteger.One << bits) / m;
        var x2 = (x * x) >> bits;
        var term = x;
        var sum = x;
        for (var n = 3; !term.IsZero; n += 2)
        {
            term = -((term * x2) >> bits);
            sum += term / n;
        }

        return sum;
    }
}
