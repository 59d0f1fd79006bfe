using Canvass.Audit.Statistics;

namespace Canvass.Audit.Tests;

/// <summary>Φ, Φ⁻¹, the binomial distribution and the Python Decimal emulation, against values computed with mpmath
/// (40 digits) and CPython's decimal module.</summary>
public sealed class StatisticsTests
{
    /// <summary>Φ is correctly rounded, including deep in the tails.</summary>
    [Theory]
    [InlineData(-1.2815515655446004, 0.10000000000000002)]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-5.0, 2.866515718791939e-07)]
    [InlineData(-20.0, 2.7536241186062337e-89)]
    [InlineData(3.7, 0.9998922002665226)]
    [InlineData(-37.5, 4.605353009581955e-308)]
    public void NormalCdf_IsCorrectlyRounded(double x, double expected) => Assert.Equal(expected, NormalDistribution.Cdf(x));

    /// <summary>Φ⁻¹ is within an ulp of the true quantile (SciPy's ndtri is too).</summary>
    [Theory]
    [InlineData(0.9, 1.2815515655446006)]
    [InlineData(0.7, 0.5244005127080407)]
    [InlineData(0.8, 0.8416212335729144)]
    [InlineData(0.1, -1.2815515655446004)]
    [InlineData(1e-10, -6.361340902404057)]
    [InlineData(0.999, 3.090232306167813)]
    public void NormalPpf_WithinAnUlp(double p, double expected)
    {
        var got = NormalDistribution.Ppf(p);
        Assert.True(got == expected || Math.BitIncrement(got) == expected || Math.BitDecrement(got) == expected, $"{got:R} vs {expected:R}");
    }

    /// <summary>Ends and invalid probabilities behave as SciPy's.</summary>
    [Fact]
    public void NormalPpf_Edges()
    {
        Assert.Equal(double.NegativeInfinity, NormalDistribution.Ppf(0));
        Assert.Equal(double.PositiveInfinity, NormalDistribution.Ppf(1));
        Assert.True(double.IsNaN(NormalDistribution.Ppf(1.5)));
        Assert.Equal(0.0, NormalDistribution.Ppf(0.5));
    }

    /// <summary>Binomial masses and distribution to 1e-14 relative.</summary>
    [Theory]
    [InlineData(3, 10, 0.3, 0.266827932)]
    [InlineData(500, 1000, 0.52, 0.011327071894764491)]
    [InlineData(0, 100, 0.01, 0.3660323412732295)]
    public void BinomialPmf(long k, long n, double p, double expected) =>
        Assert.Equal(expected, BinomialDistribution.Pmf(k, n, p), expected * 1e-14);

    /// <summary>cdf(500; 1000, 0.52) from mpmath.</summary>
    [Fact]
    public void BinomialCdf() => Assert.Equal(0.10858106325437795, BinomialDistribution.Cdf(500, 1000, 0.52), 1e-15);

    /// <summary>The quantile is the smallest k whose cdf reaches q.</summary>
    [Fact]
    public void BinomialPpf_SmallestKReachingQ()
    {
        Assert.Equal(5, BinomialDistribution.Ppf(0.5, 10, 0.5));
        Assert.Equal(500, BinomialDistribution.Ppf(0.10858106325437795 - 1e-12, 1000, 0.52));
        Assert.Equal(501, BinomialDistribution.Ppf(0.10858106325437795 + 1e-12, 1000, 0.52));
        Assert.Equal(0, BinomialDistribution.Ppf(0.1, 0, 0.5));
        Assert.True(double.IsNaN(BinomialDistribution.Ppf(0.1, -1, 0.5)));
    }

    /// <summary>The recurrence-filled vector agrees with the direct masses (relative 1e-12: in the far tails both carry the rounding of an exponent of several hundred).</summary>
    [Theory]
    [InlineData(10, 0.3)]
    [InlineData(1000, 0.52)]
    [InlineData(100_000, 0.5)]
    [InlineData(50_000, 0.999)]
    public void BinomialPmfRange_MatchesPmf(long n, double p)
    {
        var range = BinomialDistribution.PmfRange(n, p);
        for (var k = 0L; k <= n; k += Math.Max(1, n / 997))
        {
            var direct = BinomialDistribution.Pmf(k, n, p);
            Assert.True(Math.Abs(range[k] - direct) <= 1e-12 * direct || (direct < 1e-300 && range[k] < 1e-300), $"k={k}: {range[k]:R} vs {direct:R}");
        }
    }

    /// <summary>Each operation rounds once to 28 digits, half even, as CPython's decimal does.</summary>
    [Fact]
    public void PyDecimal_MatchesCPython()
    {
        Assert.Equal("-2.302585092994045628506840223", Text(PyDecimal.FromDouble(0.1).Ln()));
        Assert.Equal("0.5773502691896257645091487805", Text((PyDecimal.One / 3).Sqrt()));
        Assert.Equal("1.414213562373095048801688724", Text(((PyDecimal)2).Sqrt()));
        Assert.Equal("3.5831808", Text(PyDecimal.Parse("1.2").Pow(7)));
        Assert.Equal("0.1428571428571428571428571429", Text(PyDecimal.One / 7));
        Assert.Equal("-0.1000000000000000333066907389", Text((PyDecimal.FromDouble(0.6) / 2 * 3) - 1));
    }

    /// <summary>Bounded-precision powering rounds to the same 28 digits as the exact power.</summary>
    [Theory]
    [InlineData(1.2, 500)]
    [InlineData(0.8571428571428572, 2000)]
    [InlineData(1.5, 37)]
    public void PyDecimal_PowRounded_MatchesExactPower(double x, int n)
    {
        var d = PyDecimal.FromDouble(x);
        Assert.Equal(d.Pow(n), d.PowRounded(n));
    }

    /// <summary>Python's round(x, 2) works on the exact binary value (2.675 is below 2.675 in binary).</summary>
    [Fact]
    public void PythonRound2_UsesExactBinaryValue()
    {
        Assert.Equal(2.67, Bravo.PythonRound2(2.675));
        Assert.Equal(0.52, Bravo.PythonRound2(0.5249999));
        Assert.Equal(0.12, Bravo.PythonRound2(0.125));
        Assert.Equal(-0.52, Bravo.PythonRound2(-0.515));
    }

    private static string Text(PyDecimal d)
    {
        var digits = System.Numerics.BigInteger.Abs(d.Coefficient).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sign = d.Sign < 0 ? "-" : "";
        if (d.Exponent >= 0)
        {
            return sign + digits + new string('0', d.Exponent);
        }

        digits = digits.PadLeft(-d.Exponent + 1, '0');
        return sign + digits[..^(-d.Exponent)] + "." + digits[^(-d.Exponent)..];
    }
}
