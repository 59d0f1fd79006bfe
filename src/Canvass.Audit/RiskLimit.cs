namespace Canvass.Audit;

/// <summary>
/// The risk limit as every audit here takes it: whole percent (10 = 10%), as Arlo stores it. One check and one
/// conversion to α for all of them, so BRAVO, MINERVA, PROVIDENCE, SUPERSIMPLE, MACRO and SUITE agree on the range.
/// </summary>
internal static class RiskLimit
{
    /// <summary>α = riskLimit / 100 as a double, for a risk limit from 1 to 99.</summary>
    /// <param name="riskLimit">Risk limit in whole percent.</param>
    /// <returns>α.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The risk limit is not between 1 and 99.</exception>
    public static double Fraction(int riskLimit)
    {
        Check(riskLimit, allowZero: false);
        return riskLimit / 100.0;
    }

    /// <summary>α = Decimal(riskLimit) / 100 in Python's 28-digit decimal, for a risk limit from 1 (0 with
    /// <paramref name="allowZero"/>: Arlo's "count every ballot") to 99.</summary>
    /// <param name="riskLimit">Risk limit in whole percent.</param>
    /// <param name="allowZero">Whether 0 is accepted.</param>
    /// <returns>α.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The risk limit is out of range.</exception>
    public static PyDecimal Decimal(int riskLimit, bool allowZero)
    {
        Check(riskLimit, allowZero);
        return PyDecimal.FromInteger(riskLimit) / 100;
    }

    private static void Check(int riskLimit, bool allowZero)
    {
        if (allowZero)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(riskLimit);
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(riskLimit);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(riskLimit, 99);
    }
}
