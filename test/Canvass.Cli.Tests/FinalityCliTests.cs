using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass record</c>, <c>canvass finality</c> and <c>canvass deadlines</c>, run as a user runs them; every
/// bad input refused with the reason, exit code 2 and nothing stored.</summary>
public sealed class FinalityCliTests : IDisposable
{
    private const string Us = "us-president-2020";
    private const string Mi = "cc-mi-president";
    private static readonly string[] MiVotes = ["--votes", "cs-mi-biden=2804040", "--votes", "cs-mi-trump=2649852", "--votes", "cs-mi-jorgensen=60381"];
    private readonly Canvass _canvass = new();

    public FinalityCliTests()
    {
        var init = _canvass.Run("init", "--election", TestElection.WriteJson(_canvass, FinalityTestElection.Definition, "election.json"));
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    public void Dispose() => _canvass.Dispose();

    private CliRun Record(params string[] args) => _canvass.Run(["record", .. args]);

    private async Task<long> EventsAsync() => (await StoreProbe.CountAsync(_canvass.Store)).Events;

    private static void AssertRefused(CliRun run, string reason) => CliAssert.Failed(run, 2, reason);

    [Fact]
    public async Task Record_RecountMethodAndAuditKind_TakeOnlyTheirNamedValues()
    {
        var before = await EventsAsync();
        AssertRefused(Record("recount-start", "-c", Mi, "--source", "SoS", "--method", "bogus"), "'bogus'");
        AssertRefused(Record("audit-result", "-c", Mi, "--source", "SoS", "--kind", "vibes", "--outcome", "passed"), "'vibes'");
        Assert.Equal(before, await EventsAsync());
    }

    [Fact]
    public void Finality_MediaCall_DdhqAloneIsNotAMajority_TheNetworksMakeItFinalOnSevenNovember()
    {
        Assert.Equal(0, Record("call", "-c", Us, "--caller", "DDHQ", "--winner", "cand-biden", "--source", "DDHQ", "--at", "2020-11-06T08:50:00-05:00").ExitCode);
        foreach (var (desk, minute) in new[] { ("CNN", "24"), ("NBC", "25"), ("CBS", "25"), ("AP", "26") })
        {
            var run = Record("call", "-c", Us, "--caller", desk, "--winner", "cand-biden", "--source", desk, "--at", $"2020-11-07T11:{minute}:00-05:00", "--json");
            Assert.Equal("race-called.v1", Json.Parse(run).GetProperty("type").GetString());
        }

        var nov6 = Json.Parse(_canvass.Run("finality", "-c", Us, "-p", "media-call", "--at", "2020-11-06", "--json"))[0];
        var now = Json.Parse(_canvass.Run("finality", "-c", Us, "-p", "media-call", "--json"))[0];

        Assert.False(nov6.GetProperty("final").GetBoolean());
        Assert.Equal(JsonValueKind.Null, nov6.GetProperty("since").ValueKind);
        Assert.True(now.GetProperty("final").GetBoolean());
        Assert.Equal("2020-11-07T11:25:00-05:00", now.GetProperty("since").GetString());
        Assert.Equal("media-call", now.GetProperty("policy").GetString());
        Assert.Equal(Us, now.GetProperty("contest").GetString());
        Assert.Contains(now.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("called_by_majority: 5 of 7", StringComparison.Ordinal));
        Assert.Equal([2L, 3, 4, 5, 6], now.GetProperty("positions").EnumerateArray().Select(p => p.GetInt64()));
    }

    [Fact]
    public void Finality_EveryContestAndBuiltIn_IsOneObjectEach()
    {
        var all = Json.Parse(_canvass.Run("finality", "--json"));

        Assert.Equal(3 * 7, all.GetArrayLength());
        Assert.All(all.EnumerateArray(), a => Assert.False(a.GetProperty("final").GetBoolean()));
    }

    [Theory]
    [InlineData("certified and", "The policy does not parse at position 14: the expression ends")]
    [InlineData("(certified or conceded", "missing ')' to close the '(' at position 1")]
    [InlineData("certified and blessed", "The policy does not parse at position 15: unknown fact 'blessed'")]
    public void Finality_BadPolicy_SaysWhereAndWhy(string policy, string reason) =>
        AssertRefused(_canvass.Run("finality", "--policy", policy), reason);

    [Fact]
    public async Task Finality_BadPolicyAsJson_ListsTheProblem()
    {
        var run = _canvass.Run("finality", "--policy", "electors_cast(GA)", "--json");

        Assert.Equal(2, run.ExitCode);
        var problem = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("problems")[0];
        Assert.Equal("bad-value", problem.GetProperty("code").GetString());
        Assert.Equal("policy", problem.GetProperty("path").GetString());
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public async Task Certify_ThreeOfFourCanvassers_IsRecorded_AndFinalUnderCertified()
    {
        var keys = new[] { "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak" }.SelectMany(o => new[] { "--key", $"{o}={FinalityTestElection.DemoKey(_canvass, o)}" });

        var run = Record(["certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "Michigan Department of State", "--at", "2020-11-23T17:00:00-05:00",
            .. MiVotes, .. keys, "--json"]);

        var fact = Json.Parse(run).GetProperty("fact");
        Assert.Equal(3, fact.GetProperty("signatures").GetArrayLength());
        Assert.False(fact.GetProperty("recertification").GetBoolean());
        Assert.Equal(2, await EventsAsync());
        var certified = Json.Parse(_canvass.Run("finality", "-c", Mi, "-p", "certified", "--json"))[0];
        Assert.Equal("2020-11-23T17:00:00-05:00", certified.GetProperty("since").GetString());
    }

    [Fact]
    public void Certify_WithoutVotes_CertifiesTheStoresTabulation()
    {
        var run = Record("certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "x", "--print-hash", "--json");

        // Nothing is imported in this store, so its tabulation is every selection of the contest with no votes.
        Assert.Equal("canvass-tally.v1\ncc-mi-president\ncs-mi-biden 0\ncs-mi-jorgensen 0\ncs-mi-trump 0\n", Json.Parse(run).GetProperty("text").GetString());
    }

    [Fact]
    public void Certify_PrintHash_PrintsTheHashTheOfficialsSign()
    {
        var run = Record(["certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "x", .. MiVotes, "--print-hash"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches("^[0-9a-f]{64}\n$", run.Stdout);
        var json = Json.Parse(Record(["certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "x", .. MiVotes, "--print-hash", "--json"]));
        Assert.Equal(run.Stdout.Trim(), json.GetProperty("tallyHash").GetString());
        Assert.Equal("canvass-tally.v1\ncc-mi-president\ncs-mi-biden 2804040\ncs-mi-jorgensen 60381\ncs-mi-trump 2649852\n", json.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Certify_BySomeoneWhoIsNotACertifyingOfficial_IsRefused()
    {
        var mallory = _canvass.Write("mallory.key", new string('7', 64));
        var keys = new[] { "mi-bsc-bradshaw", "mi-bsc-van-langevelde" }.SelectMany(o => new[] { "--key", $"{o}={FinalityTestElection.DemoKey(_canvass, o)}" });

        var run = Record(["certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "x", "--at", "2020-11-23T17:00:00-05:00",
            .. MiVotes, .. keys, "--key", $"mallory={mallory}"]);

        AssertRefused(run, "'mallory' is not a certifying official of Michigan Board of State Canvassers");
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public async Task Certify_TooFewSignatures_IsRefused()
    {
        var run = Record(["certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "x", "--at", "2020-11-23T17:00:00-05:00",
            .. MiVotes, "--key", $"mi-bsc-shinkle={FinalityTestElection.DemoKey(_canvass, "mi-bsc-shinkle")}"]);

        AssertRefused(run, "Michigan Board of State Canvassers certifies with 3 of 4 officials' signatures; 1 valid signature(s) given");
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public async Task RecountComplete_ForANeverCertifiedContest_IsRefusedWhereTheRulesRequireCertification()
    {
        var run = Record("recount-complete", "-c", "cc-ga-president", "--source", "GA SoS", "--at", "2020-12-04T12:00:00-05:00",
            "--votes", "cs-ga-biden=2473633", "--votes", "cs-ga-trump=2461854");

        AssertRefused(run, "A recount result for contest 'cc-ga-president', which was never certified: the rules require certification first");
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public async Task Concession_ByACandidateNotInTheContest_IsRefused()
    {
        var run = Record("concession", "-c", "cc-ga-president", "--candidate", "cand-west", "--source", "news", "--at", "2020-11-10T12:00:00-05:00");

        AssertRefused(run, "'cand-west' is not a candidate in contest 'cc-ga-president'");
        Assert.Equal(1, await EventsAsync());
    }

    [Theory]
    [InlineData("--at", "7 November", "is not a time with an offset")]
    [InlineData("--at", "2020-11-07T11:25:00", "is not a time with an offset")]
    [InlineData("-c", "cc-nope", "No contest 'cc-nope'")]
    [InlineData("--at", "2999-11-07T11:25:00-05:00", "is in the future: a fact is recorded once it has happened")]
    public async Task Record_BadArgument_IsRefused(string option, string value, string reason)
    {
        string[] args = ["call", "-c", Us, "--caller", "AP", "--winner", "cand-biden", "--source", "AP", "--at", "2020-11-07T11:25:00-05:00"];
        var i = Array.IndexOf(args, option);
        args[i + 1] = value;

        AssertRefused(Record(args), reason);
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public void Deadlines_Georgia2020_FromTheRulesWithCitations()
    {
        var report = Json.Parse(_canvass.Run("deadlines", "-c", "cc-ga-president", "-c", Us, "--json"));

        var ga = report.EnumerateArray().Single(r => r.GetProperty("contest").GetString() == "cc-ga-president");
        Assert.Equal(["GA", "US"], ga.GetProperty("jurisdictions").EnumerateArray().Select(j => j.GetString()));
        var state = ga.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "state-certification");
        Assert.Equal("2020-11-20", state.GetProperty("date").GetString());
        Assert.StartsWith("O.C.G.A. §21-2-499(b)", state.GetProperty("citation").GetString(), StringComparison.Ordinal);
        var us = report.EnumerateArray().Single(r => r.GetProperty("contest").GetString() == Us).GetProperty("deadlines").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("date").GetString());
        Assert.Equal("2020-12-08", us["safe-harbor"]);
        Assert.Equal("2020-12-14", us["electors-meet"]);
        Assert.Equal("2021-01-06", us["congress-count"]);
    }
}
