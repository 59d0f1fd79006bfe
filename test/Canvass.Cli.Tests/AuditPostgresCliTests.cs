using System.Text.Json;
using Canvass.TestKit;
using Npgsql;

namespace Canvass.Cli.Tests;

/// <summary>The audit workflow with a PostgreSQL store: the same commands, the same sample, the same outcome.</summary>
public sealed class AuditPostgresCliTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public async Task Comparison_audit_on_postgres_draws_the_same_sample_as_on_sqlite()
    {
        var admin = server.RequireConnectionString();
        var name = "cli_audit_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var store = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var key = _canvass.PathOf("pg.log-key");
        CliRun Run(params string[] a)
        {
            string[] signed = a[0] is "verify" ? [] : ["--log-key", key];
            var run = _canvass.Run(false, [.. a, "--store", store, .. signed]);
            Assert.True(run.ExitCode == 0, run.ToString());
            return run;
        }

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
        Assert.Contains("1 audit round(s) re-drawn from the public seed and matched", Run("verify", "--state", _canvass.PathOf("state.json")).Stdout, StringComparison.Ordinal);
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
