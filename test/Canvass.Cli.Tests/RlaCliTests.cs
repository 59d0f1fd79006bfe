using System.Text.Json.Nodes;
using Canvass.Audit;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass rla sample</c>: the same tickets as Arlo's sampler over Arlo's production ballot ids, bad
/// manifests refused with every problem.</summary>
public sealed class RlaCliTests : IDisposable
{
    private const string Seed = "12345678901234567890";
    private readonly Canvass canvass = new();

    public void Dispose() => canvass.Dispose();

    /// <summary>Two rounds continue one stream, and every ticket is the reference sampler's ticket for Arlo's id
    /// <c>((jurisdiction, tabulator, batch), position)</c>.</summary>
    [Fact]
    public void Sample_TwoRounds_MatchReferenceSamplerOverArloIds()
    {
        var manifest = canvass.Write("manifest.csv", """
            Jurisdiction,Container,Tabulator,Batch Name,Number of Ballots
            Maricopa,Box 1,TAB1,Batch 1,30
            Maricopa,Box 1,TAB1,Batch 2,40
            Pima,,,Batch 'A',25
            """);
        var first = canvass.Run(false, "rla", "sample", "--seed", Seed, "--manifest", manifest, "--count", "8", "--with-replacement", "--json",
            "--out", canvass.PathOf("round1.csv"));
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = canvass.Run(false, "rla", "sample", "--seed", Seed, "--manifest", manifest, "--count", "7", "--round-from", "8", "--with-replacement", "--json");
        Assert.True(second.ExitCode == 0, second.ToString());

        var draws = JsonNode.Parse(first.Stdout)!["draws"]!.AsArray().Concat(JsonNode.Parse(second.Stdout)!["draws"]!.AsArray()).ToList();
        (string J, string? T, string B, int N)[] batches = [("Maricopa", "TAB1", "Batch 1", 30), ("Maricopa", "TAB1", "Batch 2", 40), ("Pima", null, "Batch 'A'", 25)];
        var reference = ConsistentSampler.Sample(
            batches.SelectMany(b => Enumerable.Range(1, b.N).Select(p => ArloBallotIds.ProductionBallot(b.J, b.T, b.B, p))), id => id, Seed, 15);
        Assert.Equal(reference.Select(t => (t.TicketNumber, t.Id)), draws.Select(d => (d!["ticketNumber"]!.GetValue<string>(), d["ballotId"]!.GetValue<string>())));

        var csv = File.ReadAllLines(canvass.PathOf("round1.csv"));
        Assert.Equal("Jurisdiction,Container,Tabulator,Batch Name,Ballot Number,Ticket Numbers", csv[0]);
        Assert.Equal(8, csv.Skip(1).Sum(l => l.Split("0.").Length - 1)); // every ticket listed once
    }

    /// <summary>A manifest with a bad count and a duplicate batch, and a second file repeating a batch: every problem,
    /// exit code 2, nothing drawn.</summary>
    [Fact]
    public void Sample_BadManifests_ListsEveryProblem()
    {
        var bad = canvass.Write("bad.csv", """
            Jurisdiction,Tabulator,Batch Name,Number of Ballots
            J1,T1,B1,ten
            J1,T1,B2,5
            J1,T1,B2,6
            """);
        var other = canvass.Write("other.csv", """
            Jurisdiction,Tabulator,Batch Name,Number of Ballots
            J1,T1,B1,4
            """);
        var run = canvass.Run(false, "rla", "sample", "--seed", Seed, "--manifest", bad, "--manifest", other, "--count", "3");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.csv", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(":2", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(":4", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);

        var tooMany = canvass.Run(false, "rla", "sample", "--seed", Seed, "--manifest", other, "--count", "5");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("at most 4", tooMany.Stderr, StringComparison.Ordinal);
    }
}
