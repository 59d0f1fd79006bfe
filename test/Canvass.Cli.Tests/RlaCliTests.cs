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

    /// <summary>The text header ended in a "(draw)" column that no row filled: each row now starts with its draw number,
    /// counted on from the earlier rounds' draws, under a "draw" header, and its ticket under "ticket".</summary>
    [Fact]
    public void Sample_Text_EveryRowFillsTheColumnsItsHeaderNames()
    {
        var manifest = canvass.Write("manifest.csv", """
            Jurisdiction,Container,Tabulator,Batch Name,Number of Ballots
            Maricopa,Box 1,TAB1,Batch 1,3
            """);

        var run = canvass.Run(false, "rla", "sample", "--seed", Seed, "--manifest", manifest, "--count", "4", "--round-from", "8", "--with-replacement");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[1];
        Assert.Equal("draw  ticket", string.Join("  ", header.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)));
        Assert.EndsWith("jurisdiction / container / tabulator / batch / ballot", header, StringComparison.Ordinal);
        var rows = lines[2..];
        Assert.Equal(["9", "10", "11", "12"], rows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        Assert.All(rows, r => Assert.StartsWith("0.", r[header.IndexOf("ticket", StringComparison.Ordinal)..], StringComparison.Ordinal));
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

/// <summary><c>canvass rla sample-size</c> and <c>rla risk</c> give Arlo's recorded numbers for the contests of its tests.</summary>
public sealed class RlaCalculatorCliTests : IDisposable
{
    private readonly Canvass canvass = new();

    public void Dispose() => canvass.Dispose();

    /// <summary>Arlo's SUPERSIMPLE sizes for its contests A, B and D (arlo-0332/0333/0335: 27, 54, 40 at 10%).</summary>
    [Theory]
    [InlineData("winner=60000,loser=40000", 100000, 27)]
    [InlineData("winner=30000,loser=24000", 60000, 54)]
    [InlineData("winner=8000,loser=6000", 15000, 40)]
    public void SampleSize_Supersimple_MatchesArlo(string votes, long ballots, long expected)
    {
        var run = canvass.Run(false, "rla", "sample-size", "--method", "supersimple", "--ballots", ballots.ToString(System.Globalization.CultureInfo.InvariantCulture), "--votes", votes, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, JsonNode.Parse(run.Stdout)!["options"]![0]!["size"]!.GetValue<long>());
    }

    /// <summary>Discrepancies without the draws they were found in (or more of them than draws) are refused, as
    /// <c>rla risk</c> refuses them, rather than sized as if no sample had been drawn.</summary>
    [Theory]
    [InlineData("--o1", "1")]
    [InlineData("--sampled", "-5")]
    [InlineData("--sampled", "1", "--o1", "1", "--o2", "1")]
    public void SampleSize_Supersimple_DiscrepanciesBeyondTheDraws_ExitTwo(params string[] counts)
    {
        var run = canvass.Run(false, ["rla", "sample-size", "--method", "supersimple", "--ballots", "1000", "--votes", "A=600,B=400", .. counts]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--sampled must be at least the sum of --o1 and --o2", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A malformed or repeated <c>--votes</c> entry is the one problem reported: the contest it leaves behind (one
    /// candidate, here) is not the one the user gave, so it is not judged as if it were.</summary>
    [Theory]
    [InlineData("A=60x,B=400", "'A=60x' is not NAME=COUNT")]
    [InlineData("A=600,A=400", "'A' is given twice")]
    public void SampleSize_MalformedVotes_ReportsOnlyThat(string votes, string expected)
    {
        var run = canvass.Run(false, "rla", "sample-size", "--ballots", "1000", "--votes", votes, "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        var problems = JsonNode.Parse(run.Stdout)!["problems"]!.AsArray();
        Assert.Contains(expected, Assert.Single(problems)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Counts whose sum passes the largest whole number, and more draws than a round can hold, are refused as
    /// bad input: they ended in an OverflowException and exit 1, which the tool keeps for failures of the system.</summary>
    [Theory]
    [InlineData("sample-size", "--sampled", "5", "--o1", "9223372036854775807", "--o2", "9223372036854775807", "at least the sum")]
    [InlineData("risk", "--sampled", "5", "--o1", "9223372036854775807", "--u1", "9223372036854775807", "at least the sum")]
    [InlineData("risk", "--sampled", "2147483648", "--o1", "0", "--o2", "0", "at most 2,147,483,647 draws")]
    public void Supersimple_CountsBeyondLong_ExitTwo(string command, string o1, string v1, string o2, string v2, string o3, string v3, string expected)
    {
        var run = canvass.Run(false, "rla", command, "--method", "supersimple", "--ballots", "1000", "--votes", "A=600,B=400", o1, v1, o2, v2, o3, v3);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Ballots times the votes allowed past the largest whole number is a contest like any other, not an overflow.</summary>
    [Fact]
    public void SampleSize_BallotsTimesVotesAllowedBeyondLong_IsComputed()
    {
        var run = canvass.Run(false, "rla", "sample-size", "--ballots", "9223372036854775807", "--votes-allowed", "2", "--votes", "A=600,B=400", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("all-ballots", JsonNode.Parse(run.Stdout)!["options"]![0]!["key"]!.GetValue<string>());
    }

    /// <summary>A later round's size counts only the ballots still to draw, as docs/cli.md says: 20 draws without a
    /// discrepancy in a 600–400 contest make Arlo's stopping size 24 at 10%, so 4 more.</summary>
    [Fact]
    public void SampleSize_Supersimple_LaterRound_IsTheBallotsStillToDraw()
    {
        var run = canvass.Run(false, "rla", "sample-size", "--method", "supersimple", "--ballots", "1000", "--votes", "A=600,B=400", "--sampled", "20", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(4, JsonNode.Parse(run.Stdout)!["options"]![0]!["size"]!.GetValue<long>());
    }

    /// <summary>Arlo's BRAVO options for a 600–400 contest of 1,000 ballots (arlo-0017: ASN 119, 70% 184, 80% 244, 90% 351).</summary>
    [Fact]
    public void SampleSize_Bravo_MatchesArlo()
    {
        var run = canvass.Run(false, "rla", "sample-size", "--ballots", "1000", "--votes", "cand1=600,cand2=400", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var options = JsonNode.Parse(run.Stdout)!["options"]!.AsArray().ToDictionary(o => o!["key"]!.GetValue<string>(), o => o!["size"]!.GetValue<long>());
        Assert.Equal(new Dictionary<string, long> { ["asn"] = 119, ["0.7"] = 184, ["0.8"] = 244, ["0.9"] = 351 }, options);
    }

    /// <summary>The text wrote "diluted margin 20.00 %" and "70 % chance" (the invariant culture's percent format) where
    /// the rest of the text writes "10% risk limit": every percentage has no space before its sign.</summary>
    [Fact]
    public void SampleSize_Text_WritesPercentagesWithoutASpace()
    {
        var run = canvass.Run(false, "rla", "sample-size", "--ballots", "1000", "--votes", "cand1=600,cand2=400");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("at a 10% risk limit for cand1 600, cand2 400 (diluted margin 20.00%):", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(70% chance to finish in one round)", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" %", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Arlo's BRAVO risk after one round (arlo-0035: 0.0714 for 72–47 in a 600–400 contest; the limit is met, exit 0)
    /// and with three candidates (arlo-0036: not met, exit 1).</summary>
    [Fact]
    public void Risk_Bravo_MatchesArloAndExitsByOutcome()
    {
        var met = canvass.Run(false, "rla", "risk", "--ballots", "1000", "--votes", "cand1=600,cand2=400", "--sample", "cand1=72,cand2=47", "--json");
        Assert.True(met.ExitCode == 0, met.ToString());
        var pair = JsonNode.Parse(met.Stdout)!["pairs"]![0]!;
        Assert.Equal(0.07140372947931496, pair["risk"]!.GetValue<double>(), 0.01);
        Assert.True(JsonNode.Parse(met.Stdout)!["finished"]!.GetValue<bool>());

        var notMet = canvass.Run(false, "rla", "risk", "--ballots", "900", "--votes", "cand1=600,cand2=200,cand3=100", "--sample", "cand1=25,cand2=18,cand3=5", "--json");
        Assert.Equal(1, notMet.ExitCode);
        var pairs = JsonNode.Parse(notMet.Stdout)!["pairs"]!.AsArray();
        Assert.Equal(1.0, pairs.Single(p => p!["loser"]!.GetValue<string>() == "cand2")!["risk"]!.GetValue<double>());
        Assert.Equal(0.000738346245650534, pairs.Single(p => p!["loser"]!.GetValue<string>() == "cand3")!["risk"]!.GetValue<double>(), 0.01);
    }

    /// <summary>A risk limit out of range, a contest with no losers, a tie and a sample naming an unknown candidate are
    /// refused with exit code 2.</summary>
    [Theory]
    [InlineData("--risk-limit", "0", "--votes", "A=60,B=40", "--risk-limit must")]
    [InlineData("--risk-limit", "100", "--votes", "A=60,B=40", "--risk-limit must")]
    [InlineData("--winners", "1", "--votes", "A=60", "at least one loser")]
    [InlineData("--winners", "1", "--votes", "A=50,B=50", "tie")]
    [InlineData("--winners", "1", "--votes", "A=60,B=forty", "NAME=COUNT")]
    [InlineData("--winners", "1", "--votes", "A=9223372036854775807,B=9223372036854775807", "at least the votes cast")]
    public void Calculators_BadContest_ExitTwo(string option, string value, string votesOption, string votes, string expected)
    {
        foreach (var command in new[] { "sample-size", "risk" })
        {
            var run = canvass.Run(false, "rla", command, "--ballots", "100", option, value, votesOption, votes);
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains(expected, run.Stderr, StringComparison.OrdinalIgnoreCase);
        }
    }
}
