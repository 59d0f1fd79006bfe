using System.Text.Json;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Tests;

/// <summary>A deadline's <c>appliesTo</c> as the commands use it: <c>deadlines</c> listed the federal presidential deadlines
/// (the electors' meeting, the safe harbor, the count, the inauguration) for a Senate race and a ballot measure too. The
/// election is the finality test election with Georgia's 2020 Senate race and a ballot measure added.</summary>
public sealed class DeadlineScopeCliTests : IDisposable
{
    private const string President = "cc-ga-president";
    private const string Senate = "cc-ga-senate";
    private const string Measure = "cc-ga-measure";
    private const string OhioMeasure = "cc-oh-measure";
    private static readonly string[] Federal = ["electors-meet", "safe-harbor", "certificate-of-ascertainment", "congress-count", "inauguration"];
    private readonly Canvass _canvass = new();

    public DeadlineScopeCliTests()
    {
        var init = _canvass.Run("init", "--election", TestElection.WriteJson(_canvass, WithSenateAndMeasure(FinalityTestElection.Definition), "election.json"));
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    public void Dispose() => _canvass.Dispose();

    private static ElectionDefinition WithSenateAndMeasure(ElectionDefinition d)
    {
        static ContestSelection Sel(string id, string? candidate, string name) => new(new SelectionId(id), candidate is null ? [] : [new CandidateId(candidate)], false, name, []);
        var senate = new Contest(new ContestId(Senate), "U.S. Senate (Georgia)", ContestKind.Candidate, new GpUnitId("ru-ga"), 1, 1, VoteVariation.Plurality,
            [Sel("cs-ga-perdue", "cand-perdue", "Perdue"), Sel("cs-ga-ossoff", "cand-ossoff", "Ossoff")]);
        var measure = new Contest(new ContestId(Measure), "Amendment 1 (Georgia)", ContestKind.BallotMeasure, new GpUnitId("ru-ga"), 1, 1, VoteVariation.Plurality,
            [Sel("cs-ga-measure-yes", null, "Yes"), Sel("cs-ga-measure-no", null, "No")]);
        // Ohio has no rules in rules/: its measure is governed by the federal rules alone, none of whose deadlines is its.
        var us = d.GpUnits.Single(u => u.Id.Value == "ru-us");
        var ohio = new GpUnit(new GpUnitId("ru-oh"), "Ohio", "state", [], [new ExternalIdentifier("ocd-id", "ocd-division/country:us/state:oh")]);
        var ohioMeasure = measure with { Id = new ContestId(OhioMeasure), Name = "Issue 1 (Ohio)", ElectionDistrictId = ohio.Id,
            Selections = [Sel("cs-oh-measure-yes", null, "Yes"), Sel("cs-oh-measure-no", null, "No")] };
        return d with
        {
            GpUnits = [.. d.GpUnits.Replace(us, us with { ComposingUnits = us.ComposingUnits.Add(ohio.Id) }), ohio],
            Candidates = d.Candidates.AddRange(new Candidate(new CandidateId("cand-perdue"), "David Perdue"), new Candidate(new CandidateId("cand-ossoff"), "Jon Ossoff")),
            Contests = d.Contests.AddRange(senate, measure, ohioMeasure),
        };
    }

    private static string EmbeddedGeorgia()
    {
        using var stream = typeof(Domain.Events.JurisdictionRulesSet).Assembly.GetManifestResourceStream("Canvass.Domain.rules.us-ga.json")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static List<string> Names(JsonElement report, string contest) =>
        [.. report.EnumerateArray().Single(r => r.GetProperty("contest").GetString() == contest).GetProperty("deadlines").EnumerateArray().Select(d => d.GetProperty("name").GetString()!)];

    private CliRun Certify(string contest, params string[] votes) => _canvass.Run(["record", "certify", "-c", contest, "--body", "ga-secretary-of-state",
        "--source", "SoS", "--at", "2020-11-20T12:00:00-05:00", .. votes.SelectMany(v => new[] { "--votes", v }),
        "--key", $"ga-secretary-of-state={FinalityTestElection.DemoKey(_canvass, "ga-secretary-of-state")}"]);

    [Fact]
    public void Deadlines_SenateRaceAndBallotMeasure_HaveGeorgiasDeadlines_NotThePresidencys()
    {
        var report = Json.Parse(_canvass.Run("deadlines", "-c", President, "-c", Senate, "-c", Measure, "--json"));
        var text = _canvass.Run("deadlines", "-c", Senate);
        var ohio = _canvass.Run("deadlines", "-c", OhioMeasure);

        Assert.Equal(["electors-meet", "safe-harbor", "congress-count", "inauguration"], Names(report, President).Intersect(Federal));
        Assert.Equal(["county-certification", "state-certification", "contest-window", "recount-request"], Names(report, Senate));
        Assert.Equal(["county-certification", "state-certification", "contest-window", "recount-request"], Names(report, Measure));
        Assert.All(report.EnumerateArray(), r => Assert.Empty(r.GetProperty("logged").EnumerateArray()));
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith($"{Senate} (rules: GA → US; each date ends at midnight America/New_York)\n  county-certification ", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("safe-harbor", text.Stdout, StringComparison.Ordinal);
        Assert.Equal($"{OhioMeasure} (rules: US; each date ends at midnight America/New_York)\n  none of these rules' deadlines applies to this contest\n\n", ohio.Stdout);
    }

    /// <summary>Georgia's rules set in the log with a contest window that is the presidency's only: <c>deadlines</c> says the
    /// rules are the log's, and <c>finality</c> and an observer's <c>verify</c> both find no window for the Senate race
    /// (so it is never legally final under them) while the presidential contest's closes.</summary>
    [Fact]
    public void LoggedRules_ContestWindowForThePresidencyOnly_DeadlinesFinalityAndVerifyAgree()
    {
        var ga = EmbeddedGeorgia().Replace("\"days\": 5 },", "\"days\": 5 }, \"appliesTo\": [ \"electoral-college\" ],", StringComparison.Ordinal);
        Assert.Contains("electoral-college", ga, StringComparison.Ordinal);
        Assert.Equal(0, _canvass.Run("rules", "set", "--jurisdiction", _canvass.Write("us-ga.json", ga)).ExitCode);
        Assert.Equal(0, Certify(President, "cs-ga-biden=2474507", "cs-ga-trump=2461837", "cs-ga-jorgensen=62138").ExitCode);
        Assert.Equal(0, Certify(Senate, "cs-ga-perdue=2462617", "cs-ga-ossoff=2374519").ExitCode);

        var text = _canvass.Run("deadlines", "-c", Senate, "--at", "2020-12-31");
        var report = Json.Parse(_canvass.Run("deadlines", "-c", President, "-c", Senate, "--at", "2020-12-31", "--json"));
        var finality = Json.Parse(_canvass.Run("finality", "-c", President, "-c", Senate, "-p", "legally-final", "--at", "2020-12-31", "--json"))
            .EnumerateArray().ToDictionary(a => a.GetProperty("contest").GetString()!, a => a.GetProperty("reasons").ToString());
        var bundle = _canvass.PathOf("bundle");
        Assert.Equal(0, _canvass.Run("export", "bundle", "--out", bundle).ExitCode);
        var observed = Json.Parse(_canvass.Run(false, "verify", "--bundle", bundle, "--key", _canvass.Run("log", "key").Stdout.Trim(), "--json"))
            .GetProperty("finality").GetProperty("contests").EnumerateArray().Where(a => a.GetProperty("policy").GetString() == "legally-final")
            .ToDictionary(a => a.GetProperty("contest").GetString()!, a => a.GetProperty("reasons").ToString());

        Assert.StartsWith($"{Senate} (rules: GA set in the log from us-ga.json → US; ", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(["GA"], report[0].GetProperty("logged").EnumerateArray().Select(j => j.GetString()));
        Assert.Contains("contest-window", Names(report, President));
        Assert.DoesNotContain("contest-window", Names(report, Senate));
        Assert.Contains("contest_window_closed: closed at 2020-11-26T00:00-05:00", finality[President], StringComparison.Ordinal);
        Assert.Contains("contest_window_closed: the rules give no contest window", finality[Senate], StringComparison.Ordinal);
        Assert.Contains("contest_window_closed: the rules give no contest window", observed[Senate], StringComparison.Ordinal);
        Assert.Contains("contest_window_closed: closed at", observed[President], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesSet_UnknownAppliesTo_RefusedWithFileLineAndPath()
    {
        var file = _canvass.Write("us-ga.json", EmbeddedGeorgia().Replace("\"days\": 5 },", "\"days\": 5 }, \"appliesTo\": [ \"presidential\" ],", StringComparison.Ordinal));

        var problem = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "rules", "set", "--jurisdiction", file));

        Assert.Equal(("$.contestWindow.appliesTo[0]", 33L, file), (problem.GetProperty("path").GetString(), problem.GetProperty("line").GetInt64(), problem.GetProperty("file").GetString()));
        Assert.StartsWith("'presidential' is not a kind of contest a deadline applies to", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
