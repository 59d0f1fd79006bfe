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

    /// <summary>A contest no file in rules/ covers printed only "cc-gov (rules: none)" and a blank line, which read as
    /// if the deadlines were missing from the output rather than from the rules. Then it told the user to set the rules,
    /// which cannot help while the contest's district has no OCD-ID to find them by (the sample election's contests).</summary>
    [Fact]
    public void Deadlines_ContestNoRulesCover_SaysItHasNoneAndWhy()
    {
        using var plain = new Canvass();
        Assert.Equal(0, plain.Run("init", "--election", TestElection.WriteJson(plain)).ExitCode);

        var run = plain.Run("deadlines", "-c", "cc-gov");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("cc-gov: no deadlines: its district ru-st has no ocd-id external identifier in the election definition, and rules are found by it; give the district one (docs/finality.md, \"Rules as data\")\n\n", run.Stdout);
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

    /// <summary>Problems were introduced by "The question cannot be answered.", which did not say which question: the
    /// lead line names the contests and policies asked about (finality), or the contests (deadlines).</summary>
    [Theory]
    [InlineData("finality|-c|cc-mi-president|--policy|certified and blessed", "The finality of cc-mi-president under policy \"certified and blessed\" cannot be answered.")]
    [InlineData("finality|--policy|certified|--policy|conceded or|--at|soon", "The finality of every contest under policies \"certified\", \"conceded or\" cannot be answered.")]
    [InlineData("finality|-c|cc-nope|-c|cc-mi-president", "The finality of cc-nope, cc-mi-president under every built-in policy cannot be answered.")]
    [InlineData("deadlines|-c|cc-nope", "The deadlines of cc-nope cannot be computed.")]
    [InlineData("deadlines|--at|soon", "The deadlines of every contest cannot be computed.")]
    public void FinalityAndDeadlines_Problems_LeadWithTheQuestionAsked(string args, string lead)
    {
        var run = _canvass.Run(args.Split('|'));

        Assert.True(run.ExitCode == 2, run.ToString());
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("error: " + lead, lines[0]);
        Assert.True(lines.Length > 1, run.ToString()); // the problems follow
    }

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

    /// <summary>A folder given as a key file was refused as "Access to the path … is denied".</summary>
    [Fact]
    public async Task Certify_AKeyFileThatIsAFolder_IsRefusedAsAFolder()
    {
        var folder = Directory.CreateDirectory(_canvass.PathOf("keys")).FullName;

        var run = Record(["certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "x", "--at", "2020-11-23T17:00:00-05:00",
            .. MiVotes, "--key", $"mi-bsc-shinkle={folder}"]);

        AssertRefused(run, $"{folder}: --key: This is a folder, not a file. [unreadable]");
        Assert.DoesNotContain("denied", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, await EventsAsync());
    }

    /// <summary>A value that is not base64 at all was reported as "not a valid Ed25519 signature of Secretary of State",
    /// as if the official's signature had been forged, and under the body's count of valid signatures.</summary>
    [Theory]
    [InlineData("notbase64!!")]
    [InlineData("AAAA")]
    public async Task Certify_ASignatureThatIsNotBase64OfSixtyFourBytes_IsRefusedAsABadValue(string value)
    {
        var run = Record(["certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "x", "--at", "2020-11-23T17:00:00-05:00",
            .. MiVotes, "--signature", $"mi-bsc-shinkle={value}"]);

        AssertRefused(run, "--signature: The signature of 'mi-bsc-shinkle' is not an Ed25519 signature in base64 (64 bytes, 88 characters). [bad-value]");
        Assert.DoesNotContain("not a valid Ed25519 signature", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public async Task Certify_TooFewSignatures_IsRefused()
    {
        var run = Record(["certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", "--source", "x", "--at", "2020-11-23T17:00:00-05:00",
            .. MiVotes, "--key", $"mi-bsc-shinkle={FinalityTestElection.DemoKey(_canvass, "mi-bsc-shinkle")}"]);

        AssertRefused(run, "Michigan Board of State Canvassers certifies with 3 of 4 officials' signatures; 1 valid signature given");
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

    /// <summary>The text printed dates only: a deadline ends at midnight in its jurisdiction's time zone (the JSON's
    /// <c>ends</c>), and nothing named that zone, nor that Michigan's is not the federal rules'.</summary>
    [Fact]
    public void Deadlines_Text_NamesTheTimeZoneEachDateEndsIn()
    {
        var run = _canvass.Run("deadlines", "-c", "cc-ga-president", "-c", Mi);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("cc-ga-president (rules: GA → US; each date ends at midnight America/New_York)\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("cc-mi-president (rules: MI → US; each date ends at midnight: MI America/Detroit, US America/New_York)\n", run.Stdout, StringComparison.Ordinal);
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

    [Fact]
    public void Recertified_TwoCertificationsRecordedInEitherOrder_BothStoresGiveTheSameAnswers()
    {
        using var reversed = new Canvass();
        Assert.Equal(0, reversed.Run("init", "--election", TestElection.WriteJson(reversed, FinalityTestElection.Definition, "election.json")).ExitCode);
        string[] Certify(Canvass canvass, string at) =>
            ["record", "certify", "-c", "cc-ga-president", "--body", "ga-secretary-of-state", "--source", "SoS", "--at", at,
                "--votes", "cs-ga-biden=2474507", "--votes", "cs-ga-trump=2461837", "--votes", "cs-ga-jorgensen=62138",
                "--key", $"ga-secretary-of-state={FinalityTestElection.DemoKey(canvass, "ga-secretary-of-state")}"];
        const string First = "2020-11-20T12:00:00-05:00";
        const string Second = "2020-11-25T12:00:00-05:00";
        Assert.Equal(0, _canvass.Run(Certify(_canvass, First)).ExitCode);
        Assert.Equal(0, _canvass.Run(Certify(_canvass, Second)).ExitCode);
        Assert.Equal(0, reversed.Run(Certify(reversed, Second)).ExitCode);
        Assert.Equal(0, reversed.Run(Certify(reversed, First)).ExitCode);

        foreach (var at in new[] { "2020-11-22", "2020-11-26", "2020-12-31" })
        {
            string[] ask = ["finality", "-c", "cc-ga-president", "-p", "recertified", "-p", "legally-final", "--at", at, "--json"];
            var (a, b) = (Json.Parse(_canvass.Run(ask)), Json.Parse(reversed.Run(ask)));
            foreach (var i in new[] { 0, 1 })
            {
                Assert.Equal(a[i].GetProperty("final").GetBoolean(), b[i].GetProperty("final").GetBoolean());
                Assert.Equal(a[i].GetProperty("since").ToString(), b[i].GetProperty("since").ToString());
                Assert.Equal(a[i].GetProperty("reasons").ToString(), b[i].GetProperty("reasons").ToString());
            }

            Assert.Equal(at != "2020-11-22", b[0].GetProperty("final").GetBoolean());
            string[] deadlines = ["deadlines", "-c", "cc-ga-president", "--at", at, "--json"];
            Assert.Equal(Json.Parse(_canvass.Run(deadlines)).ToString(), Json.Parse(reversed.Run(deadlines)).ToString());
        }

        Assert.Equal(Second, Json.Parse(reversed.Run("finality", "-c", "cc-ga-president", "-p", "recertified", "--json"))[0].GetProperty("since").GetString());
    }

    [Theory]
    [InlineData("finality", "--at", "9999-12-31")]
    [InlineData("deadlines", "--at", "9999-12-31")]
    [InlineData("finality", "--at", "0001-01-01")]
    [InlineData("deadlines", "--at", "0001-01-01T00:00:00Z")]
    [InlineData("finality", "--at", "9999-12-31T23:59:59.9999999Z")]
    public void FinalityAndDeadlines_AtTheEndsOfTheCalendar_Answer(string command, string option, string value)
    {
        var run = _canvass.Run(command, "-c", "cc-ga-president", option, value, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(JsonValueKind.Array, Json.Parse(run).ValueKind);
    }

    [Theory]
    [InlineData("finality", "--at", "9999-12-31T23:59:59-05:00")]
    [InlineData("deadlines", "--at", "0001-01-01T00:00:00+05:00")]
    [InlineData("notify", "--now", "9999-12-31T23:59:59-05:00")]
    [InlineData("notify", "--now", "0001-01-01T00:00:00+05:00")]
    public void DateOptions_OutsideTheCalendar_AreRefused(string command, string option, string value) =>
        AssertRefused(_canvass.Run(command, option, value), $"'{value}' is outside the times Canvass can hold");

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void Notify_NowNearTheEndsOfTheCalendar_IsRefused(string now) =>
        AssertRefused(_canvass.Run("notify", "--now", now), "--now: The clock starts between 1970-01-01T00:00:00Z and 9998-12-31T23:59:59Z");

    [Fact]
    public async Task Record_AtOutsideTheCalendar_IsRefused()
    {
        var p = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "record", "concession", "-c", Us, "--candidate", "cand-trump", "--source", "x",
            "--at", "0001-01-01T00:00:00+05:00"));

        Assert.Equal(("bad-value", "--at"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
        Assert.Contains("is outside the times Canvass can hold", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("call", "2020-10-01T12:00:00-04:00")]
    [InlineData("concession", "2020-10-01T12:00:00-04:00")]
    [InlineData("concession", "0001-01-01T00:00:00Z")]
    [InlineData("certify", "2020-10-01T12:00:00-04:00")]
    [InlineData("call", "2020-11-02T23:59:00-05:00")]
    public async Task Record_FactOfTheCountBeforeElectionDay_IsRefused(string kind, string at)
    {
        string[] args = kind switch
        {
            "call" => ["record", "call", "-c", Us, "--caller", "AP", "--winner", "cand-biden"],
            "concession" => ["record", "concession", "-c", Us, "--candidate", "cand-trump"],
            _ => ["record", "certify", "-c", Mi, "--body", "mi-board-of-state-canvassers", .. MiVotes,
                .. new[] { "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak" }.SelectMany(o => new[] { "--key", $"{o}={FinalityTestElection.DemoKey(_canvass, o)}" })],
        };

        var problems = await StoreProbe.RefusedProblemsAsync(_canvass, [.. args, "--source", "x", "--at", at]);

        var p = Assert.Single(problems);
        Assert.Equal(("bad-value", "at"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
        Assert.Contains("before election day (2020-11-03", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Record_ChallengeBeforeElectionDay_IsRecorded()
    {
        var run = Record("challenge", "-c", Us, "--court", "U.S. District Court", "--case", "20-cv-1", "--petitioner", "someone", "--source", "docket",
            "--at", "2020-09-15T12:00:00-04:00");

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Record_EvidenceNotALinkAndAnUnknownMedium_AreBothListed()
    {
        var problems = await StoreProbe.RefusedProblemsAsync(_canvass, "record", "concession", "-c", Us, "--candidate", "cand-trump", "--source", "x",
            "--at", "2020-11-10T12:00:00-05:00", "--evidence", "file:///etc/passwd", "--medium", "telepathy");

        Assert.Equal(["evidence", "medium"], problems.Select(p => p.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        Assert.All(problems, p => Assert.Equal("bad-value", p.GetProperty("code").GetString()));
        var ok = Record("concession", "-c", Us, "--candidate", "cand-trump", "--source", "x", "--at", "2020-11-10T12:00:00-05:00",
            "--evidence", "https://example.org/statement", "--medium", "statement");
        Assert.True(ok.ExitCode == 0, ok.ToString());
    }
}
