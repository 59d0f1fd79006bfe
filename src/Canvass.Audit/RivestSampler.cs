using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Canvass.Audit;

/// <summary>Rivest's 2011 <c>sampler.py</c> and SHANGRLA's SHA-256 PRNG (statlab/cryptorandom), for reproducing
/// samples drawn with those tools.</summary>
public static class RivestSampler
{
    /// <summary>
    /// Rivest's sampler.py: pick i (1-based) = 1 + SHA256(UTF8(seed + "," + i)) mod total; with replacement.
    /// The seed text is used verbatim.
    /// </summary>
    /// <param name="seed">The seed text.</param>
    /// <param name="total">How many items there are to draw from (at least 1).</param>
    /// <param name="count">How many draws.</param>
    /// <returns>The 1-based picks, in draw order.</returns>
    public static IReadOnlyList<long> Draw(string seed, long total, int count)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        var picks = new List<long>(count);
        for (var i = 1; i <= count; i++)
        {
            var hash = HashToInteger(Encoding.UTF8.GetBytes(seed + "," + i.ToString(CultureInfo.InvariantCulture)));
            picks.Add(1 + (long)(hash % total));
        }

        return picks;
    }

    /// <summary>cryptorandom's k-th 256-bit output: SHA256(UTF8(seed + ",") followed by k zero bytes), big-endian.</summary>
    /// <param name="seed">The seed text.</param>
    /// <param name="k">The output's index (0 first).</param>
    /// <returns>The 256-bit output.</returns>
    public static BigInteger CryptorandomOutput(string seed, int k)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var prefix = Encoding.UTF8.GetBytes(seed + ",");
        var bytes = new byte[prefix.Length + k];
        prefix.CopyTo(bytes, 0);
        return HashToInteger(bytes);
    }

    /// <summary>cryptorandom's <c>randint_trunc(a, b, size)</c>: a + (k-th output mod (b − a)), k = 0, 1, ….</summary>
    /// <param name="seed">The seed text.</param>
    /// <param name="a">The smallest value.</param>
    /// <param name="b">One more than the largest value.</param>
    /// <param name="size">How many values.</param>
    /// <returns>The values, in order.</returns>
    public static IReadOnlyList<long> CryptorandomRandintTrunc(string seed, long a, long b, int size) =>
        [.. Enumerable.Range(0, size).Select(k => a + (long)(CryptorandomOutput(seed, k) % (b - a)))];

    /// <summary>cryptorandom's <c>random(size)</c>: k-th output × 2^−256, correctly rounded as Python's float(int) gives it.</summary>
    /// <param name="seed">The seed text.</param>
    /// <param name="size">How many values.</param>
    /// <returns>The values in [0, 1), in order.</returns>
    public static IReadOnlyList<double> CryptorandomRandom(string seed, int size) =>
        [.. Enumerable.Range(0, size).Select(k => new ExactRational(CryptorandomOutput(seed, k), BigInteger.One << 256).ToDouble())];

    private static BigInteger HashToInteger(byte[] input) =>
        new(SHA256.HashData(input), isUnsigned: true, isBigEndian: true);
}
