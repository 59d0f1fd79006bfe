namespace Canvass.Audit.Tests;

/// <summary>The SciPy/NumPy pieces SUITE needs, against values those libraries print.</summary>
public sealed class SuiteNumericsTests
{
    [Theory]
    [InlineData(0.95, 9.487729036781154)]
    [InlineData(0.99, 13.276704135987622)]
    [InlineData(0.5, 3.356693980033322)]
    [InlineData(0.01, 0.29710948050653166)]
    public void ChiSquareFourQuantile(double q, double expected) =>
        Assert.Equal(expected, SuiteNumerics.ChiSquare4Ppf(q), 1e-12 * expected);

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.5)]
    [InlineData(3.9)]
    [InlineData(4.1)]
    [InlineData(30)]
    public void ChiSquareFourCdfInvertsQuantile(double x)
    {
        var q = SuiteNumerics.ChiSquare4Cdf(x);
        Assert.Equal(1 - (Math.Exp(-x / 2) * (1 + (x / 2))), q, 1e-15);
        Assert.Equal(x, SuiteNumerics.ChiSquare4Ppf(q), 1e-9 * x);
    }

    [Fact]
    public void ChiSquareFourEdges()
    {
        Assert.Equal(0, SuiteNumerics.ChiSquare4Cdf(0));
        Assert.Equal(double.PositiveInfinity, SuiteNumerics.ChiSquare4Ppf(1));
        Assert.Equal(0, SuiteNumerics.ChiSquare4Ppf(0));
    }

    [Fact]
    public void ArangeMatchesNumPyLengthAndValues()
    {
        // np.arange(-0.1, 0.2 + 0.05, 0.05) has 7 values (the float stop lands just above 0.25).
        var values = SuiteNumerics.Arange(-0.1, 0.2 + 0.05, 0.05);
        Assert.Equal(7, values.Length);
        Assert.Equal(-0.1, values[0]);
        Assert.Equal(-0.1 + 0.05, values[1]);
        Assert.Equal(-0.1 + (6 * ((-0.1 + 0.05) + 0.1)), values[6]);
        Assert.Empty(SuiteNumerics.Arange(1, 0, 0.5));
    }

    [Fact]
    public void BrentFindsTheRoot()
    {
        Assert.Equal(0.7390851332151607, SuiteNumerics.Brent(x => Math.Cos(x) - x, 0, 1), 1e-12);
        Assert.Equal(Math.Sqrt(2), SuiteNumerics.Brent(x => (x * x) - 2, 0, 2), 1e-12);
        Assert.Throws<ArgumentException>(() => SuiteNumerics.Brent(x => (x * x) + 1, -1, 1));
    }
}
