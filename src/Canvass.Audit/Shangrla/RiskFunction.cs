namespace Canvass.Audit.Shangrla;

/// <summary>A risk-measuring function of SHANGRLA's <c>NonnegMean</c>: maps draws to a p-value and its history.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public abstract record RiskFunction
{
    private protected RiskFunction()
    {
    }

    /// <summary>Measures the risk of the draws <paramref name="x"/> against the population described by <paramref name="test"/>.</summary>
    public abstract RiskMeasurement Measure(NonnegMean test, double[] x);

    private protected static double[] CumProd(double[] factors)
    {
        var terms = new double[factors.Length];
        var running = 1.0;
        for (var i = 0; i < factors.Length; i++)
        {
            running = i == 0 ? factors[0] : running * factors[i];
            terms[i] = running;
        }

        return terms;
    }

    private protected static void RequireNonnegative(double[] x)
    {
        if (x.Any(v => v < 0))
        {
            throw new ArgumentException("negative value in a sample from a nonnegative population", nameof(x));
        }
    }

    /// <summary>NumPy's <c>isclose(a, b, atol, rtol)</c>: |a − b| ≤ atol + rtol·|b|.</summary>
    private protected static bool IsClose(double a, double b, double atol, double rtol = 1e-5) =>
        Math.Abs(a - b) <= atol + rtol * Math.Abs(b);

    /// <summary>
    /// ALPHA's and the betting martingale's common frame: t_j from <see cref="NonnegMean.Sjm"/>, the per-draw parameter
    /// (η_j or λ_j) from <paramref name="perDraw"/>, T_j the running product of <paramref name="factor"/>(x_j, parameter_j,
    /// t_j), then <see cref="Finish"/>.
    /// </summary>
    private protected static RiskMeasurement MeasureRunningProduct(
        NonnegMean test,
        double[] x,
        Func<NonnegMean, double[], double[]> perDraw,
        Func<double, double, double, double> factor)
    {
        var (_, total, m) = NonnegMean.Sjm(test.N, test.T, x);
        var parameters = perDraw(test, x);
        var factors = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            factors[i] = factor(x[i], parameters[i], m[i]);
        }

        return Finish(test, CumProd(factors), m, total);
    }

    /// <summary>
    /// The edge rules ALPHA and the betting martingale share, applied to the running products in place (then turned into
    /// the p-value history): 0 where t_j &gt; u (the null is certainly true for what remains), 1 where t_j ≈ 0, t_j ≈ u or
    /// T_j ≈ 0, ∞ where t_j &lt; 0, and ∞ for the last draw when the sample total already exceeds N·t. Per draw the rules
    /// apply in SHANGRLA's order, so the result is the same as its one-rule-at-a-time array assignments.
    /// </summary>
    private protected static RiskMeasurement Finish(NonnegMean test, double[] terms, double[] m, double total)
    {
        const double atol = 2 * MeanEstimator.MachineEpsilon;
        const double rtol = 1e-6;
        var u = test.U;
        var max = double.NegativeInfinity;
        var sawNaN = false;
        for (var i = 0; i < terms.Length; i++)
        {
            var term = terms[i];
            var mi = m[i];
            if (mi > u)
            {
                term = 0;
            }

            if (IsClose(0, mi, atol))
            {
                term = 1;
            }

            if (IsClose(u, mi, atol, rtol))
            {
                term = 1;
            }

            if (IsClose(0, term, atol))
            {
                term = 1;
            }

            if (mi < 0)
            {
                term = double.PositiveInfinity;
            }

            if (i == terms.Length - 1 && total > test.N * test.T)
            {
                term = double.PositiveInfinity;
            }

            sawNaN |= double.IsNaN(term);
            max = Math.Max(max, term);
            terms[i] = double.IsNaN(term) ? double.NaN : Math.Min(1, 1 / term);
        }

        // Python's min(1, nan) is 1: a NaN maximum gives no evidence.
        var p = sawNaN || terms.Length == 0 ? 1 : Math.Min(1, 1 / max);
        return new RiskMeasurement(p, terms);
    }
}

/// <summary>
/// The ALPHA supermartingale (Stark 2023): T_n = Π [x_j η_j/t_j + (u − x_j)(u − η_j)/(u − t_j)]/u, p = min(1, 1/max T).
/// </summary>
/// <param name="Estimator">How η_j, the alternative mean before draw j, is chosen.</param>
public sealed record AlphaMart(MeanEstimator Estimator) : RiskFunction
{
    /// <inheritdoc/>
    public override RiskMeasurement Measure(NonnegMean test, double[] x)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(x);
        var u = test.U;
        return MeasureRunningProduct(test, x, (t, v) => Estimator.Estimate(t, v), (xj, eta, tj) => (xj * eta / tj + (u - xj) * (u - eta) / (u - tj)) / u);
    }
}

/// <summary>The betting martingale: T_n = Π (1 + λ_j (x_j − t_j)), with the same edge rules as ALPHA.</summary>
/// <param name="Bet">How λ_j is chosen.</param>
public sealed record BettingMart(BettingStrategy Bet) : RiskFunction
{
    /// <inheritdoc/>
    public override RiskMeasurement Measure(NonnegMean test, double[] x)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(x);
        return MeasureRunningProduct(test, x, (t, v) => Bet.Bets(t, v), (xj, lam, tj) => 1 + lam * (xj - tj));
    }
}

/// <summary>Kaplan–Markov (with replacement): p = min(1, min_n Π (t + g)/(x_j + g)); the last value if not in random order.</summary>
/// <param name="G">Padding that keeps a zero from ending the test; g ≥ 0.</param>
/// <param name="RandomOrder">True when the draws are in random order, so optional stopping (the minimum) is valid.</param>
public sealed record KaplanMarkov(double G = 0, bool RandomOrder = true) : RiskFunction
{
    /// <inheritdoc/>
    public override RiskMeasurement Measure(NonnegMean test, double[] x)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(x);
        RequireNonnegative(x);

        var factors = x.Select(v => (test.T + G) / (v + G)).ToArray();
        var history = CumProd(factors);
        var p = Math.Min(1, RandomOrder ? (history.Length == 0 ? 1 : history.Min()) : history[^1]);
        return new RiskMeasurement(p, [.. history.Select(h => Math.Min(h, 1))]);
    }
}

/// <summary>Kaplan–Wald: p = min(1, 1/max_n Π ((1 − g) x_j/t + g)); the last value if not in random order.</summary>
/// <param name="G">Padding in [0, 1].</param>
/// <param name="RandomOrder">True when the draws are in random order.</param>
public sealed record KaplanWald(double G = 0, bool RandomOrder = true) : RiskFunction
{
    /// <inheritdoc/>
    public override RiskMeasurement Measure(NonnegMean test, double[] x)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(x);
        if (G is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(x), G, "g must be between 0 and 1");
        }

        RequireNonnegative(x);

        var terms = CumProd([.. x.Select(v => (1 - G) * v / test.T + G)]);
        var p = Math.Min(1, RandomOrder ? 1 / (terms.Length == 0 ? 1 : terms.Max()) : 1 / terms[^1]);
        return new RiskMeasurement(p, [.. terms.Select(v => Math.Min(1 / v, 1))]);
    }
}

/// <summary>Kaplan–Kolmogorov (without replacement when N is finite): T_n = Π (x_j + g)/t_j with t_j from (t + g).</summary>
/// <param name="G">Padding that keeps a zero from ending the test.</param>
/// <param name="RandomOrder">True when the draws are in random order.</param>
public sealed record KaplanKolmogorov(double G = 0, bool RandomOrder = true) : RiskFunction
{
    /// <inheritdoc/>
    public override RiskMeasurement Measure(NonnegMean test, double[] x)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(x);
        RequireNonnegative(x);

        var padded = x.Select(v => v + G).ToArray();
        var (_, _, m) = NonnegMean.Sjm(test.N, test.T + G, padded);
        var terms = CumProd([.. padded.Select((v, i) => v / m[i])]);
        for (var i = 0; i < terms.Length; i++)
        {
            if (m[i] < 0)
            {
                terms[i] = double.PositiveInfinity;
            }
        }

        var p = Math.Min(RandomOrder ? 1 / terms.Max() : 1 / terms[^1], 1);
        return new RiskMeasurement(p, [.. terms.Select(v => Math.Min(1 / v, 1))]);
    }
}
