using System.Numerics;

namespace Canvass.Audit;

/// <summary>
/// A positive binary float with a 384-bit mantissa: far more precise than Arlo's 28-digit Decimal, so one final
/// rounding to <see cref="double"/> gives Python's <c>float(Decimal)</c> result, and cheap for huge exponents.
/// </summary>
internal readonly record struct WideFloat(BigInteger Mantissa, long Exponent)
{
    private const int Precision = 384;

    public static WideFloat One => new(BigInteger.One, 0);

    public bool IsZero => Mantissa.IsZero;

    public static WideFloat FromDouble(double value)
    {
        var r = ExactRational.FromDouble(value);
        // r = num / 2^k
        var k = (long)r.Denominator.GetBitLength() - 1;
        return Normalize(r.Numerator, -k);
    }

    public static WideFloat operator *(WideFloat a, WideFloat b) => Normalize(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent);

    public WideFloat Pow(long n)
    {
        var result = One;
        var b = this;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                result *= b;
            }

            n >>= 1;
            if (n > 0)
            {
                b *= b;
            }
        }

        return result;
    }

    public WideFloat Reciprocal() =>
        Normalize((BigInteger.One << (2 * Precision)) / Mantissa, -Exponent - (2 * Precision));

    public int CompareTo(WideFloat other)
    {
        if (IsZero || other.IsZero)
        {
            return Mantissa.Sign.CompareTo(other.Mantissa.Sign);
        }

        var ta = Exponent + (long)Mantissa.GetBitLength();
        var tb = other.Exponent + (long)other.Mantissa.GetBitLength();
        if (ta != tb)
        {
            return ta.CompareTo(tb);
        }

        var shift = Exponent - other.Exponent;
        return shift >= 0 ? (Mantissa << (int)shift).CompareTo(other.Mantissa) : Mantissa.CompareTo(other.Mantissa << (int)-shift);
    }

    public double ToDouble()
    {
        if (IsZero)
        {
            return 0;
        }

        var top = Exponent + (long)Mantissa.GetBitLength();
        if (top < -1100)
        {
            return 0;
        }

        if (top > 1100)
        {
            return double.PositiveInfinity;
        }

        return Exponent >= 0
            ? new ExactRational(Mantissa << (int)Exponent, BigInteger.One).ToDouble()
            : new ExactRational(Mantissa, BigInteger.One << (int)-Exponent).ToDouble();
    }

    private static WideFloat Normalize(BigInteger mantissa, long exponent)
    {
        if (mantissa.IsZero)
        {
            return new WideFloat(BigInteger.Zero, 0);
        }

        var excess = (long)mantissa.GetBitLength() - Precision;
        return excess > 0 ? new WideFloat(mantissa >> (int)excess, exponent + excess) : new WideFloat(mantissa, exponent);
    }
}
