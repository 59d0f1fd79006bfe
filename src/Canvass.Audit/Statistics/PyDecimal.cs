using System.Globalization;
using System.Numerics;

namespace Canvass.Audit.Statistics;

/// <summary>
/// Python's <c>decimal.Decimal</c> under the default context (28 significant digits, ROUND_HALF_EVEN), which Arlo's
/// BRAVO code computes in. Values are <c>Coefficient · 10^Exponent</c>; constructing one is exact (like
/// <c>Decimal(float)</c> and <c>Decimal(str)</c>), and every arithmetic result, <see cref="Ln"/> and
/// <see cref="Sqrt"/> is rounded once, correctly, to 28 digits, as libmpdec does.
/// </summary>
internal readonly record struct PyDecimal(BigInteger Coefficient, int Exponent) : IComparable<PyDecimal>
{
    /// <summary>The context precision (significant digits).</summary>
    public const int Precision = 28;

    private static readonly BigInteger Limit = BigInteger.Pow(10, Precision);

    public static PyDecimal Zero => new(BigInteger.Zero, 0);

    public static PyDecimal One => new(BigInteger.One, 0);

    public bool IsZero => Coefficient.IsZero;

    public int Sign => Coefficient.Sign;

    public static PyDecimal FromLong(long value) => new(value, 0);

    /// <summary><c>Decimal(float)</c>: the double's exact value.</summary>
    public static PyDecimal FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "non-finite Decimal");
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
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

        var e2 = exponent - 1075;
        BigInteger coefficient = mantissa;
        var e10 = 0;
        if (e2 >= 0)
        {
            coefficient <<= e2;
        }
        else
        {
            // m · 2^e2 = m · 5^(−e2) · 10^e2
            coefficient *= BigInteger.Pow(5, -e2);
            e10 = e2;
        }

        return new PyDecimal(negative ? -coefficient : coefficient, e10).Trimmed();
    }

    /// <summary><c>Decimal(str)</c> for plain or exponent notation; exact.</summary>
    public static PyDecimal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        var exponent = 0;
        var e = s.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= s.Length - dot - 1;
            s = s.Remove(dot, 1);
        }

        return new PyDecimal(BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), exponent);
    }

    public static PyDecimal operator +(PyDecimal a, PyDecimal b)
    {
        var e = Math.Min(a.Exponent, b.Exponent);
        return RoundExact(a.ScaledTo(e) + b.ScaledTo(e), e);
    }

    public static PyDecimal operator -(PyDecimal a, PyDecimal b) => a + b.Negate();

    public static PyDecimal operator -(PyDecimal a) => a.Negate();

    public static PyDecimal operator *(PyDecimal a, PyDecimal b) => RoundExact(a.Coefficient * b.Coefficient, a.Exponent + b.Exponent);

    public static PyDecimal operator /(PyDecimal a, PyDecimal b)
    {
        if (b.IsZero)
        {
            throw new DivideByZeroException("Decimal division by zero");
        }

        // a/b = (ca/cb) · 10^(ea−eb)
        return RoundRational(a.Coefficient, b.Coefficient, a.Exponent - b.Exponent);
    }

    public static implicit operator PyDecimal(long value) => FromLong(value);

    public static bool operator <(PyDecimal a, PyDecimal b) => a.CompareTo(b) < 0;

    public static bool operator >(PyDecimal a, PyDecimal b) => a.CompareTo(b) > 0;

    public static bool operator <=(PyDecimal a, PyDecimal b) => a.CompareTo(b) <= 0;

    public static bool operator >=(PyDecimal a, PyDecimal b) => a.CompareTo(b) >= 0;

    public int CompareTo(PyDecimal other)
    {
        var e = Math.Min(Exponent, other.Exponent);
        return ScaledTo(e).CompareTo(other.ScaledTo(e));
    }

    /// <summary><c>Decimal.ln()</c>, correctly rounded to 28 digits.</summary>
    public PyDecimal Ln()
    {
        if (Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Coefficient), "ln of a non-positive Decimal");
        }

        if (Coefficient.IsOne && Exponent == 0)
        {
            return Zero;
        }

        // ln(c · 10^e) = ln(c) + e · ln(10), evaluated with 300 fractional bits and rounded once.
        const int bits = 300;
        var fixedPoint = HighPrecision.Ln(Coefficient, BigInteger.One, bits) + (Exponent * HighPrecision.Ln(10, BigInteger.One, bits));
        return RoundRational(fixedPoint, BigInteger.One << bits, 0);
    }

    /// <summary><c>Decimal.sqrt()</c>, correctly rounded to 28 digits.</summary>
    public PyDecimal Sqrt()
    {
        if (Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Coefficient), "sqrt of a negative Decimal");
        }

        if (IsZero)
        {
            return Zero;
        }

        // Scale to an even exponent with at least 2·(28 + 12) digits, take the integer root, keep a sticky bit.
        var c = Coefficient;
        var e = Exponent;
        var digits = DigitCount(c);
        var shift = Math.Max(0, (2 * (Precision + 12)) - digits);
        if ((e - shift) % 2 != 0)
        {
            shift++;
        }

        c *= BigInteger.Pow(10, shift);
        e -= shift;
        var root = HighPrecision.ISqrt(c);
        var exact = root * root == c;
        return RoundRational((2 * root) + (exact ? 0 : 1), 2, e / 2);
    }

    /// <summary><c>Decimal ** n</c> for a non-negative integer n (binary powering with 60 working digits, rounded once).</summary>
    public PyDecimal Pow(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = (Coefficient: BigInteger.One, Exponent: 0);
        var b = (Coefficient, Exponent);
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                result = Truncate60(result.Coefficient * b.Coefficient, result.Exponent + b.Exponent);
            }

            n >>= 1;
            if (n > 0)
            {
                b = Truncate60(b.Coefficient * b.Coefficient, b.Exponent * 2);
            }
        }

        return RoundExact(result.Coefficient, result.Exponent);
    }

    /// <summary><c>math.floor</c>.</summary>
    public BigInteger Floor() =>
        Exponent >= 0 ? Coefficient * BigInteger.Pow(10, Exponent) : BigInteger.Divide(Coefficient - (Coefficient.Sign < 0 ? BigInteger.Pow(10, -Exponent) - 1 : 0), BigInteger.Pow(10, -Exponent));

    /// <summary><c>math.ceil</c>.</summary>
    public BigInteger Ceiling() => -Negate().Floor();

    /// <summary><c>float(Decimal)</c>, correctly rounded.</summary>
    public double ToDouble() =>
        Exponent >= 0
            ? new ExactRational(Coefficient * BigInteger.Pow(10, Exponent), BigInteger.One).ToDouble()
            : new ExactRational(Coefficient, BigInteger.Pow(10, -Exponent)).ToDouble();

    public override string ToString() => Coefficient.ToString(CultureInfo.InvariantCulture) + "E" + Exponent.ToString(CultureInfo.InvariantCulture);

    private PyDecimal Negate() => new(-Coefficient, Exponent);

    private BigInteger ScaledTo(int exponent) => Coefficient * BigInteger.Pow(10, Exponent - exponent);

    private PyDecimal Trimmed()
    {
        if (Coefficient.IsZero)
        {
            return Zero;
        }

        var c = Coefficient;
        var e = Exponent;
        while (c % 10 == 0)
        {
            c /= 10;
            e++;
        }

        return new PyDecimal(c, e);
    }

    private static int DigitCount(BigInteger value)
    {
        var abs = BigInteger.Abs(value);
        return abs.IsZero ? 1 : abs.ToString(CultureInfo.InvariantCulture).Length;
    }

    private static (BigInteger Coefficient, int Exponent) Truncate60(BigInteger c, int e)
    {
        var excess = DigitCount(c) - 60;
        return excess > 0 ? (c / BigInteger.Pow(10, excess), e + excess) : (c, e);
    }

    /// <summary>Rounds c·10^e to 28 significant digits, half even.</summary>
    private static PyDecimal RoundExact(BigInteger c, int e) => DigitCount(c) <= Precision ? new PyDecimal(c, e) : RoundRational(c, BigInteger.One, e);

    /// <summary>Rounds (num/den)·10^e to 28 significant digits, half even (den ≠ 0).</summary>
    private static PyDecimal RoundRational(BigInteger num, BigInteger den, int e)
    {
        if (den.Sign < 0)
        {
            num = -num;
            den = -den;
        }

        if (num.IsZero)
        {
            return Zero;
        }

        var negative = num.Sign < 0;
        num = BigInteger.Abs(num);
        // Find k so that 10^27 ≤ (num/den)·10^−k < 10^28.
        var k = DigitCount(num / den) - Precision;
        if ((num / den).IsZero)
        {
            // num < den: count how far below 1 we are.
            k = DigitCount(num) - DigitCount(den) - Precision;
        }

        while (true)
        {
            var (n, d) = k >= 0 ? (num, den * BigInteger.Pow(10, k)) : (num * BigInteger.Pow(10, -k), den);
            var q = BigInteger.DivRem(n, d, out var r);
            if (q >= Limit)
            {
                k++;
                continue;
            }

            if (q < Limit / 10)
            {
                k--;
                continue;
            }

            var twice = 2 * r;
            if (twice > d || (twice == d && !q.IsEven))
            {
                q++;
            }

            if (q == Limit)
            {
                q /= 10;
                k++;
            }

            return new PyDecimal(negative ? -q : q, e + k);
        }
    }
}
