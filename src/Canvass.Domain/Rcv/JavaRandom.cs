namespace Canvass.Domain.Rcv;

/// <summary>A bit-exact port of <c>java.util.Random</c> (the 48-bit linear congruential generator its documentation
/// specifies), so random tiebreaks and permutations match RCTab's.</summary>
/// <threadsafety>Not thread-safe.</threadsafety>
internal sealed class JavaRandom
{
    private const long Multiplier = 0x5DEECE66DL;
    private const long Addend = 0xBL;
    private const long Mask = (1L << 48) - 1;
    private long _seed;

    /// <summary>Seeds the generator as <c>new Random(seed)</c>.</summary>
    public JavaRandom(long seed) => _seed = (seed ^ Multiplier) & Mask;

    /// <summary>Java's <c>next(bits)</c>.</summary>
    public int Next(int bits)
    {
        unchecked
        {
            _seed = ((_seed * Multiplier) + Addend) & Mask;
            return (int)(_seed >>> (48 - bits));
        }
    }

    /// <summary>Java's <c>nextInt()</c>.</summary>
    public int NextInt() => Next(32);

    /// <summary>Java's <c>nextInt(bound)</c>.</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        unchecked
        {
            var r = Next(31);
            var m = bound - 1;
            if ((bound & m) == 0)
            {
                return (int)((bound * (long)r) >> 31);
            }

            for (var u = r; u - (r = u % bound) + m < 0; u = Next(31))
            {
            }

            return r;
        }
    }

    /// <summary>Java's <c>nextDouble()</c>.</summary>
    public double NextDouble()
    {
        unchecked
        {
            return (((long)Next(26) << 27) + Next(27)) * (1.0 / (1L << 53));
        }
    }

    /// <summary>Java's <c>Collections.shuffle(list, random)</c>.</summary>
    public void Shuffle<T>(IList<T> list)
    {
        for (var i = list.Count; i > 1; i--)
        {
            var j = NextInt(i);
            (list[i - 1], list[j]) = (list[j], list[i - 1]);
        }
    }
}
