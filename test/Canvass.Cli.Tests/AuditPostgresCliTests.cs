using System.Text.Json;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>The audit workflow with a PostgreSQL store: the same commands, the same sample, the same outcome.</summary>
public sealed class AuditPostgresCliTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public async Task Comparison_audit_on_postgres_draws_the_same_sample_as_on_sqlite()
    {
        var store = await PostgresDatabases.CreateAsync(server, "cli_audit_");
        var on = On(store);
        CliRun Run(params string[] a) => on(a);

        Run("init", "--election", TestElection.WriteJson(_canvass));
        Run("import", "cvr", _canvass.Write("cvrs.csv", AuditTestElection.Cvrs()));
        Run("import", "manifest", _canvass.Write("manifest.csv", AuditTestElection.Manifest));
        Run("audit", "create", "--contest", "cc-gov", "--type", "ballot-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", "12345678901234567890");
        var sample = JsonDocument.Parse(Run("audit", "sample", "--json").Stdout).RootElement;

        // The same seed and manifest on SQLite give the same ballots and tickets, each matched to the same CVR.
        AuditTestElection.Commit(_canvass);
        Assert.Equal(0, _canvass.Run("audit", "create", "--contest", "cc-gov", "--type", "ballot-comparison", "--risk-limit", "10").ExitCode);
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", "12345678901234567890").ExitCode);
        var sqlite = Json.Parse(_canvass.Run("audit", "sample", "--json"));
        Assert.Equal(sqlite.GetProperty("sampledBallots").GetRawText(), sample.GetProperty("sampledBallots").GetRawText());

        foreach (var file in AuditTestElection.Interpretations(_canvass, sample).Values)
        {
            // One state-level upload per file, each row naming its county.
            Run("audit", "record", "--file", WithJurisdiction(file, file.Replace(".csv", "-j.csv", StringComparison.Ordinal)));
        }

        var closed = JsonDocument.Parse(Run("audit", "close-round", "--json").Stdout).RootElement;
        Assert.Equal("complete", closed.GetProperty("decision").GetString());
        Assert.Contains("1 audit round re-drawn from the public seed and matched", Run("verify", "--state", _canvass.PathOf("state.json")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ranked_choice_audit_on_postgres_logs_the_assertions_and_draws_the_sample_of_sqlite()
    {
        var store = await PostgresDatabases.CreateAsync(server, "cli_rcv_");
        var on = On(store);
        CliRun Run(params string[] a) => on(a);

        var election = TestElection.WriteJson(_canvass, AuditRankedChoiceTests.Definition, "rcv-audit.json");
        var cvrs = _canvass.Write("rcv-cvrs.csv", AuditRankedChoiceTests.Cvrs());
        var manifest = _canvass.Write("rcv-manifest.csv", AuditRankedChoiceTests.Manifest);
        string[] create = ["audit", "create", "--contest", "cc-mayor", "--type", "ballot-comparison", "--risk-limit", "10", "--json"];
        Run("init", "--election", election);
        Run("import", "cvr", cvrs);
        Run("import", "manifest", manifest);
        var created = JsonDocument.Parse(Run(create).Stdout).RootElement;
        Run("audit", "seed", "--seed", "27182818284590452353");
        var sample = JsonDocument.Parse(Run("audit", "sample", "--json").Stdout).RootElement;

        // The same election on SQLite: the same assertions, the same ballots and tickets.
        foreach (var step in new[] { new[] { "init", "--election", election }, ["import", "cvr", cvrs], ["import", "manifest", manifest], create })
        {
            var run = _canvass.Run(step);
            Assert.True(run.ExitCode == 0, run.ToString());
            if (step[0] == "audit")
            {
                Assert.Equal(Json.Parse(run).GetProperty("rankedChoice").GetRawText(), created.GetProperty("rankedChoice").GetRawText());
            }
        }

        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", "27182818284590452353").ExitCode);
        Assert.Equal(Json.Parse(_canvass.Run("audit", "sample", "--json")).GetProperty("sampledBallots").GetRawText(), sample.GetProperty("sampledBallots").GetRawText());

        // Paper that agrees with every CVR: the round completes, and an observer re-generates the assertions.
        var sb = new System.Text.StringBuilder("Batch Name,Ballot Number,Contest,Interpretation,Choices\n");
        foreach (var b in sample.GetProperty("sampledBallots").EnumerateArray())
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{b.GetProperty("batch").GetString()},{b.GetProperty("position").GetInt32()},cc-mayor,vote,{AuditRankedChoiceTests.MayorRanking(AuditRankedChoiceTests.Index(b))}\n");
        }

        Run("audit", "record", "--county", "ru-c", "--file", _canvass.Write("rankings.csv", sb.ToString()));
        var closed = JsonDocument.Parse(Run("audit", "close-round", "--json").Stdout).RootElement;
        Assert.Equal("complete", closed.GetProperty("decision").GetString());
        Assert.Contains("RAIRE assertions of 1 ranked-choice contest re-generated from the committed CVRs and matched",
            Run("verify", "--state", _canvass.PathOf("state.json")).Stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs canvass on <paramref name="store"/> with the log key beside the test's files, and requires exit 0.</summary>
    private Func<string[], CliRun> On(string store)
    {
        var key = _canvass.PathOf("pg.log-key");
        return a =>
        {
            string[] signed = a[0] is "verify" ? [] : ["--log-key", key];
            var run = _canvass.Run(false, [.. a, "--store", store, .. signed]);
            Assert.True(run.ExitCode == 0, run.ToString());
            return run;
        };
    }

    /// <summary>Adds a Jurisdiction column taken from the file name (interpretations-COUNTY.csv).</summary>
    private static string WithJurisdiction(string file, string target)
    {
        var county = Path.GetFileNameWithoutExtension(file)["interpretations-".Length..];
        var lines = File.ReadAllLines(file);
        File.WriteAllLines(target, lines.Select((l, i) => (i == 0 ? "Jurisdiction" : county) + "," + l));
        return target;
    }
}
