using Canvass.Audit.Shangrla;

namespace Canvass.Audit.Tests;

/// <summary>
/// NumPy's legacy <c>RandomState(seed)</c> (MT19937 seeded with <c>init_genrand</c>) and the draws its
/// <c>choice(a, size, replace=True)</c> makes (<c>randint(0, n)</c>: 32-bit outputs masked to the next power of two,
/// rejected when ≥ n). Only here to reproduce sample sizes SHANGRLA simulated with NumPy; Canvass itself simulates with
/// <see cref="Sha256IndexSource"/>.
/// </summary>
internal sealed class ShangrlaNumpyRandomState : IUniformIndexSource
{
    private const int StateLength = 624;
    private readonly uint[] _mt = new uint[StateLength];
    private int _index;

    public ShangrlaNumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < StateLength; i++)
        {
            _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        }

        _index = StateLength;
    }

    public int Next(int n)
    {
        var max = (uint)(n - 1);
        if (max == 0)
        {
            return 0;
        }

        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max)
        {
        }

        return (int)value;
    }

    public uint NextUInt32()
    {
        if (_index >= StateLength)
        {
            Twist();
        }

        var y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (var i = 0; i < StateLength; i++)
        {
            var y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % StateLength] & 0x7fffffffu);
            var next = _mt[(i + 397) % StateLength] ^ (y >> 1);
            _mt[i] = (y & 1) != 0 ? next ^ 0x9908b0dfu : next;
        }

        _index = 0;
    }
}
