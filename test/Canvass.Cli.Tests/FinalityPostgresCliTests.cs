using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>Recording facts and asking for finality with a PostgreSQL store, on the throwaway cluster of
/// <see cref="PostgresServer"/>: the same answers as on SQLite.</summary>
public sealed class FinalityPostgresCliTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public async Task RecordAndFinality_OnPostgres_MediaCallOnSevenNovember_CertificationWithThreeOfFour()
    {
        var store = await PostgresDatabases.CreateAsync(server, "fin_");
        var key = _canvass.PathOf("pg.log-key");
        CliRun Run(params string[] a) => _canvass.Run(false, [.. a, "--store", store, "--log-key", key]);

        Assert.Equal(0, Run("init", "--election", TestElection.WriteJson(_canvass, FinalityTestElection.Definition, "election.json")).ExitCode);
        foreach (var desk in new[] { "DDHQ", "AP", "CNN", "NBC" })
        {
            var at = desk == "DDHQ" ? "2020-11-06T09:00:00-05:00" : "2020-11-07T11:25:00-05:00";
            var call = Run("record", "call", "-c", "us-president-2020", "--caller", desk, "--winner", "cand-biden", "--source", desk, "--at", at);
            Assert.True(call.ExitCode == 0, call.ToString());
        }

        var keys = new[] { "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak" }.SelectMany(o => new[] { "--key", $"{o}={FinalityTestElection.DemoKey(_canvass, o)}" });
        var certify = Run(["record", "certify", "-c", "cc-mi-president", "--body", "mi-board-of-state-canvassers", "--source", "MI", "--at", "2020-11-23T17:00:00-05:00",
            "--votes", "cs-mi-biden=2804040", "--votes", "cs-mi-trump=2649852", .. keys]);
        Assert.True(certify.ExitCode == 0, certify.ToString());
        Assert.Equal(2, Run("record", "concession", "-c", "cc-mi-president", "--candidate", "cand-nobody", "--source", "x", "--at", "2020-11-24T12:00:00-05:00").ExitCode);

        var media = Json.Parse(_canvass.Run(false, "finality", "-c", "us-president-2020", "-p", "media-call", "--json", "--store", store))[0];
        var certified = Json.Parse(_canvass.Run(false, "finality", "-c", "cc-mi-president", "-p", "certified", "--json", "--store", store))[0];

        Assert.Equal("2020-11-07T11:25:00-05:00", media.GetProperty("since").GetString());
        Assert.Equal("2020-11-23T17:00:00-05:00", certified.GetProperty("since").GetString());
        Assert.Equal([6L], certified.GetProperty("positions").EnumerateArray().Select(p => p.GetInt64()));
    }
}
