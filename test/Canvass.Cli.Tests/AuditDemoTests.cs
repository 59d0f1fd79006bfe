using System.Text.Json;
using Canvass.Audit;
using Canvass.Formats.Manifests;

namespace Canvass.Cli.Tests;

/// <summary>The demo's closest state, Georgia (Biden 2,474,507, Trump 2,461,837: a 0.24% margin), audited end to end
/// through the CLI by ballot comparison, as docs/auditing.md shows. Slow (two to nine minutes, with the machine's load): only Georgia's 5 million
/// ballots are generated as CVRs.</summary>
public sealed class AuditDemoTests : IDisposable
{
    private const string Seed = "83941027365512908374";
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private CliRun Ok(params string[] args)
    {
        var run = _canvass.Run(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    [Fact]
    public void Georgia_comparison_audit_runs_end_to_end_and_observers_can_check_the_sample()
    {
        Ok("demo", "--cvr-states", "GA");
        var manifestPath = _canvass.PathOf("canvass-demo/manifests/ga-manifest.csv");
        Assert.Contains("4,998,482 ballots in the manifest", Ok("import", "manifest", manifestPath).Stdout, StringComparison.Ordinal);

        var created = Json.Parse(_canvass.Run("audit", "create", "--contest", "cc-ga-president", "--type", "ballot-comparison", "--risk-limit", "5", "--json"));
        var contest = created.GetProperty("contests")[0];
        Assert.Equal(4_998_482, contest.GetProperty("ballots").GetInt64());
        Assert.Equal((2_474_507 - 2_461_837) / 4_998_482.0, contest.GetProperty("dilutedMargin").GetDouble(), 15);
        Ok("audit", "seed", "--seed", Seed);

        // SUPERSIMPLE's first-round size at a 0.2535% diluted margin and a 5% risk limit.
        var option = Json.Parse(_canvass.Run("audit", "options", "--json")).GetProperty("contests")[0].GetProperty("options")[0];
        Assert.Equal(("supersimple", 3536), (option.GetProperty("id").GetString(), option.GetProperty("size").GetInt32()));

        var sample = Json.Parse(_canvass.Run("audit", "sample", "--json"));
        Assert.Equal(3536, sample.GetProperty("draws").GetInt32());
        Assert.Equal(sample.GetProperty("ballots").GetInt32(), sample.GetProperty("cvrsProven").GetInt32());

        // An observer recomputes every ticket from the public seed and the published manifest, as Arlo would.
        using var stream = File.OpenRead(manifestPath);
        var manifest = BallotManifestReader.Read(stream, manifestPath, null, TestContext.Current.CancellationToken).Value;
        var batches = manifest.Batches.ToDictionary(b => b.BatchName);
        var ballots = sample.GetProperty("sampledBallots").EnumerateArray().ToList();
        foreach (var b in ballots)
        {
            var batch = batches[b.GetProperty("batch").GetString()!];
            var id = ArloBallotIds.ProductionBallot(batch.Jurisdiction, batch.Tabulator, batch.BatchName, b.GetProperty("position").GetInt32());
            foreach (var draw in b.GetProperty("draws").EnumerateArray())
            {
                var ticket = new SamplerTicket<string>(ConsistentSampler.FirstFraction(id, Seed), id, 1);
                while (ticket.Generation < draw.GetProperty("generation").GetInt32())
                {
                    ticket = ConsistentSampler.NextTicket(ticket);
                }

                Assert.Equal(ConsistentSampler.Trim(ticket.TicketNumber, ConsistentSampler.ArloDigits), draw.GetProperty("ticket").GetString());
            }
        }

        // …and checks that the CVR compared with the paper is the one committed before the seed.
        var key = _canvass.Run("log", "key").Stdout.Trim();
        foreach (var b in ballots.Take(3))
        {
            var receipt = _canvass.Write("ballot.receipt", Ok("log", "prove-ballot", "--ballot", b.GetProperty("ballotId").GetString()!).Stdout);
            Assert.Equal(0, _canvass.Run(false, "verify", "--receipt", receipt, "--key", key, "--state", _canvass.PathOf("state.json")).ExitCode);
        }

        Ok("audit", "retrieval-list", "--out", _canvass.PathOf("lists"));
        Assert.NotEmpty(Directory.GetFiles(_canvass.PathOf("lists"), "retrieval-list-round-1-ru-ga-*.csv"));
        Ok("demo", "paper", "--out", _canvass.PathOf("paper"));
        var recorded = Ok("audit", "record", "--file", _canvass.PathOf("paper/paper-round-1.csv"));
        Assert.Matches(@"^Recorded [0-9,]+ ballots for [0-9]+ counties in round 1; 0 left in those counties, 0 in the round\.$", recorded.Stdout.Trim());
        var closed = Json.Parse(_canvass.Run("audit", "close-round", "--json"));
        Assert.Equal("complete", closed.GetProperty("decision").GetString());

        // No discrepancies: p = (1 − m/(2γ))^3536.
        var m = (2_474_507 - 2_461_837) / 4_998_482.0;
        Assert.Equal(Math.Pow(1 - (m / (2 * 1.03905)), 3536), closed.GetProperty("contests")[0].GetProperty("pValue").GetString()!.AsDouble(), 12);

        Ok("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.Contains("######## SAMPLED BALLOTS ########", File.ReadAllText(_canvass.PathOf("report/audit-report.csv")), StringComparison.Ordinal);
        Assert.Equal("complete", JsonDocument.Parse(Ok("audit", "status", "--json").Stdout).RootElement.GetProperty("status").GetString());
    }
}
