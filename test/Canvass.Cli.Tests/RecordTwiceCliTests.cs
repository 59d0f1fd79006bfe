using System.Text.RegularExpressions;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass record</c> run twice the same way, as a retried script runs it, and in orders that make no sense:
/// the repeat is refused as <c>duplicate-id</c> naming the earlier log position, a step out of turn with the reason, both
/// with exit code 2 and nothing stored; a genuinely new fact is still recorded.</summary>
public sealed partial class RecordTwiceCliTests : IDisposable
{
    private const string Us = "us-president-2020";
    private const string Ga = "cc-ga-president";
    private const string Mi = "cc-mi-president";
    private readonly Canvass _canvass = new();

    public RecordTwiceCliTests()
    {
        var init = _canvass.Run("init", "--election", TestElection.WriteJson(_canvass, FinalityTestElection.Definition, "election.json"));
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    public void Dispose() => _canvass.Dispose();

    public static TheoryData<string> Kinds() =>
    [
        "call", "retract-call", "concession", "withdraw-concession", "challenge", "ruling", "appeal", "close-challenge", "order",
        "recount-request", "recount-start", "recount-complete", "certify", "audit-result", "electors", "elector-votes", "congress-count",
    ];

    [GeneratedRegex(@"\(log position (\d+)\)")]
    private static partial Regex LogPosition();

    private CliRun Record(params string[] args) => _canvass.Run(["record", .. args]);

    private async Task<long> EventsAsync() => (await StoreProbe.CountAsync(_canvass.Store)).Events;

    private static string[] Fact(string kind, string contest, string at, params string[] options) => [kind, "-c", contest, "--source", "test", "--at", at, .. options];

    private string[] Certify(string contest, string at, params string[] officials) =>
    [
        .. Fact("certify", contest, at, "--body", contest == Ga ? "ga-secretary-of-state" : "mi-board-of-state-canvassers"),
        .. contest == Ga
            ? new[] { "--votes", "cs-ga-biden=2474507", "--votes", "cs-ga-trump=2461837", "--votes", "cs-ga-jorgensen=62138" }
            : ["--votes", "cs-mi-biden=2804040", "--votes", "cs-mi-trump=2649852", "--votes", "cs-mi-jorgensen=60381"],
        .. officials.SelectMany(o => new[] { "--key", $"{o}={FinalityTestElection.DemoKey(_canvass, o)}" }),
    ];

    /// <summary>What a kind of fact needs recorded before it, then the fact.</summary>
    private string[][] Steps(string kind)
    {
        string[] filed = Fact("challenge", Mi, "2020-11-10T12:00:00-05:00", "--court", "Court of Claims", "--case", "20-000225-MZ", "--petitioner", "Trump campaign");
        string[] gaCertified = Certify(Ga, "2020-11-20T17:00:00-05:00", "ga-secretary-of-state");
        string[] requested = Fact("recount-request", Ga, "2020-11-21T12:00:00-05:00", "--requester", "Trump campaign");
        return kind switch
        {
            "call" => [Fact("call", Us, "2020-11-07T11:25:00-05:00", "--caller", "AP", "--winner", "cand-biden")],
            "retract-call" => [Fact("call", Us, "2020-11-07T11:40:00-05:00", "--caller", "FOX", "--winner", "cand-biden"), Fact("retract-call", Us, "2020-11-09T12:00:00-05:00", "--caller", "FOX")],
            "concession" => [Fact("concession", Us, "2020-11-10T12:00:00-05:00", "--candidate", "cand-trump")],
            "withdraw-concession" => [Fact("concession", Us, "2020-11-10T12:00:00-05:00", "--candidate", "cand-trump"), Fact("withdraw-concession", Us, "2020-11-11T12:00:00-05:00", "--candidate", "cand-trump")],
            "challenge" => [filed],
            "ruling" => [filed, Fact("ruling", Mi, "2020-11-12T12:00:00-05:00", "--case", "20-000225-MZ", "--court", "Court of Claims", "--outcome", "denied")],
            "appeal" => [filed, Fact("appeal", Mi, "2020-11-13T12:00:00-05:00", "--case", "20-000225-MZ", "--court", "Court of Appeals")],
            "close-challenge" => [filed, Fact("close-challenge", Mi, "2020-11-14T12:00:00-05:00", "--case", "20-000225-MZ", "--outcome", "dismissed")],
            "order" => [filed, Fact("order", Mi, "2020-11-11T12:00:00-05:00", "--order-id", "o-1", "--court", "Court of Claims", "--case", "20-000225-MZ", "--effect", "segregate-ballots")],
            "recount-request" => [gaCertified, requested],
            "recount-start" => [gaCertified, requested, Fact("recount-start", Ga, "2020-11-24T12:00:00-05:00")],
            "recount-complete" => [gaCertified, requested, Fact("recount-complete", Ga, "2020-12-04T09:00:00-05:00", "--votes", "cs-ga-biden=2473633", "--votes", "cs-ga-trump=2461854")],
            "certify" => [Certify(Mi, "2020-11-23T17:00:00-05:00", "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak")],
            "audit-result" => [Fact("audit-result", Ga, "2020-11-19T12:00:00-05:00", "--kind", "hand-count", "--outcome", "passed")],
            "electors" => [Fact("electors", Us, "2020-11-20T17:00:00-05:00", "--unit", "GA", "--candidate", "cand-biden", "--electors", "16")],
            "elector-votes" => [Fact("elector-votes", Us, "2020-12-14T12:00:00-05:00", "--unit", "GA", "--electors", "16", "--votes", "cand-biden=16")],
            _ => [Fact("congress-count", Us, "2021-01-07T03:41:00-05:00", "--votes", "cand-biden=306", "--votes", "cand-trump=232")],
        };
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Record_TheSameFactTwice_IsRefusedAsADuplicate_NamingItsLogPosition_AndNothingIsStored(string kind)
    {
        var steps = Steps(kind);
        CliRun first = null!;
        foreach (var step in steps)
        {
            first = Record(step);
            Assert.True(first.ExitCode == 0, first.ToString());
        }

        var position = LogPosition().Match(first.Stdout).Groups[1].Value;
        var before = await EventsAsync();

        var again = Record(steps[^1]);

        CliAssert.Failed(again, 2, "[duplicate-id]");
        Assert.Contains($"already (log position {position})", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await EventsAsync());
    }

    [Fact]
    public async Task Record_StepsOutOfTurn_AreRefusedWithTheReason_AndNothingIsStored()
    {
        Assert.Equal(0, Record(Fact("call", Us, "2020-11-07T11:25:00-05:00", "--caller", "AP", "--winner", "cand-biden")).ExitCode);
        Assert.Equal(0, Record(Fact("congress-count", Us, "2021-01-07T03:41:00-05:00", "--votes", "cand-biden=306", "--votes", "cand-trump=232")).ExitCode);
        Assert.Equal(0, Record(Certify(Mi, "2020-11-23T17:00:00-05:00", "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak")).ExitCode);
        var before = await EventsAsync();

        CliAssert.Failed(Record(Fact("call", Us, "2020-11-08T12:00:00-05:00", "--caller", "AP", "--winner", "cand-biden")),
            2, "AP's call of cand-biden at 2020-11-07T11:25-05:00 stands (log position 2): a desk calls a contest again only after retracting its call (retract-call). [inconsistent]");
        CliAssert.Failed(Record(Fact("call", Us, "2020-11-08T12:00:00-05:00", "--caller", "AP", "--winner", "cand-trump")),
            2, "AP called cand-biden at 2020-11-07T11:25-05:00 (log position 2) and has not retracted: record the retraction (retract-call) before its call of cand-trump.");
        CliAssert.Failed(Record(Fact("retract-call", Us, "2020-11-08T12:00:00-05:00", "--caller", "CNN")), 2, "CNN has no call standing in contest 'us-president-2020' to retract.");
        CliAssert.Failed(Record(Fact("withdraw-concession", Us, "2020-11-08T12:00:00-05:00", "--candidate", "cand-trump")),
            2, "'cand-trump' has no concession standing in contest 'us-president-2020' to withdraw.");
        CliAssert.Failed(Record(Fact("recount-complete", Mi, "2020-12-04T12:00:00-05:00", "--votes", "cs-mi-biden=1", "--votes", "cs-mi-trump=2")),
            2, "No recount of contest 'cc-mi-president' was requested, started or triggered.");
        CliAssert.Failed(Record(Fact("congress-count", Us, "2021-01-08T10:00:00-05:00", "--votes", "cand-biden=306", "--votes", "cand-trump=232")),
            2, "Congress counted the electoral votes at 2021-01-07T03:41-05:00 (log position 3); it counts once.");
        Assert.Equal(before, await EventsAsync());
    }

    [Fact]
    public void Record_NewFacts_AreStillRecorded_AndFinalityNamesTheTimeItTurned()
    {
        string[][] steps =
        [
            Fact("call", Us, "2020-11-07T11:25:00-05:00", "--caller", "AP", "--winner", "cand-biden"),
            Fact("retract-call", Us, "2020-11-08T12:00:00-05:00", "--caller", "AP"),
            Fact("call", Us, "2020-11-09T12:00:00-05:00", "--caller", "AP", "--winner", "cand-biden"),
            Fact("elector-votes", Us, "2020-12-14T12:00:00-05:00", "--unit", "GA", "--electors", "16", "--votes", "cand-biden=16"),
            Fact("elector-votes", Us, "2020-12-20T12:00:00-05:00", "--unit", "GA", "--electors", "16", "--votes", "cand-biden=15", "--votes", "someone=1"),
            Fact("congress-count", Us, "2021-01-07T03:41:00-05:00", "--votes", "cand-biden=306", "--votes", "cand-trump=232"),
            Fact("congress-count", Us, "2021-01-07T03:41:00-05:00", "--votes", "cand-biden=305", "--votes", "cand-trump=233"),
            Fact("audit-result", Ga, "2020-11-19T12:00:00-05:00", "--kind", "hand-count", "--outcome", "passed"),
            Fact("audit-result", Ga, "2020-12-01T12:00:00-05:00", "--kind", "risk-limiting", "--outcome", "passed"),
        ];
        foreach (var step in steps)
        {
            var run = Record(step);
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        var called = Json.Parse(_canvass.Run("finality", "-c", Us, "-p", "called(AP)", "--json"))[0];
        var counted = Json.Parse(_canvass.Run("finality", "-c", Us, "-p", "congress_counted", "--json"))[0];

        Assert.Equal("2020-11-09T12:00:00-05:00", called.GetProperty("since").GetString());
        Assert.Equal("2021-01-07T03:41:00-05:00", counted.GetProperty("since").GetString());
        Assert.Equal("congress_counted: counted at 2021-01-07T03:41-05:00: cand-biden 305, cand-trump 233", counted.GetProperty("reasons")[0].GetString());
        Assert.Equal(8, counted.GetProperty("positions")[0].GetInt64());
    }
}
