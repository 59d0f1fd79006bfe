using System.Numerics;

namespace Canvass.Audit;

/// <summary>An exact fraction over <see cref="BigInteger"/>, used where Arlo computes in 28-digit <c>Decimal</c>:
/// exact arithmetic then one correctly rounded conversion to <see cref="double"/>.</summary>
internal readonly record struct ExactRational
{
    public ExactRational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException();
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsZero && !g.IsOne)
        {
            numerator /= g;
            denominator /= g;
        }

        Numerator = numerator;
        Denominator = denominator;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static ExactRational One => new(BigInteger.One, BigInteger.One);

    public bool IsZero => Numerator.IsZero;

    /// <summary>The exact value of a finite double (Python's <c>Decimal(float)</c>).</summary>
    public static ExactRational FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        if (value == 0)
        {
            return new ExactRational(BigInteger.Zero, BigInteger.One);
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        BigInteger m = value < 0 ? -mantissa : mantissa;
        return exponent >= 0
            ? new ExactRational(m << exponent, BigInteger.One)
            : new ExactRational(m, BigInteger.One << -exponent);
    }

    public static ExactRational operator *(ExactRational a, ExactRational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static ExactRational operator /(ExactRational a, ExactRational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public ExactRational Pow(int exponent) =>
        new(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent));

    public int CompareTo(ExactRational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>The nearest double (ties to even); normal range only, which is all BRAVO needs.</summary>
    public double ToDouble()
    {
        if (Numerator.IsZero)
        {
            return 0;
        }

        var negative = Numerator.Sign < 0;
        var num = BigInteger.Abs(Numerator);
        var shift = 54 - (int)(num.GetBitLength() - Denominator.GetBitLength());
        var scaledNum = shift >= 0 ? num << shift : num;
        var scaledDen = shift >= 0 ? Denominator : Denominator << -shift;
        var q = BigInteger.DivRem(scaledNum, scaledDen, out var rem);
        var sticky = !rem.IsZero;
        // q has 54 or 55 bits; keep 53.
        var extra = (int)q.GetBitLength() - 53;
        var dropped = q & ((BigInteger.One << extra) - 1);
        q >>= extra;
        var half = BigInteger.One << (extra - 1);
        if (dropped > half || (dropped == half && (sticky || !q.IsEven)))
        {
            q += 1;
        }

        var result = Math.ScaleB((double)q, extra - shift);
        return negative ? -result : result;
    }
}
