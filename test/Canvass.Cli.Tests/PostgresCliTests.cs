using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>The same user path as <see cref="CliEndToEndTests"/> with a PostgreSQL connection string as the store, on the
/// throwaway cluster of <see cref="PostgresServer"/>: one fresh database per test.</summary>
public sealed class PostgresCliTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private Task<string> NewDatabaseAsync() => PostgresDatabases.CreateAsync(server, "cli_");

    [Fact]
    public async Task InitImportTabulateVerify_OnPostgres_GivesTheHandCountedTotals()
    {
        var store = await NewDatabaseAsync();
        var key = _canvass.PathOf("pg.log-key");
        string[] Args(params string[] a) => [.. a, "--store", store];

        Assert.Equal(0, _canvass.Run(false, Args("init", "--election", TestElection.WriteJson(_canvass), "--log-key", key)).ExitCode);
        var import = _canvass.Run(false, Args("import", "cvr", _canvass.Write("ballots.csv", TestElection.Ballots), "--log-key", key));
        Assert.True(import.ExitCode == 0, import.ToString());

        // A bad file is rejected and leaves the count unchanged.
        var bad = _canvass.Run(false, Args("import", "cvr", _canvass.Write("bad.csv", TestElection.Header + "\nB9,ru-north,ru-n1,b1,election-day,cs-gov-zz,,,\n"), "--log-key", key));
        Assert.Equal(2, bad.ExitCode);

        var t = Json.Parse(_canvass.Run(false, Args("tabulate", "--json")));
        Assert.Equal(6, t.GetProperty("ballotsCounted").GetInt64());
        var gov = Json.Contest(t, "cc-gov");
        Assert.Equal((2, 1, 1), (Json.Votes(gov, "cs-gov-a"), Json.Votes(gov, "cs-gov-b"), Json.Votes(gov, "cs-gov-c")));

        var verify = _canvass.Run(false, Args("verify", "--state", _canvass.PathOf("state.json")));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 CVR commitment(s) re-derived from 6 ballots", verify.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", verify.Stdout + verify.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}
