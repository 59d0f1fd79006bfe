namespace Canvass.Audit;

/// <summary>Arlo's <c>sampler.draw_ppeb_sample</c> over Arlo's batch keys and batch tallies (see <see cref="PpebSampler"/>).</summary>
public static class ArloPpeb
{
    /// <summary>
    /// Arlo's <c>draw_ppeb_sample</c>: each batch's probability is its MACRO error bound over the total,
    /// <c>float(u_p / U)</c> in Python's 28-digit decimal arithmetic (<see cref="Macro.ComputeMaxError"/> and
    /// <see cref="Macro.ComputeU"/>, pending and unauditable ballots included). When no batch holds the contest
    /// (U = 0) there is nothing to draw.
    /// </summary>
    /// <param name="seed">The audit's random seed.</param>
    /// <param name="contest">The targeted contest.</param>
    /// <param name="sampleSize">How many new draws.</param>
    /// <param name="previouslySampled">The batches drawn in earlier rounds, in draw order.</param>
    /// <param name="batchResults">(jurisdiction, batch) → the batch's reported tally for the contest (null when the
    /// batch does not contain it), in Arlo's batch order.</param>
    /// <returns>The new draws, in draw order.</returns>
    /// <exception cref="ArgumentException">No batches, or a tie (every error bound is infinite, so no probabilities).</exception>
    public static IReadOnlyList<PpebDraw<(string Jurisdiction, string Batch)>> DrawSample(
        string seed, BatchComparisonContest contest, int sampleSize, IReadOnlyList<(string Jurisdiction, string Batch)> previouslySampled,
        IReadOnlyList<KeyValuePair<(string Jurisdiction, string Batch), BatchTally?>> batchResults)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(batchResults);
        if (batchResults.Count == 0)
        {
            throw new ArgumentException("Must have batch-level results to use MACRO", nameof(batchResults));
        }

        var model = Macro.Model.Of(contest);
        var tallies = batchResults
            .Select(b => new KeyValuePair<string, Macro.Tally?>(RenderKey(b.Key), Macro.Tally.From(b.Value)))
            .ToList();
        var total = Macro.U(model, tallies);
        if (total.IsZero)
        {
            return [];
        }

        if (total.IsInfinity)
        {
            throw new ArgumentException("PPEB needs a contest that is not tied: every batch's error bound is infinite", nameof(contest));
        }

        var unauditable = Macro.Unauditable(model, tallies);
        var batches = batchResults
            .Select((b, i) => new KeyValuePair<(string, string), double>(b.Key, (Macro.MaxError(model, tallies[i].Value, unauditable) / total).ToDouble()))
            .ToList();
        return PpebSampler.Draw(seed, batches, RenderKey, KeyOrder.Instance, sampleSize, previouslySampled);
    }

    /// <summary>A batch key as Python's <c>str()</c> renders the tuple, e.g. <c>('J1', 'Batch 1')</c>.</summary>
    /// <param name="key">The (jurisdiction, batch) key.</param>
    /// <returns>The key's text.</returns>
    public static string RenderKey((string Jurisdiction, string Batch) key) =>
        PythonRepr.Tuple(PythonRepr.String(key.Jurisdiction), PythonRepr.String(key.Batch));

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
