using Canvass.Audit.Statistics;

namespace Canvass.Audit;

/// <summary>
/// The numerical pieces SUITE borrows from NumPy and SciPy that <c>Canvass.Audit.Statistics</c> does not already provide,
/// written out: <c>numpy.arange</c> (same length and values), SciPy's <c>brentq</c> root finder (same iteration, same
/// default tolerances), and the χ² distribution with 4 degrees of freedom (Fisher's combination of two p-values;
/// closed form). SUITE's <c>log(1 + x)</c> is <see cref="ElementaryFunctions.Log1P"/>.
/// </summary>
internal static class SuiteNumerics
{
    /// <summary>SciPy's brentq defaults: xtol = 2e-12, rtol = 4·ε, 100 iterations.</summary>
    private const double BrentXTolerance = 2e-12;
    private const double BrentRTolerance = 4 * 2.220446049250313e-16;
    private const int BrentMaxIterations = 100;

    /// <summary>
    /// <c>numpy.arange(start, stop, step)</c> for doubles: ⌈(stop − start)/step⌉ values, the first two
    /// <c>start</c> and <c>start + step</c>, then <c>start + i·δ</c> with δ = (start + step) − start.
    /// </summary>
    public static double[] Arange(double start, double stop, double step)
    {
        var length = Math.Ceiling((stop - start) / step);
        if (double.IsNaN(length) || length <= 0)
        {
            return [];
        }

        if (length > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(step), "Maximum allowed size exceeded");
        }

        var values = new double[(int)length];
        values[0] = start;
        if (values.Length > 1)
        {
            values[1] = start + step;
            var delta = values[1] - start;
            for (var i = 2; i < values.Length; i++)
            {
                values[i] = start + (i * delta);
            }
        }

        return values;
    }

    /// <summary>
    /// A root of <paramref name="f"/> in [a, b], found as SciPy's <c>optimize.brentq</c> finds it (Brent 1973:
    /// inverse quadratic interpolation or secant steps, falling back to bisection; stops when the bracket half-width
    /// is below (xtol + rtol·|x|)/2).
    /// </summary>
    public static double Brent(Func<double, double> f, double a, double b)
    {
        double xpre = a, xcur = b, xblk = 0, fblk = 0, spre = 0, scur = 0;
        var fpre = f(xpre);
        var fcur = f(xcur);
        if (fpre == 0)
        {
            return xpre;
        }

        if (fcur == 0)
        {
            return xcur;
        }

        if (double.IsNegative(fpre) == double.IsNegative(fcur))
        {
            throw new ArgumentException("f(a) and f(b) must have different signs");
        }

        for (var i = 0; i < BrentMaxIterations; i++)
        {
            if (fpre != 0 && fcur != 0 && double.IsNegative(fpre) != double.IsNegative(fcur))
            {
                xblk = xpre;
                fblk = fpre;
                spre = scur = xcur - xpre;
            }

            if (Math.Abs(fblk) < Math.Abs(fcur))
            {
                xpre = xcur;
                xcur = xblk;
                xblk = xpre;
                fpre = fcur;
                fcur = fblk;
                fblk = fpre;
            }

            var delta = (BrentXTolerance + (BrentRTolerance * Math.Abs(xcur))) / 2;
            var sbis = (xblk - xcur) / 2;
            if (fcur == 0 || Math.Abs(sbis) < delta)
            {
                return xcur;
            }

            if (Math.Abs(spre) > delta && Math.Abs(fcur) < Math.Abs(fpre))
            {
                double stry;
                if (xpre == xblk)
                {
                    // Interpolate.
                    stry = -fcur * (xcur - xpre) / (fcur - fpre);
                }
                else
                {
                    // Extrapolate.
                    var dpre = (fpre - fcur) / (xpre - xcur);
                    var dblk = (fblk - fcur) / (xblk - xcur);
                    stry = -fcur * ((fblk * dblk) - (fpre * dpre)) / (dblk * dpre * (fblk - fpre));
                }

                if (2 * Math.Abs(stry) < Math.Min(Math.Abs(spre), (3 * Math.Abs(sbis)) - delta))
                {
                    // Good short step.
                    spre = scur;
                    scur = stry;
                }
                else
                {
                    spre = sbis;
                    scur = sbis;
                }
            }
            else
            {
                spre = sbis;
                scur = sbis;
            }

            xpre = xcur;
            fpre = fcur;
            xcur += Math.Abs(scur) > delta ? scur : (sbis > 0 ? delta : -delta);
            fcur = f(xcur);
        }

        throw new InvalidOperationException("brentq did not converge");
    }

    /// <summary>
    /// SciPy's <c>chi2.cdf(x, df=4)</c> = P(2, x/2), the regularized lower incomplete gamma function, evaluated as
    /// Cephes does for a = 2: the power series when x/2 ≤ 2, otherwise 1 − e^(−x/2)(1 + x/2).
    /// </summary>
    public static double ChiSquare4Cdf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= 0)
        {
            return 0;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 1;
        }

        var y = x / 2;
        if (y > 2)
        {
            return 1 - (Math.Exp(-y) * (1 + y));
        }

        // e^(−y) Σ_{k≥2} y^k / k!
        var term = y * y / 2;
        var sum = term;
        for (var k = 3; k < 200; k++)
        {
            term *= y / k;
            sum += term;
            if (term <= sum * 1.1102230246251565e-16)
            {
                break;
            }
        }

        return Math.Exp(-y) * sum;
    }

    /// <summary>
    /// SciPy's <c>chi2.ppf(q, df=4)</c>: the x with upper tail e^(−x/2)(1 + x/2) = 1 − q (SciPy forms 1 − q the same
    /// way), solved by Newton's method on the logarithm to full double precision; +∞ at q = 1.
    /// </summary>
    public static double ChiSquare4Ppf(double q)
    {
        var upper = 1 - q;
        if (double.IsNaN(upper) || upper < 0 || upper > 1)
        {
            return double.NaN;
        }

        if (upper == 0)
        {
            return double.PositiveInfinity;
        }

        if (upper == 1)
        {
            return 0;
        }

        // Solve g(y) = ln(1 + y) − y − ln(upper) = 0 for y ≥ 0; g is decreasing and concave, so Newton from a point
        // left of the root converges monotonically.
        var target = Math.Log(upper);
        var y = Math.Max(0, -target - 1);
        for (var i = 0; i < 200; i++)
        {
            var g = ElementaryFunctions.Log1P(y) - y - target;
            var slope = (1 / (1 + y)) - 1;
            if (slope == 0)
            {
                // y = 0 and the root is tiny: ln(1+y) − y ≈ −y²/2.
                y = Math.Sqrt(-2 * target);
                continue;
            }

            var next = y - (g / slope);
            if (next < 0)
            {
                next = y / 2;
            }

            if (Math.Abs(next - y) <= 4e-16 * Math.Max(1, Math.Abs(next)))
            {
                y = next;
                break;
            }

            y = next;
        }

        return 2 * y;
    }
}
