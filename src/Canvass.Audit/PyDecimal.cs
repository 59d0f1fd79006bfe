using System.Globalization;
using System.Numerics;

namespace Canvass.Audit;

/// <summary>
/// Python's <c>decimal.Decimal</c> in its default context (28 significant digits, round half even), as far as Arlo's
/// comparison math uses it: construction from integers and binary doubles is exact, and every arithmetic result is
/// the exact result rounded once to 28 digits; <see cref="Ln"/> is correctly rounded the same way. Values compare and
/// convert by value (Python's trailing-zero "ideal exponents" are not kept; they never change a value).
/// Positive infinity is supported for the places Arlo uses <c>Decimal("inf")</c>.
/// </summary>
internal readonly struct PyDecimal : IComparable<PyDecimal>, IEquatable<PyDecimal>
{
    private const int Precision = 28;

    // Fixed-point scale for ln: far beyond 28 digits, so one final rounding gives the correctly rounded result.
    private const int LnDigits = 120;

    private static readonly BigInteger TenToPrecision = BigInteger.Pow(10, Precision);
    private static readonly BigInteger TenToPrecisionMinusOne = BigInteger.Pow(10, Precision - 1);
    private static readonly BigInteger LnScale = BigInteger.Pow(10, LnDigits);
    private static readonly Lazy<BigInteger> Ln2Fixed = new(() => 2 * AtanhFixed(BigInteger.One, new BigInteger(3)));

    private PyDecimal(BigInteger coefficient, int exponent, bool infinite)
    {
        Coefficient = coefficient;
        Exponent = exponent;
        IsInfinity = infinite;
    }

    /// <summary>Signed coefficient; the value is <c>Coefficient × 10^Exponent</c>.</summary>
    public BigInteger Coefficient { get; }

    public int Exponent { get; }

    /// <summary>True for <c>Decimal("inf")</c> (only positive infinity is used).</summary>
    public bool IsInfinity { get; }

    public static PyDecimal Zero => new(BigInteger.Zero, 0, false);

    public static PyDecimal One => new(BigInteger.One, 0, false);

    public static PyDecimal PositiveInfinity => new(BigInteger.One, 0, true);

    public bool IsZero => !IsInfinity && Coefficient.IsZero;

    public int Sign => Coefficient.Sign;

    /// <summary><c>Decimal(int)</c>: exact.</summary>
    public static PyDecimal FromInteger(BigInteger value) => Normalize(value, 0);

    /// <summary><c>Decimal(float)</c>: the exact value of the binary double.</summary>
    public static PyDecimal FromDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return PositiveInfinity;
        }

        var r = ExactRational.FromDouble(value);
        // r = n / 2^k; n / 2^k = n·5^k / 10^k.
        var k = (int)(r.Denominator.GetBitLength() - 1);
        return Normalize(r.Numerator * BigInteger.Pow(5, k), -k);
    }

    /// <summary>Parses Python's <c>str(Decimal)</c> (plain or scientific notation, or "Infinity") exactly.</summary>
    public static PyDecimal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text is "Infinity" or "inf")
        {
            return PositiveInfinity;
        }

        var exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= text.Length - dot - 1;
            text = text.Remove(dot, 1);
        }

        return Normalize(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), exponent);
    }

    public static PyDecimal operator +(PyDecimal a, PyDecimal b)
    {
        if (a.IsInfinity || b.IsInfinity)
        {
            return PositiveInfinity;
        }

        var e = Math.Min(a.Exponent, b.Exponent);
        var sum = (a.Coefficient * BigInteger.Pow(10, a.Exponent - e)) + (b.Coefficient * BigInteger.Pow(10, b.Exponent - e));
        return Round(sum, BigInteger.One, e);
    }

    public static PyDecimal operator -(PyDecimal a) => a.IsInfinity
        ? throw new InvalidOperationException("-Infinity is not used")
        : new PyDecimal(-a.Coefficient, a.Exponent, false);

    public static PyDecimal operator -(PyDecimal a, PyDecimal b) => a + (-b);

    public static PyDecimal operator *(PyDecimal a, PyDecimal b)
    {
        if (a.IsInfinity || b.IsInfinity)
        {
            throw new InvalidOperationException("Infinity × x is not used");
        }

        return Round(a.Coefficient * b.Coefficient, BigInteger.One, a.Exponent + b.Exponent);
    }

    public static PyDecimal operator /(PyDecimal a, PyDecimal b)
    {
        if (a.IsInfinity)
        {
            throw new InvalidOperationException("Infinity / x is not used");
        }

        if (b.IsInfinity)
        {
            return Zero;
        }

        if (b.Coefficient.IsZero)
        {
            throw new DivideByZeroException();
        }

        return Round(a.Coefficient, b.Coefficient, a.Exponent - b.Exponent);
    }

    public static implicit operator PyDecimal(long value) => FromInteger(value);

    public static bool operator ==(PyDecimal a, PyDecimal b) => a.CompareTo(b) == 0;

    public static bool operator !=(PyDecimal a, PyDecimal b) => a.CompareTo(b) != 0;

    public static bool operator <(PyDecimal a, PyDecimal b) => a.CompareTo(b) < 0;

    public static bool operator >(PyDecimal a, PyDecimal b) => a.CompareTo(b) > 0;

    public static bool operator <=(PyDecimal a, PyDecimal b) => a.CompareTo(b) <= 0;

    public static bool operator >=(PyDecimal a, PyDecimal b) => a.CompareTo(b) >= 0;

    public static PyDecimal Max(PyDecimal a, PyDecimal b) => a.CompareTo(b) >= 0 ? a : b;

    /// <summary><c>x ** n</c> for a whole n ≥ 0: the exact power rounded once.</summary>
    public PyDecimal Pow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return IsInfinity
            ? throw new InvalidOperationException("Infinity ** n is not used")
            : Round(BigInteger.Pow(Coefficient, n), BigInteger.One, checked(Exponent * n));
    }

    /// <summary><c>Decimal.ln()</c>, correctly rounded to 28 digits.</summary>
    public PyDecimal Ln()
    {
        if (IsInfinity || Coefficient.Sign <= 0)
        {
            throw new InvalidOperationException("ln is only used on finite positive values");
        }

        if (Coefficient.IsOne && Exponent == 0)
        {
            return Zero;
        }

        // x = n / d exactly.
        var n = Exponent >= 0 ? Coefficient * BigInteger.Pow(10, Exponent) : Coefficient;
        var d = Exponent >= 0 ? BigInteger.One : BigInteger.Pow(10, -Exponent);
        // Choose k with y = x / 2^k within [2/3, 4/3]; then ln x = k·ln 2 + 2·atanh((y − 1)/(y + 1)).
        var k = (long)n.GetBitLength() - (long)d.GetBitLength();
        BigInteger yn;
        BigInteger yd;
        while (true)
        {
            yn = k >= 0 ? n : n << (int)-k;
            yd = k >= 0 ? d << (int)k : d;
            if (3 * yn < 2 * yd)
            {
                k--;
            }
            else if (3 * yn > 4 * yd)
            {
                k++;
            }
            else
            {
                break;
            }
        }

        var fixedLn = (k * Ln2Fixed.Value) + (2 * AtanhFixed(yn - yd, yn + yd));
        return Round(fixedLn, LnScale, 0);
    }

    /// <summary><c>math.ceil(x)</c>.</summary>
    public BigInteger Ceiling()
    {
        if (IsInfinity)
        {
            throw new InvalidOperationException("ceil(Infinity)");
        }

        if (Exponent >= 0)
        {
            return Coefficient * BigInteger.Pow(10, Exponent);
        }

        var q = BigInteger.DivRem(Coefficient, BigInteger.Pow(10, -Exponent), out var rem);
        return rem.Sign > 0 ? q + 1 : q;
    }

    /// <summary><c>quantize(Decimal(1), ROUND_HALF_UP)</c>: nearest integer, halves away from zero.</summary>
    public BigInteger RoundHalfUp()
    {
        if (Exponent >= 0)
        {
            return Coefficient * BigInteger.Pow(10, Exponent);
        }

        var den = BigInteger.Pow(10, -Exponent);
        var q = BigInteger.DivRem(BigInteger.Abs(Coefficient), den, out var rem);
        if (2 * rem >= den)
        {
            q += 1;
        }

        return Coefficient.Sign < 0 ? -q : q;
    }

    /// <summary><c>float(x)</c>, correctly rounded.</summary>
    public double ToDouble()
    {
        if (IsInfinity)
        {
            return double.PositiveInfinity;
        }

        return Exponent >= 0
            ? new ExactRational(Coefficient * BigInteger.Pow(10, Exponent), BigInteger.One).ToDouble()
            : new ExactRational(Coefficient, BigInteger.Pow(10, -Exponent)).ToDouble();
    }

    public int CompareTo(PyDecimal other)
    {
        if (IsInfinity || other.IsInfinity)
        {
            return IsInfinity.CompareTo(other.IsInfinity);
        }

        var e = Math.Min(Exponent, other.Exponent);
        return (Coefficient * BigInteger.Pow(10, Exponent - e)).CompareTo(other.Coefficient * BigInteger.Pow(10, other.Exponent - e));
    }

    public bool Equals(PyDecimal other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is PyDecimal other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Coefficient, Exponent, IsInfinity);

    /// <summary>Plain or scientific text of the value (for messages).</summary>
    public override string ToString() =>
        IsInfinity ? "Infinity" : Coefficient.ToString(CultureInfo.InvariantCulture) + "E" + Exponent.ToString(CultureInfo.InvariantCulture);

    /// <summary>n/d × 10^e rounded half-even to 28 significant digits (d ≠ 0).</summary>
    private static PyDecimal Round(BigInteger n, BigInteger d, int e)
    {
        if (n.IsZero)
        {
            return Zero;
        }

        if (d.Sign < 0)
        {
            n = -n;
            d = -d;
        }

        var negative = n.Sign < 0;
        var a = BigInteger.Abs(n);
        // Scale by 10^s so that the quotient has exactly 28 digits.
        var s = Precision - (DecimalDigits(a) - DecimalDigits(d));
        BigInteger q;
        BigInteger rem;
        BigInteger den;
        while (true)
        {
            var num = s >= 0 ? a * BigInteger.Pow(10, s) : a;
            den = s >= 0 ? d : d * BigInteger.Pow(10, -s);
            q = BigInteger.DivRem(num, den, out rem);
            if (q >= TenToPrecision)
            {
                s--;
            }
            else if (q < TenToPrecisionMinusOne)
            {
                s++;
            }
            else
            {
                break;
            }
        }

        var twice = 2 * rem;
        if (twice > den || (twice == den && !q.IsEven))
        {
            q += 1;
        }

        return Normalize(negative ? -q : q, e - s);
    }

    private static PyDecimal Normalize(BigInteger coefficient, int exponent)
    {
        if (coefficient.IsZero)
        {
            return Zero;
        }

        var ten = new BigInteger(10);
        while (true)
        {
            var q = BigInteger.DivRem(coefficient, ten, out var rem);
            if (!rem.IsZero)
            {
                break;
            }

            coefficient = q;
            exponent++;
        }

        return new PyDecimal(coefficient, exponent, false);
    }

    private static int DecimalDigits(BigInteger value) =>
        value.IsZero ? 1 : (int)Math.Floor(BigInteger.Log10(value)) + 1;

    /// <summary>atanh(p/q) × 10^LnDigits for |p/q| ≤ 1/3, as a fixed-point integer.</summary>
    private static BigInteger AtanhFixed(BigInteger p, BigInteger q)
    {
        // atanh z = z + z³/3 + z⁵/5 + …; carry z^(2k+1) in fixed point with guard digits.
        var scale = LnScale * BigInteger.Pow(10, 20);
        var power = p * scale / q;
        var z2Num = p * p;
        var z2Den = q * q;
        var sum = BigInteger.Zero;
        for (var k = 1; !power.IsZero; k += 2)
        {
            sum += power / k;
            power = power * z2Num / z2Den;
        }

        return sum / BigInteger.Pow(10, 20);
    }
}
