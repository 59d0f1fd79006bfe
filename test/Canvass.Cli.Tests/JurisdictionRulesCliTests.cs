using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Finality;
using Canvass.Storage.Sqlite;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass rules set --jurisdiction FILE</c>: a jurisdiction's rules put into the log are the rules
/// <c>record</c>, <c>finality</c> and <c>deadlines</c> answer under, for a state Canvass does not ship (Ohio) and over a
/// state it does (Georgia).</summary>
public sealed class JurisdictionRulesCliTests : IDisposable
{
    private const string Oh = "cc-oh-president";
    private const string Ga = "cc-ga-president";
    private static readonly string[] Board = ["oh-board-a", "oh-board-b", "oh-board-c"];
    private static readonly string[] OhVotes = ["--votes", "cs-oh-trump=2950000", "--votes", "cs-oh-biden=2945000", "--votes", "cs-oh-jorgensen=5000"];
    private readonly Canvass _canvass = new();

    public JurisdictionRulesCliTests()
    {
        var init = _canvass.Run("init", "--election", TestElection.WriteJson(_canvass, WithOhio(FinalityTestElection.Definition), "election.json"));
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    public void Dispose() => _canvass.Dispose();

    /// <summary>Test rules for Ohio (not Ohio's law): a county canvass 21 days after the election, the state's 10
    /// business days after that (Thanksgiving is a holiday), a board of three that certifies with two signatures, an
    /// automatic recount within 0.25% of all votes, and 15 days to contest.</summary>
    private static string OhioRules(int countyDays = 21) => $$"""
        {
          // Test rules, not Ohio's law.
          "id": "OH", "name": "Ohio (test rules)", "ocdId": "ocd-division/country:us/state:oh", "timeZone": "America/New_York",
          "holidays": [ { "date": "2020-11-26", "name": "Thanksgiving Day" } ],
          "deadlines": [
            { "name": "county-certification", "rule": { "from": "election-day", "days": {{countyDays}} }, "citation": "test: the county canvass" },
            { "name": "state-certification", "rule": { "from": "county-certification", "days": 10, "business": true }, "citation": "test: the state canvass" }
          ],
          "certifyingBodies": [
            { "id": "oh-state-canvass-board", "name": "Ohio State Canvass Board (test)", "level": "state", "required": 2, "citation": "test: the board",
              "officials": [ {{string.Join(", ", Board.Select(o => $$"""{ "id": "{{o}}", "name": "{{o}}", "publicKey": "{{PublicKey(o)}}" }"""))}} ] }
          ],
          "recounts": [ { "automatic": true, "metric": "percent-of-total", "threshold": 0.25, "requiresCertification": true, "citation": "test: the automatic recount" } ],
          "contestWindow": { "rule": { "from": "certification", "days": 15 }, "citation": "test: the contest window" },
        }
        """;

    private static string PublicKey(string official) =>
        CertificationSignatures.PublicKeyOf(SHA256.HashData(Encoding.UTF8.GetBytes("canvass-demo-official:" + official)));

    private static ElectionDefinition WithOhio(ElectionDefinition d)
    {
        var us = d.GpUnits.Single(u => u.Id.Value == "ru-us");
        var ohio = new GpUnit(new GpUnitId("ru-oh"), "Ohio", "state", [], [new ExternalIdentifier("ocd-id", "ocd-division/country:us/state:oh")]);
        var president = d.Contests.Single(c => c.Id.Value == Ga);
        var contest = president with
        {
            Id = new ContestId(Oh), Name = "President (Ohio)", ElectionDistrictId = ohio.Id,
            Selections = [.. president.Selections.Select(s => s with { Id = new SelectionId(s.Id.Value.Replace("-ga-", "-oh-", StringComparison.Ordinal)) })],
        };
        return d with { GpUnits = [.. d.GpUnits.Replace(us, us with { ComposingUnits = us.ComposingUnits.Add(ohio.Id) }), ohio], Contests = d.Contests.Add(contest) };
    }

    private static string EmbeddedGeorgia()
    {
        using var stream = typeof(JurisdictionRulesSet).Assembly.GetManifestResourceStream("Canvass.Domain.rules.us-ga.json")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private CliRun Set(string file, params string[] more) => _canvass.Run(["rules", "set", "--jurisdiction", file, .. more]);

    private CliRun Certify(string at, params string[] officials) => _canvass.Run(["record", "certify", "-c", Oh, "--body", "oh-state-canvass-board",
        "--source", "Ohio Secretary of State", "--at", at, .. OhVotes, .. officials.SelectMany(o => new[] { "--key", $"{o}={FinalityTestElection.DemoKey(_canvass, o)}" })]);

    private static Dictionary<string, string?> Deadlines(JsonElement contest) =>
        contest.GetProperty("deadlines").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.TryGetProperty("date", out var date) ? date.GetString() : null);

    private JsonElement DeadlinesOf(string contest, params string[] more) => Json.Parse(_canvass.Run(["deadlines", "-c", contest, "--json", .. more]))[0];

    private async Task<List<JurisdictionRulesSet>> LoggedRulesAsync()
    {
        await using var store = new SqliteCanvassStore(_canvass.Store);
        var list = new List<JurisdictionRulesSet>();
        await foreach (var e in store.ReadAllAsync(1, TestContext.Current.CancellationToken))
        {
            if (e.Event is JurisdictionRulesSet r)
            {
                list.Add(r);
            }
        }

        return list;
    }

    [Fact]
    public void Ohio_NotEmbedded_SetInTheLog_GovernsCertificationDeadlinesRecountAndFinality()
    {
        var before = DeadlinesOf(Oh);
        Assert.Equal(["US"], before.GetProperty("jurisdictions").EnumerateArray().Select(j => j.GetString()));
        CliAssert.Failed(Certify("2020-12-09T12:00:00-05:00", "oh-board-a", "oh-board-b"), 2, "The rules name no certifying body for contest 'cc-oh-president'.");

        var set = Set(_canvass.Write("us-oh.json", OhioRules()));

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("rules for Ohio (test rules) (ocd-division/country:us/state:oh) set from us-oh.json", set.Stdout, StringComparison.Ordinal);
        Assert.Contains("a jurisdiction the embedded rules do not have", set.Stdout, StringComparison.Ordinal);

        // One official is not enough for the logged board (2 of 3); two are.
        CliAssert.Failed(Certify("2020-12-09T12:00:00-05:00", "oh-board-a"), 2, "Ohio State Canvass Board (test) certifies with 2 of 3 officials' signatures; 1 valid signature given");
        var certified = Certify("2020-12-09T12:00:00-05:00", "oh-board-a", "oh-board-c");
        Assert.True(certified.ExitCode == 0, certified.ToString());

        var report = DeadlinesOf(Oh, "--at", "2020-12-10");
        Assert.Equal(["OH", "US"], report.GetProperty("jurisdictions").EnumerateArray().Select(j => j.GetString()));
        var dates = Deadlines(report);
        Assert.Equal("2020-11-24", dates["county-certification"]);
        Assert.Equal("2020-12-09", dates["state-certification"]);
        Assert.Equal("2020-12-24", dates["contest-window"]);
        Assert.Equal("2020-12-08", dates["safe-harbor"]);
        var recount = report.GetProperty("recount");
        Assert.True(recount.GetProperty("automatic").GetBoolean());
        Assert.Equal("percent-of-total", recount.GetProperty("metric").GetString()); // as the rules spell it, not "PercentOfTotal"
        Assert.Equal(0.25m, recount.GetProperty("threshold").GetDecimal());
        Assert.Equal(5000, recount.GetProperty("margin").GetInt64());
        Assert.Equal(5_900_000, recount.GetProperty("total").GetInt64());
        Assert.Equal(0.0847m, recount.GetProperty("measured").GetDecimal());
        Assert.True(recount.GetProperty("triggered").GetBoolean());
        Assert.Equal("test: the automatic recount", recount.GetProperty("citation").GetString());

        var finality = Json.Parse(_canvass.Run("finality", "-c", Oh, "-p", "certified", "-p", "contest_window_closed", "-p", "legally-final", "--at", "2020-12-26", "--json"));
        var byPolicy = finality.EnumerateArray().ToDictionary(a => a.GetProperty("policy").GetString()!);
        Assert.Equal("2020-12-09T12:00:00-05:00", byPolicy["certified"].GetProperty("since").GetString());
        Assert.True(byPolicy["contest_window_closed"].GetProperty("final").GetBoolean());
        Assert.Equal("2020-12-25T00:00:00-05:00", byPolicy["contest_window_closed"].GetProperty("since").GetString());
        // The automatic recount the logged rule triggers is pending, so the result is not legally final.
        Assert.False(byPolicy["legally-final"].GetProperty("final").GetBoolean());
        Assert.Contains(byPolicy["legally-final"].GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("recount_pending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadRulesFile_EveryProblemWithFileLineAndPath_NothingStored()
    {
        var file = _canvass.Write("bad-oh.json", """
            {
              "id": "OH", "name": "Ohio", "ocdId": "ocd-division/country:us/state:oh",
              "timeZone": "Mars/Olympus",
              "certifyingBodies": [
                { "id": "b", "name": "B", "level": "state", "required": 3, "citation": "c",
                  "officials": [ { "id": "o", "name": "O", "publicKey": "bm90IGEga2V5" } ] }
              ],
              "recounts": [ { "automatic": true, "citation": "c" } ],
              "policies": { "legally-final": "certified and" }
            }
            """);

        var problems = await StoreProbe.RefusedProblemsAsync(_canvass, "rules", "set", "--jurisdiction", file);

        var where = problems.Select(p => (p.GetProperty("path").GetString(), p.GetProperty("line").GetInt64())).ToList();
        Assert.Equal(
            [("$.timeZone", 3L), ("$.certifyingBodies[0].officials[0].publicKey", 6L), ("$.certifyingBodies[0].required", 5L), ("$.recounts[0].metric", 8L), ("$.policies.legally-final", 9L)],
            where);
        Assert.All(problems, p => Assert.Equal(file, p.GetProperty("file").GetString()));
        Assert.Empty(await LoggedRulesAsync());

        var text = Set(_canvass.Write("broken.json", "{\n  \"id\": \"OH\",\n  \"name\": \n}\n"));
        CliAssert.Failed(text, 2, "broken.json:4: $.name: The rules file does not read");
    }

    [Fact]
    public async Task SameFileAgain_IsUnchanged_NoNewEvent()
    {
        var file = _canvass.Write("us-oh.json", OhioRules());
        var first = Json.Parse(Set(file, "--json"));
        var events = (await StoreProbe.CountAsync(_canvass.Store)).Events;

        // The same rules, laid out differently and without the comment, are the same canonical text.
        var again = Json.Parse(Set(_canvass.Write("us-oh-copy.json", string.Join('\n', OhioRules().Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)).Select(l => l.Trim()))), "--json"));
        var text = Set(file);

        Assert.Equal("set", first.GetProperty("status").GetString());
        Assert.False(first.TryGetProperty("replaces", out _));
        Assert.Equal("unchanged", again.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("sha256").GetString(), again.GetProperty("sha256").GetString());
        Assert.Contains("unchanged", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(events, (await StoreProbe.CountAsync(_canvass.Store)).Events);
        var logged = Assert.Single(await LoggedRulesAsync());
        Assert.Equal(first.GetProperty("sha256").GetString(), logged.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(logged.Rules))), logged.Sha256);
        Assert.DoesNotContain("//", logged.Rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Georgia_Overridden_DeadlinesFollowTheLatestRules_AndTheLogKeepsBoth()
    {
        Assert.Equal("2020-11-20", Deadlines(DeadlinesOf(Ga))["state-certification"]);
        var ga = EmbeddedGeorgia();
        Assert.Contains("\"days\": 17", ga, StringComparison.Ordinal);

        var first = Set(_canvass.Write("us-ga.json", ga.Replace("\"days\": 17", "\"days\": 20", StringComparison.Ordinal)));
        var afterFirst = Deadlines(DeadlinesOf(Ga))["state-certification"];
        var second = Json.Parse(Set(_canvass.Write("us-ga-2.json", ga.Replace("\"days\": 17", "\"days\": 18", StringComparison.Ordinal)), "--json"));
        var afterSecond = Deadlines(DeadlinesOf(Ga))["state-certification"];

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("they replace the embedded rules (rules/us-ga.json)", first.Stdout, StringComparison.Ordinal);
        Assert.Equal("2020-11-23", afterFirst);
        Assert.Equal("logged", second.GetProperty("replaces").GetString());
        Assert.Equal("2020-11-21", afterSecond);
        var logged = await LoggedRulesAsync();
        Assert.Equal(["us-ga.json", "us-ga-2.json"], logged.Select(r => r.Source));
        Assert.All(logged, r => Assert.Equal("ocd-division/country:us/state:ga", r.OcdId));
        Assert.Contains("\"days\":20", logged[0].Rules, StringComparison.Ordinal);
        Assert.Contains("\"days\":18", logged[1].Rules, StringComparison.Ordinal);
        // Michigan's rules are still the embedded ones.
        Assert.Equal(["MI", "US"], DeadlinesOf("cc-mi-president").GetProperty("jurisdictions").EnumerateArray().Select(j => j.GetString()));
    }

    [Fact]
    public void Notify_FollowsTheLoggedRules_TheirDecisionDesksMakeOneCallAMajority()
    {
        using var receiver = new WebhookReceiver();
        var subscribed = _canvass.Run("subscribe", "--accept-terms", "--allow-loopback", "--json", "--policy", "media-call", "--contest", Oh, "--url", receiver.Url.ToString());
        receiver.Trust(Json.Parse(subscribed).GetProperty("secret").GetString()!);
        var call = _canvass.Run("record", "call", "-c", Oh, "--caller", "AP", "--winner", "cand-trump", "--source", "AP", "--at", "2020-11-03T21:00:00-05:00");
        Assert.True(call.ExitCode == 0, call.ToString());

        // Under the embedded (federal) rules AP is one of seven desks: no majority, nothing to send.
        Assert.Equal(0, _canvass.Run("notify", "--allow-loopback").ExitCode);
        Assert.Empty(receiver.Received);

        var rules = OhioRules().Replace("\"contestWindow\"", "\"decisionDesks\": [ \"AP\" ], \"contestWindow\"", StringComparison.Ordinal);
        Assert.Equal(0, Set(_canvass.Write("us-oh.json", rules)).ExitCode);
        Assert.Equal(0, _canvass.Run("notify", "--allow-loopback").ExitCode);

        var message = Assert.Single(receiver.Received);
        Assert.True(message.SignatureValid);
        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal("finality.final", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(("2020-11-04T02:00:00+00:00", 2L), (body.RootElement.GetProperty("data").GetProperty("at").GetString(), body.RootElement.GetProperty("data").GetProperty("position").GetInt64()));
    }

    [Fact]
    public void LoggedRules_GoInTheBundle_WhichVerifies_AndAnswersFinalityUnderThem()
    {
        var set = Json.Parse(Set(_canvass.Write("us-oh.json", OhioRules()), "--json"));
        Assert.Equal(0, Certify("2020-12-09T12:00:00-05:00", "oh-board-a", "oh-board-c").ExitCode);
        var bundle = _canvass.PathOf("bundle");
        Assert.Equal(0, _canvass.Run("export", "bundle", "--out", bundle).ExitCode);
        var key = _canvass.Run("log", "key").Stdout.Trim();

        var verified = _canvass.Run(false, "verify", "--bundle", bundle, "--key", key);

        Assert.True(verified.ExitCode == 0, verified.ToString());
        var entries = File.ReadAllLines(Path.Combine(bundle, "log", "entries.b64")).Select(l => Encoding.UTF8.GetString(Convert.FromBase64String(l))).ToList();
        Assert.Contains(entries, e => e.Contains("jurisdiction-rules-set.v1", StringComparison.Ordinal) && e.Contains(set.GetProperty("sha256").GetString()!, StringComparison.Ordinal));

        // The observer's finality is the logged Ohio rules': certified on 9 December, and not legally final while the
        // automatic recount those rules trigger at this margin is pending (the embedded rules have no Ohio recount).
        var answers = Json.Parse(_canvass.Run(false, "verify", "--bundle", bundle, "--key", key, "--json")).GetProperty("finality").GetProperty("contests")
            .EnumerateArray().Where(a => a.GetProperty("contest").GetString() == Oh).ToDictionary(a => a.GetProperty("policy").GetString()!);
        Assert.Equal("2020-12-09T12:00:00-05:00", answers["certified"].GetProperty("since").GetString());
        Assert.False(answers["legally-final"].GetProperty("final").GetBoolean());
        Assert.Contains(answers["legally-final"].GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("recount_pending: ", StringComparison.Ordinal) && r.GetString()!.Contains("automatic", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--contest", "cc-ga-president")]
    [InlineData("--rctab-config", "x.json")]
    public void Jurisdiction_WithTheRankedChoiceForm_IsRefused(string option, string value) =>
        CliAssert.Failed(_canvass.Run("rules", "set", "--jurisdiction", _canvass.Write("us-oh.json", OhioRules()), option, value), 2,
            "--jurisdiction sets a jurisdiction's rules; it does not go with --contest or --rctab-config.");

    [Fact]
    public void NeitherForm_IsRefused() =>
        CliAssert.Failed(_canvass.Run("rules", "set"), 2, "Give --contest and --rctab-config (a ranked-choice contest's rules), or --jurisdiction FILE");

    [Fact]
    public void SampleOhioRules_SetCleanly_AndGiveTheirDeadlines()
    {
        var set = Set(RepositoryFolder.Combine("samples", "rules", "us-oh.json"));

        Assert.True(set.ExitCode == 0, set.ToString());
        var report = DeadlinesOf(Oh);
        var county = report.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "county-certification");
        Assert.Equal("2020-11-24", county.GetProperty("date").GetString());
        Assert.True(county.GetProperty("verify").GetBoolean());
    }
}
