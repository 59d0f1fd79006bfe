using System.Globalization;
using System.Text.Json.Nodes;
using Canvass.TestKit;

namespace Canvass.Audit.Tests;

/// <summary>sampler_vectors.json: Rivest's sampler.py cases and SHANGRLA's cryptorandom values; plus id rendering.</summary>
public sealed class SamplerVectorTests
{
    private static readonly JsonNode Root =
        JsonNode.Parse(File.ReadAllText(SharedFolder.Combine("conformance", "rla", "sampler_vectors.json")))!;

    /// <summary>All ten of Rivest's cases.</summary>
    [Fact]
    public void RivestSamplerCases()
    {
        foreach (var t in Root["rivest_sampler_py_2011"]!["tests"]!.AsArray())
        {
            var data = t!["data"]!;
            var expected = t["expected"]!.AsArray().Select(x => x!.GetValue<long>()).ToList();
            Assert.Equal(expected, RivestSampler.Draw(data["seed"]!.GetValue<string>(), data["total"]!.GetValue<long>(), data["count"]!.GetValue<int>()));
        }
    }

    /// <summary>cryptorandom values for seed 12345678901234567890.</summary>
    [Fact]
    public void CryptorandomValues()
    {
        var vectors = Root["cryptorandom_sha256_prng"]!["vectors"]!.AsArray();
        const string seed = "12345678901234567890";
        Assert.Equal(vectors[0]!["expected_output"]!.AsArray().Select(x => x!.GetValue<long>()), RivestSampler.CryptorandomRandintTrunc(seed, 1, 1001, 5));
        Assert.Equal(vectors[1]!["expected_output_hex"]!.GetValue<string>(),
            RivestSampler.CryptorandomOutput(seed, 1).ToString("x64", CultureInfo.InvariantCulture)[^64..]);
        Assert.Equal(vectors[2]!["expected_output"]!.AsArray().Select(x => x!.GetValue<double>()), RivestSampler.CryptorandomRandom(seed, 2));
        Assert.Equal(vectors[3]!["expected_output"]!.AsArray().Select(x => x!.GetValue<long>()), RivestSampler.Draw(seed, 1000, 5));
    }

    /// <summary>Ids render as Python's str() of Arlo's tuples.</summary>
    [Fact]
    public void BallotIdsRenderAsPython()
    {
        Assert.Equal("(('J1', None, 'Batch 1'), 3)", ArloBallotIds.ProductionBallot("J1", null, "Batch 1", 3));
        Assert.Equal("((\"O'Brien\", 'T1', 'B'), 12)", ArloBallotIds.ProductionBallot("O'Brien", "T1", "B", 12));
        Assert.Equal("('pct 1', 20)", ArloBallotIds.TestBallot("pct 1", 20));
        Assert.Equal("'a\\'b\"c'", PythonRepr.String("a'b\"c"));
    }
}
