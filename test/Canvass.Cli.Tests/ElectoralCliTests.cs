using System.Text;
using System.Text.Json;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>The demo store, built once for these tests from county and statewide totals only (no generated ballots, so
/// it takes seconds): the six county-level states, every other state and DC, and Maine's and Nebraska's districts.</summary>
public sealed class ElectoralDemoStore : IDisposable
{
    public ElectoralDemoStore()
    {
        Demo = Canvass.Run("demo", "--cvr-states", "none");
        CastFile = Canvass.PathOf(Path.Combine("canvass-demo", "electoral", "us2020-electoral-votes.csv"));
    }

    public Canvass Canvass { get; } = new();

    public CliRun Demo { get; }

    /// <summary>The electors' votes of 14 December 2020 as the demo leaves them (samples/us2020/us2020-electoral-votes.csv).</summary>
    public string CastFile { get; }

    public void Dispose() => Canvass.Dispose();
}

/// <summary><c>canvass electoral</c> over the 2020 demo: 306 to 232 pledged and cast, Maine and Nebraska split by
/// district, faithless electors recorded as cast, and bad input refused with every problem listed.</summary>
public sealed class ElectoralCliTests(ElectoralDemoStore store) : IClassFixture<ElectoralDemoStore>
{
    private readonly Canvass _canvass = store.Canvass;

    [Fact]
    public void Demo_PrintsTheElectoralCollegeEqualToThePublishedResult()
    {
        Assert.True(store.Demo.ExitCode == 0, store.Demo.ToString());
        Assert.Contains("50 more contests from statewide and district totals", store.Demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("every total equals the published figure.", store.Demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pledged from the popular vote: Biden 306, Trump 232  = published, unit by unit", store.Demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("Cast on 14 December 2020:      Biden 306, Trump 232  (no faithless electors)", store.Demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("Maine: at-large Biden 2, CD-1 Biden 1, CD-2 Trump 1", store.Demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("Nebraska: at-large Trump 2, CD-1 Trump 1, CD-2 Biden 1, CD-3 Trump 1", store.Demo.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Electoral_Json_Biden306Trump232Elected()
    {
        var report = Json.Parse(_canvass.Run("electoral", "--json"));

        Assert.Equal("us-president-2020", report.GetProperty("contest").GetString());
        Assert.Equal(538, report.GetProperty("totalElectors").GetInt32());
        Assert.Equal(270, report.GetProperty("majority").GetInt32());
        Assert.Equal(306, Votes(report.GetProperty("pledged"), "cand-biden"));
        Assert.Equal(232, Votes(report.GetProperty("pledged"), "cand-trump"));
        Assert.Equal(0, report.GetProperty("unallocated").GetInt32());
        Assert.Equal("elected", report.GetProperty("outcome").GetProperty("kind").GetString());
        Assert.Equal("cand-biden", report.GetProperty("outcome").GetProperty("winner").GetString());
        Assert.Equal(51, report.GetProperty("states").GetArrayLength());

        var maine = State(report, "ME");
        Assert.Equal("congressional-district", maine.GetProperty("method").GetString());
        Assert.Equal("ranked-choice", maine.GetProperty("counting").GetString());
        Assert.True(maine.GetProperty("split").GetBoolean());
        Assert.Equal("cand-trump", Unit(maine, "CD-2").GetProperty("winner").GetString());
        Assert.Equal("cc-me-cd-2-president", Unit(maine, "CD-2").GetProperty("contest").GetString());
        var nebraska = State(report, "NE");
        Assert.Equal("plurality", nebraska.GetProperty("counting").GetString());
        Assert.Equal("cand-biden", Unit(nebraska, "CD-2").GetProperty("winner").GetString());
        Assert.Equal(4, Votes(nebraska.GetProperty("electors"), "cand-trump"));
        var georgia = State(report, "GA");
        Assert.Equal(16, Votes(georgia.GetProperty("electors"), "cand-biden"));
        Assert.False(georgia.GetProperty("split").GetBoolean());

        // Without --cast, the electors' votes the demo recorded as facts (14 December 2020) are rolled up.
        var cast = report.GetProperty("cast");
        Assert.Equal("recorded elector-votes facts", cast.GetProperty("source").GetString());
        Assert.Equal(306, Votes(cast.GetProperty("president"), "cand-biden"));
        Assert.Equal(232, Votes(cast.GetProperty("president"), "cand-trump"));
        Assert.Equal(0, cast.GetProperty("deviations").GetArrayLength());
    }

    [Fact]
    public void Electoral_Cast2020_EqualsPledged()
    {
        var report = Json.Parse(_canvass.Run("electoral", "--cast", store.CastFile, "--json"));
        var cast = report.GetProperty("cast");

        Assert.Equal(306, Votes(cast.GetProperty("president"), "cand-biden"));
        Assert.Equal(232, Votes(cast.GetProperty("president"), "cand-trump"));
        Assert.Equal(0, cast.GetProperty("notCast").GetInt32());
        Assert.Equal(0, cast.GetProperty("deviations").GetArrayLength());
        Assert.Equal("cand-biden", cast.GetProperty("presidentOutcome").GetProperty("winner").GetString());

        // The electors vote for the two offices by separate ballots: the Vice President elected is the running mate.
        var text = _canvass.Run("electoral", "--cast", store.CastFile);
        Assert.Contains("President: Joseph R. Biden Jr. / Kamala D. Harris elected with 306 of 538 electoral votes (270 needed).", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Vice President: Kamala D. Harris elected with 306 of 538 electoral votes (270 needed).", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Electoral_FaithlessElectorsInTexas_RecordedAsCast()
    {
        // As if two of Texas's 38 Trump electors had voted for Kasich and Paul, as two did in 2016.
        var lines = File.ReadAllLines(store.CastFile).ToList();
        lines[0] += ",electoral_votes_cast_kasich,electoral_votes_cast_paul";
        for (var i = 1; i < lines.Count; i++)
        {
            lines[i] = lines[i].StartsWith("TX,", StringComparison.Ordinal) ? "TX,at-large,38,DONALD J TRUMP,0,36,1,1" : lines[i] + ",,";
        }

        var file = _canvass.Write("faithless.csv", string.Join('\n', lines) + "\n");
        var run = _canvass.Run("electoral", "--cast", file, "--json");
        var report = Json.Parse(run);
        var cast = report.GetProperty("cast");

        Assert.Equal(232, Votes(report.GetProperty("pledged"), "cand-trump"));
        Assert.Equal(230, Votes(cast.GetProperty("president"), "cand-trump"));
        Assert.Equal(1, Votes(cast.GetProperty("president"), "kasich"));
        var texas = State(report, "TX").GetProperty("deviations").EnumerateArray()
            .Where(d => d.GetProperty("office").GetString() == "president")
            .Select(d => (d.GetProperty("candidate").GetString(), d.GetProperty("pledged").GetInt32(), d.GetProperty("cast").GetInt32()))
            .ToList();
        Assert.Equal([("cand-trump", 38, 36), ("kasich", 0, 1), ("paul", 0, 1)], texas);
        Assert.Equal("elected", cast.GetProperty("presidentOutcome").GetProperty("kind").GetString());

        var text = _canvass.Run("electoral", "--cast", file);
        Assert.Contains("Electoral votes cast (faithless.csv): Biden 306, Trump 230, kasich 1, paul 1", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("cast: Trump 36, kasich 1, paul 1  (differs from pledged: president Trump pledged 38, cast 36;", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Electoral_Cast269To269_ContingentElectionRequired()
    {
        // As if the electors of Arizona (11), Georgia (16) and Wisconsin (10) had all voted for Trump: 269 each.
        var lines = File.ReadAllLines(store.CastFile)
            .Select(l => l.Split(',') is [var st, var unit, var ev, _, _, _] && st is "AZ" or "GA" or "WI" ? $"{st},{unit},{ev},DONALD J TRUMP,0,{ev}" : l);
        var file = _canvass.Write("tie.csv", string.Join('\n', lines) + "\n");

        var report = Json.Parse(_canvass.Run("electoral", "--cast", file, "--json"));
        var outcome = report.GetProperty("cast").GetProperty("presidentOutcome");

        Assert.Equal("elected", report.GetProperty("outcome").GetProperty("kind").GetString());
        Assert.Equal(269, Votes(report.GetProperty("cast").GetProperty("president"), "cand-biden"));
        Assert.Equal("contingent-election-required", outcome.GetProperty("kind").GetString());
        Assert.Equal(["cand-biden", "cand-trump"], outcome.GetProperty("houseCandidates").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(26, outcome.GetProperty("statesNeeded").GetInt32());
        var vice = report.GetProperty("cast").GetProperty("vicePresidentOutcome");
        Assert.Equal(["cand-biden", "cand-trump"], vice.GetProperty("senateCandidates").EnumerateArray().Select(c => c.GetString()));

        var text = _canvass.Run("electoral", "--cast", file);
        Assert.Contains("President: nobody has 270: contingent election required (12th Amendment); the House chooses the President among Biden, Trump, one vote per state, 26 states needed.", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Electoral_BadRulesFile_ListsEveryProblemAndExits2()
    {
        // California (states[4]) with a method no state uses.
        var rules = File.ReadAllText(RepositoryFolder.Combine("rules", "electoral", "us-2020.json"))
            .Replace("\"method\": \"winner-take-all\",\n      \"counting\": \"plurality\"\n    },\n    {\n      \"state\": \"CO\"", "\"method\": \"proportional\",\n      \"counting\": \"plurality\"\n    },\n    {\n      \"state\": \"CO\"", StringComparison.Ordinal);
        var file = _canvass.Write("bad-rules.json", rules);

        var run = _canvass.Run("electoral", "--rules", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("bad-rules.json: $.states[4].method: Unknown method 'proportional'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);

        var sums = _canvass.Write("bad-sum.json", File.ReadAllText(RepositoryFolder.Combine("rules", "electoral", "us-2020.json"))
            .Replace("\"electoralVotes\": 55", "\"electoralVotes\": 54", StringComparison.Ordinal));
        var sumRun = _canvass.Run("electoral", "--rules", sums);
        Assert.True(sumRun.ExitCode == 2, sumRun.ToString());
        Assert.Contains("The states have 537 electors in all, not the 538 of totalElectors. [inconsistent]", sumRun.Stderr, StringComparison.Ordinal);

        var notJson = _canvass.Write("not.json", "{ \"name\": ");
        Assert.Equal(2, _canvass.Run("electoral", "--rules", notJson).ExitCode);
    }

    [Fact]
    public void Electoral_BadCastFile_ListsEveryProblemAndExits2()
    {
        var file = _canvass.Write("bad-cast.csv",
            "state_po,unit,electoral_votes_cast_biden,electoral_votes_cast_trump\nPR,at-large,3,0\nME,CD-3,1,0\nGA,at-large,17,0\nTX,at-large,x,38\n");

        var run = _canvass.Run("electoral", "--cast", file, "--json");

        Assert.Equal(2, run.ExitCode);
        var problems = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == "bad-count" && p.GetProperty("line").GetInt32() == 5);

        var unknown = _canvass.Write("unknown-state.csv", "state_po,unit,electoral_votes_cast_biden\nPR,at-large,3\nME,CD-3,1\nGA,at-large,17\n");
        var unknownRun = _canvass.Run("electoral", "--cast", unknown);
        Assert.Equal(2, unknownRun.ExitCode);
        Assert.Contains("'PR' is not a state of the Electoral College.", unknownRun.Stderr, StringComparison.Ordinal);
        Assert.Contains("'CD-3' is not an electoral unit of ME.", unknownRun.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown-state.csv:4: electoral_votes_cast_*: GA at-large: 17 president votes cast, but only 16 electors.", unknownRun.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown-state.csv:2: state_po: 'PR' is not a state of the Electoral College.", unknownRun.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-row.csv", "state_po,unit,electoral_votes_cast_biden\nPR,at-large,3\nGA,17\n", "short-row.csv:3: The row has 2 fields; the header has 3. [malformed]")]
    [InlineData("twice.csv", "state_po,unit,electoral_votes_cast_biden,electoral_votes_cast_biden\nGA,at-large,16,0\n", "twice.csv:1: electoral_votes_cast_biden: The column 'electoral_votes_cast_biden' appears twice. [schema]")]
    [InlineData("quote.csv", "state_po,unit,electoral_votes_cast_biden\nGA,\"at-large\"x,16\n", "quote.csv:2: unit: \"at-large\"x is not a CSV field")]
    [InlineData("open-quote.csv", "state_po,unit,electoral_votes_cast_biden\nGA,at-large,\"16\n", "[malformed]")]
    [InlineData("empty.csv", "", "The file is empty. [empty-file]")]
    public void Electoral_CastFileThatIsNotWellFormedCsv_IsListedNotThrown(string name, string content, string says)
    {
        // Found by MutatedInputTests: the cast-votes reader let Sep's exceptions out (exit 1 and "InvalidDataException").
        var run = _canvass.Run("electoral", "--cast", _canvass.Write(name, content));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(says, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Electoral_CastFileThatIsNotUtf8_IsListedNotThrown()
    {
        var bytes = Encoding.UTF8.GetBytes("state_po,unit,electoral_votes_cast_biden\nGA,at-large,16\nME,CD-2,").Concat(new byte[] { 0xE9, (byte)'\n' }).ToArray();
        var run = _canvass.Run("electoral", "--cast", _canvass.Write("latin.csv", bytes));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("latin.csv:3: The file is not valid UTF-8", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Electoral_ContestThatIsNotElectoral_Exits2()
    {
        var run = _canvass.Run("electoral", "--contest", "cc-ga-president");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'cc-ga-president' is not an Electoral College contest of this election; it has us-president-2020.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TabulateAndExportCdf_StillWorkWithTheNationalContest()
    {
        var tabulation = Json.Parse(_canvass.Run("tabulate", "--json"));
        Assert.Equal(2_474_507, Json.Votes(Json.Contest(tabulation, "cc-ga-president"), "cs-ga-biden"));
        Assert.Equal(176_468, Json.Votes(Json.Contest(tabulation, "cc-ne-cd-2-president"), "cs-ne-cd-2-biden"));
        Assert.Equal(["cs-me-cd-2-trump"], Json.Winners(Json.Contest(tabulation, "cc-me-cd-2-president")));

        Assert.Equal("electoral-college", Json.Contest(tabulation, "us-president-2020").GetProperty("decidedBy").GetString());
        Assert.False(Json.Contest(tabulation, "cc-ga-president").TryGetProperty("decidedBy", out _));

        // No ballot carries the national contest: it is shown as decided elsewhere, not as zero votes per ticket, both by
        // tabulate and by verify's re-tabulation.
        var text = _canvass.Run("tabulate", "--contest", "us-president-2020");
        Assert.Contains("[us-president-2020]\n  decided by electoral votes, not ballots: see 'canvass electoral'\n", text.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("[us-president-2020]\n  decided by electoral votes, not ballots: see 'canvass electoral'\n", verify.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var json = _canvass.PathOf("national.json");
        Assert.Equal(0, _canvass.Run("export", "cdf", "--out", json).ExitCode);
        Assert.Empty(NistSchemas.ValidateErrJson(File.ReadAllBytes(json)));
        var xml = _canvass.PathOf("national.xml");
        Assert.Equal(0, _canvass.Run("export", "cdf", "--out", xml, "--xml").ExitCode);
        Assert.Empty(NistSchemas.ValidateErrXml(File.ReadAllBytes(xml)));
        Assert.Contains("electoral-college", File.ReadAllText(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Electoral_CastFileWithoutAStateOrWithAnAbsentElector_SaysSoInsteadOfEveryElectorVotedAsPledged()
    {
        var lines = File.ReadAllLines(store.CastFile);
        var missing = _canvass.Write("wy-missing.csv", string.Join('\n', lines.Where(l => !l.StartsWith("WY,", StringComparison.Ordinal))) + "\n");
        var absent = _canvass.Write("wy-absent.csv", string.Join('\n', lines.Select(l => l.StartsWith("WY,", StringComparison.Ordinal) ? "WY,at-large,3,DONALD J TRUMP,0,2" : l)) + "\n");

        var text = _canvass.Run("electoral", "--cast", missing).Stdout;
        Assert.Contains("Electoral votes cast (wy-missing.csv): Biden 306, Trump 229; 3 not cast", text, StringComparison.Ordinal);
        Assert.Contains("No votes recorded for WY (3 electors).", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Every elector voted as pledged.", text, StringComparison.Ordinal);
        var cast = Json.Parse(_canvass.Run("electoral", "--cast", missing, "--json")).GetProperty("cast");
        Assert.Equal(["WY"], cast.GetProperty("notVoted").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(0, cast.GetProperty("faithless").GetInt32());

        text = _canvass.Run("electoral", "--cast", absent).Stdout;
        Assert.Contains("differs from pledged: president Trump pledged 3, cast 2", text, StringComparison.Ordinal);
        Assert.Contains("1 elector of the states that voted cast no presidential vote.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("faithless", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordElectorVotes_WhatElectoralWouldRefuse_IsRefusedAndNothingStored()
    {
        var store = FreshStore("refused");
        foreach (var (unit, electors, says) in new[]
        {
            ("TX", "40", "'TX' has 38 electors under the rules"),
            ("ZZ", "3", "'ZZ' names no state of the Electoral College."),
            ("ME", "4", "ME allocates its electors by district; record its at-large unit (ME-at-large, 2 electors)"),
        })
        {
            var run = RecordVotes(store, "2020-12-14T12:00:00-05:00", unit, electors, "trump=" + electors);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains(says, run.Stderr, StringComparison.Ordinal);
        }

        var electoral = _canvass.Run(false, "electoral", "--store", store, "--json");
        Assert.True(electoral.ExitCode == 0, electoral.ToString());
        Assert.False(Json.Parse(electoral).TryGetProperty("cast", out _));
    }

    /// <summary>An appointment under a mistyped unit was stored and counted towards electors_appointed.</summary>
    [Fact]
    public void RecordElectors_AUnitOrCountTheRulesDoNotHave_IsRefusedAndNothingStored()
    {
        var store = FreshStore("appointed");
        CliRun Appoint(string unit, string electors) => _canvass.Run(false, "record", "electors", "--store", store, "-c", "us-president-2020",
            "--unit", unit, "--candidate", "cand-biden", "--electors", electors, "--source", "Governor", "--at", "2020-11-20T17:00:00-05:00");

        var zz = Appoint("ZZ", "16");
        var ga = Appoint("GA", "17");
        var good = Appoint("GA", "16");

        Assert.Equal(2, zz.ExitCode);
        Assert.Contains("'ZZ' names no state of the Electoral College.", zz.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, ga.ExitCode);
        Assert.Contains("'GA' has 16 electors under the rules", ga.Stderr, StringComparison.Ordinal);
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("log position 2)", good.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordElectorVotes_ALaterRecordOfTheUnit_ReplacesTheEarlierOne()
    {
        var store = FreshStore("replaced");
        Assert.Equal(0, RecordVotes(store, "2020-12-14T12:00:00-05:00", "TX", "38", "trump=37").ExitCode);

        var correction = RecordVotes(store, "2020-12-14T13:00:00-05:00", "TX", "38", "trump=38");
        var earlier = RecordVotes(store, "2020-12-14T11:00:00-05:00", "TX", "38", "trump=30");

        Assert.True(correction.ExitCode == 0, correction.ToString());
        Assert.Equal(2, earlier.ExitCode);
        Assert.Contains("a record that replaces them must not be earlier", earlier.Stderr, StringComparison.Ordinal);
        var cast = Json.Parse(_canvass.Run(false, "electoral", "--store", store, "--json")).GetProperty("cast");
        Assert.Equal(38, Votes(cast.GetProperty("president"), "cand-trump"));
        Assert.Equal(538 - 38, cast.GetProperty("notCast").GetInt32());
    }

    [Fact]
    public void RecordElectorVotes_AFaithlessVoteForSomeoneNotOnTheBallot_IsRecordedAsCast()
    {
        var store = FreshStore("faithless");

        var run = RecordVotes(store, "2020-12-14T12:00:00-05:00", "WA", "12", "biden=11", "powell=1");

        Assert.True(run.ExitCode == 0, run.ToString());
        var cast = Json.Parse(_canvass.Run(false, "electoral", "--store", store, "--json")).GetProperty("cast");
        Assert.Equal(11, Votes(cast.GetProperty("president"), "cand-biden"));
        Assert.Equal(1, Votes(cast.GetProperty("president"), "powell"));
    }

    [Fact]
    public void Electoral_RecordedVotesTheRulesRefuse_AreEveryOneListed()
    {
        // Recorded under other rules (Texas 40 and California 53; Wyoming renamed ZZ), rolled up under the 2020 rules.
        var rules = _canvass.Write("other-rules.json", File.ReadAllText(RepositoryFolder.Combine("rules", "electoral", "us-2020.json"))
            .Replace("state:tx\",\n      \"electoralVotes\": 38", "state:tx\",\n      \"electoralVotes\": 40", StringComparison.Ordinal)
            .Replace("state:ca\",\n      \"electoralVotes\": 55", "state:ca\",\n      \"electoralVotes\": 53", StringComparison.Ordinal)
            .Replace("\"state\": \"WY\"", "\"state\": \"ZZ\"", StringComparison.Ordinal));
        var store = FreshStore("other-rules");
        Assert.Equal(0, RecordVotes(store, "2020-12-14T12:00:00-05:00", "TX", "40", "trump=40", "--rules", rules).ExitCode);
        Assert.Equal(0, RecordVotes(store, "2020-12-14T12:00:00-05:00", "ZZ", "3", "trump=3", "--rules", rules).ExitCode);

        var run = _canvass.Run(false, "electoral", "--store", store);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'TX' has 38 electors under the rules", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'ZZ' names no state of the Electoral College.", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A store of the demo's election with no results and no facts.</summary>
    private string FreshStore(string name)
    {
        var path = _canvass.PathOf(name + ".db");
        var init = _canvass.Run(false, "init", "--store", path, "--election", _canvass.PathOf(Path.Combine("canvass-demo", "election.json")), "--origin", "test.example/" + name);
        Assert.True(init.ExitCode == 0, init.ToString());
        return path;
    }

    /// <summary><c>canvass record elector-votes</c> for the 2020 national contest: VOTES are <c>--votes</c> values, and any
    /// argument with a dash is passed on as it is.</summary>
    private CliRun RecordVotes(string store, string at, string unit, string electors, params string[] votes)
    {
        var args = new List<string> { "record", "elector-votes", "--store", store, "--contest", "us-president-2020", "--source", "test", "--at", at, "--unit", unit, "--electors", electors };
        for (var i = 0; i < votes.Length; i++)
        {
            args.AddRange(votes[i].StartsWith("--", StringComparison.Ordinal) ? [votes[i], votes[++i]] : ["--votes", votes[i]]);
        }

        return _canvass.Run(false, [.. args]);
    }

    private static JsonElement State(JsonElement report, string state) =>
        report.GetProperty("states").EnumerateArray().Single(s => s.GetProperty("state").GetString() == state);

    private static JsonElement Unit(JsonElement state, string unit) =>
        state.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unit").GetString() == unit);

    private static int Votes(JsonElement list, string candidate) =>
        list.EnumerateArray().Single(v => v.GetProperty("candidate").GetString() == candidate).GetProperty("votes").GetInt32();
}
