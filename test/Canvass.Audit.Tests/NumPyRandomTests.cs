namespace Canvass.Audit.Tests;

/// <summary>NumPy's default_rng (SeedSequence + PCG64 + Generator.random) against values NumPy prints.</summary>
public sealed class NumPyRandomTests
{
    [Theory]
    [InlineData(0, new[] { 0.63696169, 0.26978671, 0.04097352 })]
    [InlineData(42, new[] { 0.77395605, 0.43887844, 0.85859792 })]
    public void DefaultRngRandom(long seed, double[] expected)
    {
        var generator = Pcg64.FromSeed(seed);
        foreach (var e in expected)
        {
            Assert.Equal(e, generator.NextDouble(), 8);
        }
    }
}
