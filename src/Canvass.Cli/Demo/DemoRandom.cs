namespace Canvass.Cli.Demo;

/// <summary>A tiny deterministic generator (xorshift64*) so the demo writes the same files, byte for byte, on every
/// machine and run: re-running the demo then changes nothing in the store.</summary>
internal struct DemoRandom(ulong seed)
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public int Next(int exclusiveMax)
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        var r = unchecked(_state * 0x2545F4914F6CDD1DUL);
        return (int)((r >> 33) % (ulong)exclusiveMax);
    }
}
