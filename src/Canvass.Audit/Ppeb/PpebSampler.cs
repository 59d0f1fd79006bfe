using System.Numerics;

namespace Canvass.Audit;

/// <summary>
/// Probability-proportional-to-error-bound (PPEB) batch sampling with replacement, exactly as Arlo's
/// <c>sampler.draw_ppeb_sample</c> draws it (Aslam, Popa and Rivest 2008; Stark 2008).
/// </summary>
/// <remarks>
/// <para>The algorithm, step by step:</para>
/// <list type="number">
/// <item>Seed: <c>s = int(sha256_hex(seed), 16)</c>, the 256-bit integer of the SHA-256 of the seed text's UTF-8 bytes.</item>
/// <item>Generator: NumPy's <c>default_rng(s)</c> — <c>SeedSequence(s)</c> hashes the 32-bit words of s (least
/// significant first) into a four-word pool, stretches it into four 64-bit words, and those seed a PCG64 (PCG XSL RR
/// 128/64) generator: state from words 0–1, stream increment from words 2–3.</item>
/// <item>Draw: with p = the batches' probabilities in batch order, the cumulative sums c (added left to right, then each
/// divided by the last), and for each of <c>previous + new</c> uniforms u = (next 64 bits ≫ 11)·2⁻⁵³, the batch is the
/// first i with c[i] &gt; u. So batch i is drawn with probability p[i], independently each time (with replacement).</item>
/// <item>Rounds: every call redraws the whole stream from the seed and drops the first <c>previous</c> draws, so a
/// later round continues the earlier round's stream.</item>
/// <item>Full hand tally: when <c>previous + new</c> reaches the number of batches, the result is every batch not
/// sampled before, in sorted key order.</item>
/// <item>Labels: the n-th draw of a batch is labelled with the consistent sampler's first ticket of the batch (n = 1)
/// or the next ticket after the batch's previous trimmed label, trimmed to 18 digits. Labels never influence which
/// batch is drawn.</item>
/// </list>
/// <para>This reproduces NumPy's <c>SeedSequence</c>, <c>PCG64</c>, <c>Generator.random</c> and
/// <c>Generator.choice(replace=True, p=…)</c> bit for bit, so the same seed and probabilities give Arlo's batches.</para>
/// </remarks>
public static class PpebSampler
{
    /// <summary>
    /// Draws <paramref name="sampleSize"/> more batches, with replacement, each with its probability from
    /// <paramref name="batches"/> (Arlo's <c>u_p / U</c>); see the type's remarks for the exact algorithm.
    /// </summary>
    /// <typeparam name="TBatch">The batch key type.</typeparam>
    /// <param name="seed">The audit's random seed, as text.</param>
    /// <param name="batches">Every batch with its selection probability, in Arlo's batch order; probabilities must be
    /// non-negative and sum to 1 within √ε, as NumPy requires.</param>
    /// <param name="render">The batch key as Python's <c>str()</c> renders it (the ticket labels hash it).</param>
    /// <param name="sortOrder">The order of Python's <c>sorted()</c> on batch keys (used for a full hand tally).</param>
    /// <param name="sampleSize">How many new draws.</param>
    /// <param name="previouslySampled">The batches drawn in earlier rounds, in draw order.</param>
    /// <returns>The new draws, in draw order.</returns>
    public static IReadOnlyList<PpebDraw<TBatch>> Draw<TBatch>(
        string seed, IReadOnlyList<KeyValuePair<TBatch, double>> batches, Func<TBatch, string> render,
        IComparer<TBatch> sortOrder, int sampleSize, IReadOnlyList<TBatch> previouslySampled)
        where TBatch : notnull
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(sortOrder);
        ArgumentNullException.ThrowIfNull(previouslySampled);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleSize);

        var cumulative = previouslySampled.Count + sampleSize;
        List<TBatch> keys;
        if (cumulative >= batches.Count)
        {
            var previous = new HashSet<TBatch>(previouslySampled);
            keys = [.. previouslySampled, .. batches.Select(b => b.Key).Where(k => !previous.Contains(k)).Distinct().Order(sortOrder)];
        }
        else
        {
            var generator = Pcg64.FromSeed(SeedInteger(seed));
            var picks = NumPyChoice.WithReplacement(generator, [.. batches.Select(b => b.Value)], cumulative);
            keys = [.. picks.Select(i => batches[i].Key)];
        }

        var seedHash = ConsistentSampler.Sha256Hex(seed);
        var lastLabel = new Dictionary<TBatch, string>();
        var draws = new List<PpebDraw<TBatch>>(keys.Count);
        foreach (var key in keys)
        {
            var ticket = lastLabel.TryGetValue(key, out var previousLabel)
                ? ConsistentSampler.NextFraction(previousLabel)
                : ConsistentSampler.Sha256Uniform(seedHash + render(key));
            ticket = ConsistentSampler.Trim(ticket, ConsistentSampler.ArloDigits);
            lastLabel[key] = ticket;
            draws.Add(new PpebDraw<TBatch>(ticket, key));
        }

        return draws[previouslySampled.Count..];
    }

    /// <summary><c>int(sha256_hex(seed), 16)</c>: the SHA-256 of the seed's UTF-8 bytes as a non-negative integer.</summary>
    /// <param name="seed">The audit's random seed, as text.</param>
    /// <returns>The 256-bit integer.</returns>
    public static BigInteger SeedInteger(string seed) =>
        new(Convert.FromHexString(ConsistentSampler.Sha256Hex(seed)), isUnsigned: true, isBigEndian: true);
}
