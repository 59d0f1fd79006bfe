namespace Canvass.Audit;

/// <summary>The worst discrepancy of one ballot (or batch) for one contest.</summary>
/// <param name="CountedAs">The error in votes for the worst winner/loser pair: +1/+2 overstatements, −1/−2
/// understatements (a batch can have any whole number).</param>
/// <param name="WeightedError">The error divided by that pair's reported margin V_wl (∞ when V_wl ≤ 0), rounded to a
/// double from Arlo's 28-digit decimal.</param>
public sealed record ComparisonDiscrepancy(long CountedAs, double WeightedError)
{
    /// <summary>The weighted error as Arlo's 28-digit decimal.</summary>
    internal PyDecimal ExactWeightedError { get; init; }
}
