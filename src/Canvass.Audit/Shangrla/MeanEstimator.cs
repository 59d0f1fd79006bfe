namespace Canvass.Audit.Shangrla;

/// <summary>How ALPHA chooses η_j, its estimate of the population mean before draw j (predictable: uses draws 1 … j−1 only).</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public abstract record MeanEstimator
{
    /// <summary>NumPy's <c>np.finfo(float).eps</c> (2⁻⁵²), which SHANGRLA uses to keep estimates inside (t, u).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    private protected MeanEstimator()
    {
    }

    /// <summary>η_1 … η_n for the draws <paramref name="x"/>.</summary>
    public abstract double[] Estimate(NonnegMean test, IReadOnlyList<double> x);
}

/// <summary>
/// SHANGRLA's <c>fixed_alternative_mean</c>: the alternative "the population mean is η", adjusted for what has been
/// drawn: η_j = (N η − S_j)/(N − j + 1) (η when sampling with replacement). With η = the reported assorter mean and
/// N = ∞ this is BRAVO.
/// </summary>
/// <param name="Eta">The alternative mean; null means SHANGRLA's default t + (u − t)/2.</param>
public sealed record FixedAlternativeMean(double? Eta = null) : MeanEstimator
{
    /// <inheritdoc/>
    public override double[] Estimate(NonnegMean test, IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(test);
        var eta = Eta ?? test.T + (test.U - test.T) / 2;
        return NonnegMean.Sjm(test.N, eta, x).M;
    }
}

/// <summary>
/// SHANGRLA's <c>shrink_trunc</c>: the running mean shrunk toward η (weight d) and toward u (weight f/sd), truncated to
/// [t_j(1 + ε) + c/√(d + j − 1), u(1 − ε) − c/√(d + j − 1)].
/// </summary>
/// <param name="Eta">Initial alternative mean; null means SHANGRLA's attribute default u(1 − ε).</param>
/// <param name="C">Truncation scale; null means (η − t)/2 − ε (reset to (u − c)/2 when the bounds would cross).</param>
/// <param name="D">Weight of η relative to one draw.</param>
/// <param name="F">Weight of u relative to 1/sd.</param>
/// <param name="MinSd">Lower bound on the running standard deviation.</param>
public sealed record ShrinkTrunc(double? Eta = null, double? C = null, double D = 100, double F = 0, double MinSd = 1e-6) : MeanEstimator
{
    /// <inheritdoc/>
    public override double[] Estimate(NonnegMean test, IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(x);
        var u = test.U;
        var t = test.T;
        var eta = Eta ?? u * (1 - MachineEpsilon);
        var c = C ?? (eta - t) / 2 - MachineEpsilon;
        if (u - c < t + c)
        {
            c = (u - c) / 2;
        }

        var (s, _, m) = NonnegMean.Sjm(test.N, t, x);
        var n = x.Count;
        var sd = RunningSd(x);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            var j = i + 1;
            var sdj = i < 2 ? 1 : Math.Max(sd[i - 1], MinSd);
            var weighted = ((D * eta + s[i]) / (D + j - 1) + u * F / sdj) / (1 + F / sdj);
            var tol = c / Math.Sqrt(D + j - 1);
            var lower = m[i] * (1 + MachineEpsilon) + tol;
            result[i] = Math.Min(u * (1 - MachineEpsilon) - tol, Math.Max(weighted, lower));
        }

        return result;
    }

    /// <summary>Welford's running population standard deviation after each draw.</summary>
    private static double[] RunningSd(IReadOnlyList<double> x)
    {
        var n = x.Count;
        var sd = new double[n];
        if (n == 0)
        {
            return sd;
        }

        var mean = x[0];
        var v = 0.0;
        sd[0] = 0;
        for (var i = 1; i < n; i++)
        {
            var previous = mean;
            mean = previous + (x[i] - previous) / (i + 1);
            v += (x[i] - previous) * (x[i] - mean);
            sd[i] = Math.Sqrt(v / (i + 1));
        }

        return sd;
    }
}

/// <summary>
/// SHANGRLA's <c>optimal_comparison</c>: the η that is optimal for a comparison audit when the only errors are
/// two-vote overstatements at rate p₂: η = (1 − u(1 − p₂))/(2 − 2u) + u(1 − p₂) − ½ (u is the overstatement
/// assorter's upper bound).
/// </summary>
/// <param name="ErrorRate2">Assumed rate of two-vote overstatements.</param>
public sealed record OptimalComparison(double ErrorRate2 = 1e-5) : MeanEstimator
{
    /// <inheritdoc/>
    public override double[] Estimate(NonnegMean test, IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(x);
        var u = test.U;
        var p2 = ErrorRate2;
        var eta = (1 - u * (1 - p2)) / (2 - 2 * u) + u * (1 - p2) - 1.0 / 2;
        var result = new double[x.Count];
        Array.Fill(result, eta);
        return result;
    }
}

/// <summary>How the betting martingale chooses λ_j, the fraction of the current fortune bet on draw j.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public abstract record BettingStrategy
{
    private protected BettingStrategy()
    {
    }

    /// <summary>λ_1 … λ_n for the draws <paramref name="x"/>.</summary>
    public abstract double[] Bets(NonnegMean test, IReadOnlyList<double> x);
}

/// <summary>SHANGRLA's <c>fixed_bet</c>: the same λ on every draw.</summary>
/// <param name="Lam">The bet.</param>
public sealed record FixedBet(double Lam = 0.5) : BettingStrategy
{
    /// <inheritdoc/>
    public override double[] Bets(NonnegMean test, IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = new double[x.Count];
        Array.Fill(result, Lam);
        return result;
    }
}

/// <summary>
/// SHANGRLA's <c>agrapa</c>: the approximate-growth-rate-adapted bet of Waudby-Smith &amp; Ramdas, on [0, u] and
/// non-negative: λ_1 = <see cref="Lam"/>, λ_j = 0 ∨ (μ̂_{j−1} − t_{j−1})/(σ̂²_{j−1} + (t_{j−1} − μ̂_{j−1})²) ∧ c_j/t_j, with μ̂, σ̂² the
/// running mean and (population) variance of the earlier draws and c_j = c₀ + (c_max − c₀)(1 − 1/(1 + g√(j−1))).
/// </summary>
/// <param name="Lam">The first bet.</param>
/// <param name="CGrapa0">c₀, the initial truncation scale.</param>
/// <param name="CGrapaMax">c_max, the limit c_j grows toward.</param>
/// <param name="CGrapaGrow">g, how fast c_j grows (0: constant).</param>
public sealed record Agrapa(double Lam = 0.5, double CGrapa0 = 1 - MeanEstimator.MachineEpsilon, double CGrapaMax = 1 - MeanEstimator.MachineEpsilon, double CGrapaGrow = 0)
    : BettingStrategy
{
    /// <inheritdoc/>
    public override double[] Bets(NonnegMean test, IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Count;
        var t = test.T;
        var (_, _, tAdj) = NonnegMean.Sjm(test.N, t, x);
        var result = new double[n];
        var mean = 0.0;
        var m2 = 0.0;
        for (var j = 0; j < n; j++)
        {
            // SHANGRLA shifts the whole bet by one draw, so the null mean in it is the previous draw's t_{j−1};
            // only the cap uses t_j.
            var raw = j == 0 ? Lam : (mean - tAdj[j - 1]) / (m2 / j + (tAdj[j - 1] - mean) * (tAdj[j - 1] - mean));
            var c = CGrapa0 + (CGrapaMax - CGrapa0) * (1 - 1 / (1 + CGrapaGrow * Math.Sqrt(j)));
            result[j] = Math.Max(0, Math.Min(c / tAdj[j], raw));
            var previous = mean;
            mean = j == 0 ? x[0] : previous + (x[j] - previous) / (j + 1);
            m2 = j == 0 ? 0 : m2 + (x[j] - previous) * (x[j] - mean);
        }

        return result;
    }
}
