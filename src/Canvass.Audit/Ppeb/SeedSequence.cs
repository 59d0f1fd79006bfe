using System.Numerics;

namespace Canvass.Audit;

/// <summary>
/// NumPy's <c>SeedSequence</c> (numpy/random/bit_generator.pyx, unchanged since NumPy 1.17) for a non-negative integer
/// seed and no spawn key: the integer is split into 32-bit words (least significant first), hashed into a pool of four
/// words, and <see cref="GenerateState64"/> stretches the pool into seeding words for a bit generator.
/// The algorithm is Melissa O'Neill's <c>seed_seq</c> hash as NumPy adopted it; every multiply wraps modulo 2³².
/// </summary>
internal static class SeedSequence
{
    private const int PoolSize = 4;
    private const uint InitA = 0x43b0d7e5;
    private const uint MultA = 0x931e8875;
    private const uint InitB = 0x8b51f9dd;
    private const uint MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd;
    private const uint MixMultR = 0x4973f715;
    private const int XShift = 16;

    /// <summary>The entropy pool for <paramref name="entropy"/> (NumPy's <c>SeedSequence(entropy).pool</c>).</summary>
    public static uint[] Pool(BigInteger entropy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entropy);
        var words = ToWords(entropy);
        var mixer = new uint[PoolSize];
        var hashConst = InitA;
        for (var i = 0; i < PoolSize; i++)
        {
            mixer[i] = HashMix(i < words.Count ? words[i] : 0u, ref hashConst);
        }

        for (var src = 0; src < PoolSize; src++)
        {
            for (var dst = 0; dst < PoolSize; dst++)
            {
                if (src != dst)
                {
                    mixer[dst] = Mix(mixer[dst], HashMix(mixer[src], ref hashConst));
                }
            }
        }

        for (var src = PoolSize; src < words.Count; src++)
        {
            for (var dst = 0; dst < PoolSize; dst++)
            {
                mixer[dst] = Mix(mixer[dst], HashMix(words[src], ref hashConst));
            }
        }

        return mixer;
    }

    /// <summary><c>generate_state(count, np.uint64)</c>: 2·count 32-bit words, paired little-endian into 64-bit words.</summary>
    public static ulong[] GenerateState64(uint[] pool, int count)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var words = new uint[2 * count];
        var hashConst = InitB;
        for (var i = 0; i < words.Length; i++)
        {
            var value = pool[i % pool.Length];
            unchecked
            {
                value ^= hashConst;
                hashConst *= MultB;
                value *= hashConst;
            }

            value ^= value >> XShift;
            words[i] = value;
        }

        var result = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = words[2 * i] | ((ulong)words[(2 * i) + 1] << 32);
        }

        return result;
    }

    // NumPy's _int_to_uint32_array: 0 is one zero word; otherwise 32-bit words, least significant first.
    private static List<uint> ToWords(BigInteger value)
    {
        var words = new List<uint>();
        if (value.IsZero)
        {
            words.Add(0);
        }

        while (!value.IsZero)
        {
            words.Add((uint)(value & uint.MaxValue));
            value >>= 32;
        }

        return words;
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        unchecked
        {
            value ^= hashConst;
            hashConst *= MultA;
            value *= hashConst;
        }

        return value ^ (value >> XShift);
    }

    private static uint Mix(uint x, uint y)
    {
        var result = unchecked((MixMultL * x) - (MixMultR * y));
        return result ^ (result >> XShift);
    }
}
