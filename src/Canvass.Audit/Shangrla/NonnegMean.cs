namespace Canvass.Audit.Shangrla;

/// <summary>A measured risk: the p-value after the whole sample and its draw-by-draw history.</summary>
/// <param name="PValue">The sequentially valid p-value of the null "the population mean is at most t" (1 = no evidence).</param>
/// <param name="History">p-value after each draw (only meaningful when the draws are in random order).</param>
public sealed record RiskMeasurement(double PValue, IReadOnlyList<double> History);

/// <summary>
/// SHANGRLA's <c>NonnegMean</c>: a test of the null hypothesis that the mean of a population of N values in [0, u] is
/// at most t, by one of the risk-measuring functions in <see cref="RiskFunction"/>.
/// </summary>
/// <remarks>
/// Floating-point operations are done in the order SHANGRLA's NumPy code does them, so p-values and sample sizes match
/// SHANGRLA's to the last bit where the upstream test compares exactly. Immutable; thread-safe.
/// </remarks>
public sealed record NonnegMean
{
    /// <summary>Creates a test.</summary>
    /// <param name="test">The risk-measuring function.</param>
    /// <param name="u">Upper bound on the population values (the assorter's upper bound; 2/(2 − v/u) for comparison).</param>
    /// <param name="n">Population size; <see cref="double.PositiveInfinity"/> for sampling with replacement.</param>
    /// <param name="t">The null mean (½ for every SHANGRLA assertion).</param>
    public NonnegMean(RiskFunction test, double u = 1, double n = double.PositiveInfinity, double t = 0.5)
    {
        Test = test;
        U = u;
        N = n;
        T = t;
    }

    /// <summary>The risk-measuring function.</summary>
    public RiskFunction Test
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Upper bound u on the population values.</summary>
    /// <value>1 unless given.</value>
    public double U
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the upper bound must be positive");
    }

    /// <summary>Population size N; infinity means sampling with replacement.</summary>
    /// <value>Infinity unless given.</value>
    public double N
    {
        get;
        init => field = double.IsPositiveInfinity(value) || (value >= 1 && value == Math.Floor(value))
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "the population size must be a positive integer or infinity");
    }

    /// <summary>The null mean t.</summary>
    /// <value>½ unless given.</value>
    public double T { get; init; }

    /// <summary>True when the population is finite (sampling without replacement).</summary>
    public bool WithoutReplacement => !double.IsPositiveInfinity(N);

    /// <summary>Measures the risk for the draws <paramref name="x"/>, in the order they were drawn (no draws: p = 1).</summary>
    public RiskMeasurement Measure(IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Count == 0 ? new RiskMeasurement(1, []) : Test.Measure(this, [.. x]);
    }

    /// <summary>
    /// SHANGRLA's <c>sjm</c>: before each draw j (1-based), the running total S_j of the earlier draws and the mean
    /// t_j = (N·t − S_j)/(N − j + 1) of what remains if the null is true (t when sampling with replacement).
    /// </summary>
    /// <param name="n">Population size (infinity: with replacement).</param>
    /// <param name="t">The hypothesized mean.</param>
    /// <param name="x">The draws.</param>
    public static (double[] S, double Total, double[] M) Sjm(double n, double t, IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count > n)
        {
            throw new ArgumentException("the sample is larger than the population", nameof(x));
        }

        var s = new double[x.Count];
        var m = new double[x.Count];
        var running = 0.0;
        var finite = !double.IsPositiveInfinity(n);
        for (var i = 0; i < x.Count; i++)
        {
            s[i] = running;
            m[i] = finite ? (n * t - running) / (n - (i + 1) + 1) : t;
            running += x[i];
        }

        return (s, running, m);
    }

    /// <summary>λ → η: the ALPHA estimate equivalent to betting λ when the null mean is μ: η = μ(1 + λ(u − μ)).</summary>
    public double LamToEta(double lam, double mu) => mu * (1 + lam * (U - mu));

    /// <summary>η → λ: the bet equivalent to the ALPHA estimate η when the null mean is μ: λ = (η/μ − 1)/(u − μ).</summary>
    public double EtaToLam(double eta, double mu) => (eta / mu - 1) / (U - mu);

    /// <summary>
    /// SHANGRLA's <c>NonnegMean.sample_size</c>: the number of draws after which the p-value first falls to
    /// <paramref name="alpha"/> or below, on a population built from <paramref name="x"/> (N if it never does).
    /// </summary>
    /// <param name="x">Pilot data: assorter values (polling) or overstatement-assorter values (comparison).</param>
    /// <param name="alpha">The risk limit.</param>
    /// <param name="reps">Null: deterministic, each value of <paramref name="x"/> repeated ⌈N/len(x)⌉ times in turn
    /// (NumPy <c>repeat</c>), cut to N. Otherwise: <paramref name="reps"/> populations drawn from <paramref name="x"/>
    /// with replacement by <paramref name="source"/>, and the <paramref name="quantile"/> of their sample sizes.</param>
    /// <param name="prefix">With <paramref name="reps"/>: start every population with <paramref name="x"/> itself.</param>
    /// <param name="quantile">With <paramref name="reps"/>: which quantile of the simulated sizes (NumPy's linear rule, truncated).</param>
    /// <param name="source">With <paramref name="reps"/>: where the bootstrap draws come from (default: SHA-256 counter mode,
    /// <see cref="Sha256IndexSource"/> with seed "1234567890").</param>
    public int SampleSize(
        IReadOnlyList<double> x, double alpha = 0.05, int? reps = null, bool prefix = false, double quantile = 0.5,
        IUniformIndexSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!WithoutReplacement)
        {
            throw new InvalidOperationException("sample-size estimation needs a finite population size N");
        }

        if (x.Count == 0)
        {
            throw new ArgumentException("no pilot data", nameof(x));
        }

        var n = checked((int)N);
        if (reps is null)
        {
            var copies = (int)Math.Ceiling(N / x.Count);
            var pop = new double[n];
            for (var i = 0; i < n; i++)
            {
                pop[i] = x[i / copies];
            }

            return FirstCrossing(pop, alpha);
        }

        if (prefix && x.Count > n)
        {
            throw new ArgumentException("the prefix is longer than the population", nameof(x));
        }

        source ??= new Sha256IndexSource("1234567890");
        var sizes = new double[reps.Value];
        var prefixLength = prefix ? x.Count : 0;
        for (var r = 0; r < reps.Value; r++)
        {
            var pop = new double[prefixLength + (prefix ? n - x.Count : n)];
            for (var i = 0; i < prefixLength; i++)
            {
                pop[i] = x[i];
            }

            for (var i = prefixLength; i < pop.Length; i++)
            {
                pop[i] = x[source.Next(x.Count)];
            }

            sizes[r] = FirstCrossing(pop, alpha);
        }

        return (int)NumpyQuantile(sizes, quantile);
    }

    /// <summary>NumPy's default (linear) quantile of <paramref name="values"/>, computed as NumPy computes it.</summary>
    public static double NumpyQuantile(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var virtualIndex = (sorted.Length - 1) * q;
        var previous = Math.Floor(virtualIndex);
        var gamma = virtualIndex - previous;
        var lo = (int)Math.Clamp(previous, 0, sorted.Length - 1);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        double a = sorted[lo], b = sorted[hi];
        var diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    private int FirstCrossing(double[] pop, double alpha)
    {
        var history = Test.Measure(this, pop).History;
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i] <= alpha)
            {
                return i + 1;
            }
        }

        return checked((int)N);
    }
}

/// <summary>Uniform integers in [0, n) for sample-size simulations.</summary>
public interface IUniformIndexSource
{
    /// <summary>The next draw, uniform on 0 … <paramref name="n"/> − 1.</summary>
    int Next(int n);
}

/// <summary>
/// Deterministic uniform draws from SHA-256 in counter mode, the construction of Rivest's <c>sampler.py</c>: the i-th
/// draw (i = 1, 2, …) is SHA256(UTF8(seed + "," + i)) mod n.
/// </summary>
/// <remarks>cryptorandom's k-th output hashes k zero bytes, so a million draws would hash ~5·10¹¹ bytes; counter mode
/// keeps every draw one short hash. The modulo bias is below 2⁻²²⁰ for any n that fits an int. Not thread-safe.</remarks>
public sealed class Sha256IndexSource : IUniformIndexSource
{
    private readonly byte[] _prefix;
    private long _counter;

    /// <summary>Creates a source from a seed string (used verbatim, UTF-8).</summary>
    public Sha256IndexSource(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        _prefix = System.Text.Encoding.UTF8.GetBytes(seed + ",");
    }

    /// <inheritdoc/>
    public int Next(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _counter++;
        var digits = _counter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Span<byte> message = stackalloc byte[_prefix.Length + digits.Length];
        _prefix.CopyTo(message);
        for (var i = 0; i < digits.Length; i++)
        {
            message[_prefix.Length + i] = (byte)digits[i];
        }

        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(message, hash);
        var value = new System.Numerics.BigInteger(hash, isUnsigned: true, isBigEndian: true);
        return (int)(value % n);
    }
}
