using System.Numerics;

namespace Canvass.Audit;

/// <summary>Arlo's <c>sampler.draw_ppeb_sample</c> over Arlo's batch keys and batch tallies (see <see cref="PpebSampler"/>).</summary>
public static class ArloPpeb
{
    /// <summary>
    /// Arlo's <c>draw_ppeb_sample</c>: each batch's probability is its MACRO error bound over the total,
    /// <c>float(u_p / U)</c>, where <c>u_p = max over (winner, loser) of ((v_w − v_l) + ballots) / (V_w − V_l)</c>
    /// from the batch's reported tally (0 when the batch lacks the contest). No batch holds the contest (U = 0): no draws.
    /// </summary>
    /// <param name="seed">The audit's random seed.</param>
    /// <param name="contest">The targeted contest.</param>
    /// <param name="sampleSize">How many new draws.</param>
    /// <param name="previouslySampled">The batches drawn in earlier rounds, in draw order.</param>
    /// <param name="batchResults">(jurisdiction, batch) → contest name → candidate (and <c>"ballots"</c>) → count, in
    /// Arlo's batch order.</param>
    /// <returns>The new draws, in draw order.</returns>
    public static IReadOnlyList<PpebDraw<(string Jurisdiction, string Batch)>> DrawSample(
        string seed, ArloContest contest, int sampleSize, IReadOnlyList<(string Jurisdiction, string Batch)> previouslySampled,
        IReadOnlyList<KeyValuePair<(string Jurisdiction, string Batch), IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>>> batchResults)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(batchResults);
        if (batchResults.Count == 0)
        {
            throw new ArgumentException("Must have batch-level results to use MACRO", nameof(batchResults));
        }

        var bounds = batchResults.Select(b => MaxError(b.Value, contest)).ToList();
        var total = bounds.Aggregate(new ExactRational(BigInteger.Zero, BigInteger.One),
            (sum, u) => new ExactRational((sum.Numerator * u.Denominator) + (u.Numerator * sum.Denominator), sum.Denominator * u.Denominator));
        if (total.IsZero)
        {
            return [];
        }

        var batches = batchResults.Select((b, i) => new KeyValuePair<(string, string), double>(b.Key, (bounds[i] / total).ToDouble())).ToList();
        return PpebSampler.Draw(seed, batches, RenderKey, KeyOrder.Instance, sampleSize, previouslySampled);
    }

    /// <summary>A batch key as Python's <c>str()</c> renders the tuple, e.g. <c>('J1', 'Batch 1')</c>.</summary>
    /// <param name="key">The (jurisdiction, batch) key.</param>
    public static string RenderKey((string Jurisdiction, string Batch) key) =>
        PythonRepr.Tuple(PythonRepr.String(key.Jurisdiction), PythonRepr.String(key.Batch));

    // MACRO's u_p for one batch (Arlo's macro.compute_max_error without pending or unauditable ballots).
    private static ExactRational MaxError(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> batch, ArloContest contest)
    {
        var zero = new ExactRational(BigInteger.Zero, BigInteger.One);
        if (!batch.TryGetValue(contest.Name, out var tally))
        {
            return zero;
        }

        var error = zero;
        foreach (var w in contest.Winners)
        {
            foreach (var l in contest.Losers)
            {
                var margin = w.Value - l.Value;
                if (margin == 0)
                {
                    throw new ArgumentException("PPEB needs a contest that is not tied: every batch's error bound is infinite", nameof(contest));
                }

                var u = new ExactRational(tally.GetValueOrDefault(w.Key) - tally.GetValueOrDefault(l.Key) + tally.GetValueOrDefault("ballots"), margin);
                if (u.CompareTo(error) > 0)
                {
                    error = u;
                }
            }
        }

        return error;
    }

    // Python's sorted() on (str, str) tuples: element by element, strings by code point.
    private sealed class KeyOrder : IComparer<(string Jurisdiction, string Batch)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Jurisdiction, string Batch) x, (string Jurisdiction, string Batch) y)
        {
            var c = CompareCodePoints(x.Jurisdiction, y.Jurisdiction);
            return c != 0 ? c : CompareCodePoints(x.Batch, y.Batch);
        }

        private static int CompareCodePoints(string a, string b)
        {
            var ea = a.EnumerateRunes();
            var eb = b.EnumerateRunes();
            while (true)
            {
                var ha = ea.MoveNext();
                var hb = eb.MoveNext();
                if (!ha || !hb)
                {
                    return ha.CompareTo(hb);
                }

                var c = ea.Current.Value.CompareTo(eb.Current.Value);
                if (c != 0)
                {
                    return c;
                }
            }
        }
    }
}
