using System.Numerics;

namespace Canvass.Audit;

/// <summary>
/// NumPy's <c>PCG64</c> bit generator (O'Neill's PCG XSL RR 128/64: a 128-bit linear congruential state, output
/// <c>rotr64(high ⊕ low, state ≫ 122)</c> after each step) seeded as <c>numpy.random.PCG64(seed)</c> seeds it through
/// <see cref="SeedSequence"/>, with <see cref="NextDouble"/> as <c>Generator.random()</c> computes it. Mutable: one
/// instance is one stream, so it stays internal to a single draw.
/// </summary>
internal sealed class Pcg64
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    private readonly UInt128 _increment;
    private UInt128 _state;

    private Pcg64(UInt128 initState, UInt128 initSequence)
    {
        _increment = unchecked((initSequence << 1) | UInt128.One);
        _state = UInt128.Zero;
        Step();
        _state = unchecked(_state + initState);
        Step();
    }

    /// <summary><c>numpy.random.PCG64(seed)</c> for a non-negative integer seed.</summary>
    public static Pcg64 FromSeed(BigInteger seed)
    {
        var words = SeedSequence.GenerateState64(SeedSequence.Pool(seed), 4);
        return new Pcg64(new UInt128(words[0], words[1]), new UInt128(words[2], words[3]));
    }

    /// <summary>The next 64 output bits.</summary>
    public ulong NextUInt64()
    {
        Step();
        var high = (ulong)(_state >> 64);
        var low = (ulong)(_state & ulong.MaxValue);
        return BitOperations.RotateRight(high ^ low, (int)(_state >> 122));
    }

    /// <summary>A double in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2⁻⁵³ (NumPy's <c>next_double</c>).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    private void Step() => _state = unchecked((_state * Multiplier) + _increment);
}
