using System.Collections.Immutable;
using Canvass.Domain.Elections;
using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using Canvass.Domain.Jurisdictions;

namespace Canvass.Domain.Tests.Jurisdictions;

/// <summary>A deadline's <c>appliesTo</c>: the federal presidential deadlines (rules/us.json) are the Electoral College
/// contest's and those of the contests that choose its electors, not a Senate race's or a ballot measure's, and no contest's
/// in an election without a presidency; a rules file without it applies to every contest, as before.</summary>
public sealed class DeadlineScopeTests
{
    private static readonly string[] Federal = ["electors-meet", "safe-harbor", "certificate-of-ascertainment", "congress-count", "inauguration"];

    private static ContestSelection Sel(string id, string? candidate = null) =>
        new(new SelectionId(id), candidate is null ? [] : [new CandidateId(candidate)], false, id, []);

    private static Contest Candidates(string id, string unit, params string[] candidates) =>
        new(new ContestId(id), id, ContestKind.Candidate, new GpUnitId(unit), 1, 1, VoteVariation.Plurality, [.. candidates.Select(c => Sel($"{id}-{c}", c))]);

    private static Contest Measure(string id) =>
        new(new ContestId(id), id, ContestKind.BallotMeasure, new GpUnitId("ru-ga"), 1, 1, VoteVariation.Plurality, [Sel(id + "-yes"), Sel(id + "-no")]);

    /// <summary>Georgia's 2020 general election: the Electoral College contest, Georgia's presidential contest, a Senate
    /// race and a ballot measure; or, for 2022, a governor's race and a ballot measure only.</summary>
    private static ElectionDefinition Georgia(int year)
    {
        static GpUnit Unit(string id, string ocd, params string[] children) =>
            new(new GpUnitId(id), id, "state", [.. children.Select(c => new GpUnitId(c))], [new ExternalIdentifier("ocd-id", ocd)]);
        var day = year == 2020 ? new DateOnly(2020, 11, 3) : new DateOnly(2022, 11, 8);
        ImmutableArray<Contest> contests = year == 2020
            ?
            [
                Candidates("us-president", "ru-us", "cand-biden", "cand-trump") with { VoteVariation = VoteVariation.Other, OtherVoteVariation = "electoral-college" },
                Candidates("cc-ga-president", "ru-ga", "cand-biden", "cand-trump"),
                Candidates("cc-ga-senate", "ru-ga", "cand-perdue", "cand-ossoff"),
                Measure("cc-ga-amendment-1"),
            ]
            : [Candidates("cc-ga-governor", "ru-ga", "cand-kemp", "cand-abrams"), Measure("cc-ga-amendment-1")];
        ImmutableArray<GpUnit> units = [Unit("ru-us", "ocd-division/country:us", "ru-ga"), Unit("ru-ga", "ocd-division/country:us/state:ga")];
        return new ElectionDefinition($"{year} General", new GpUnitId("ru-us"), day, day, "general", "test", "US", units, [], [], [], contests, []);
    }

    private static ImmutableArray<string> Names(FinalityEvaluator evaluator, string contest) =>
        [.. evaluator.Deadlines(contest, DateTimeOffset.MaxValue).Select(d => d.Name)];

    [Fact]
    public void ContestScopes_MarkTheElectoralCollegeContestAndTheContestsThatChooseItsElectors()
    {
        var scopes = ContestScopes.Of(Georgia(2020));

        Assert.Equal(ContestScope.ElectoralCollege | ContestScope.Candidate, scopes[new ContestId("us-president")]);
        Assert.Equal(ContestScope.ElectoralCollege | ContestScope.Candidate, scopes[new ContestId("cc-ga-president")]);
        Assert.Equal(ContestScope.Candidate, scopes[new ContestId("cc-ga-senate")]);
        Assert.Equal(ContestScope.BallotMeasure, scopes[new ContestId("cc-ga-amendment-1")]);
    }

    [Fact]
    public void Deadlines_2020_FederalOnesAreThePresidencysOnly_StateOnesEveryContests()
    {
        var evaluator = new FinalityEvaluator(Georgia(2020), RulesBook.Default, []);

        Assert.Equal(["electors-meet", "safe-harbor", "congress-count", "inauguration"], Names(evaluator, "us-president").Intersect(Federal));
        Assert.Equal(["electors-meet", "safe-harbor", "congress-count", "inauguration"], Names(evaluator, "cc-ga-president").Intersect(Federal));
        Assert.Contains("state-certification", Names(evaluator, "cc-ga-president"));
        foreach (var contest in new[] { "cc-ga-senate", "cc-ga-amendment-1" })
        {
            var names = Names(evaluator, contest);
            Assert.Empty(names.Intersect(Federal));
            Assert.Equal(["county-certification", "state-certification", "contest-window", "recount-request"], names);
            Assert.Equal(["GA", "US"], evaluator.RulesFor(contest).Select(j => j.Id));
        }
    }

    [Fact]
    public void Deadlines_2022_NoPresidency_NoFederalDeadlineForAnyContest()
    {
        var evaluator = new FinalityEvaluator(Georgia(2022), RulesBook.Default, []);

        Assert.Equal(["county-certification", "state-certification", "contest-window", "recount-request"], Names(evaluator, "cc-ga-governor"));
        Assert.Equal(["county-certification", "state-certification", "contest-window", "recount-request"], Names(evaluator, "cc-ga-amendment-1"));
    }

    /// <summary>A state date counted from the federal safe harbor is the presidency's too: for a Senate race it would
    /// never be known, so it is not listed as "not yet known" for ever.</summary>
    [Fact]
    public void Deadlines_CountedFromAFederalDeadlineThatDoesNotApply_DoNotApplyEither()
    {
        var ga = RulesBook.Parse([("ga.json", """
            { "id": "GA", "name": "Georgia (test)", "ocdId": "ocd-division/country:us/state:ga", "timeZone": "America/New_York",
              "deadlines": [
                { "name": "governor-certifies-electors", "rule": { "from": "safe-harbor", "days": 0 }, "citation": "test" },
                { "name": "state-certification", "rule": { "from": "election-day", "days": 17 }, "citation": "test" } ] }
            """)]).Value;
        var evaluator = new FinalityEvaluator(Georgia(2020), RulesBook.Default.With(ga.Jurisdictions), []);

        var president = evaluator.Deadlines("cc-ga-president", DateTimeOffset.MaxValue);
        Assert.Equal(new DateOnly(2020, 12, 8), president.Single(d => d.Name == "governor-certifies-electors").Date);
        Assert.Equal(["state-certification"], Names(evaluator, "cc-ga-senate"));
    }

    /// <summary>A contest window limited to some contests is the only window those contests wait for; the others have
    /// none (<c>contest_window_closed</c> and so <c>legally-final</c> never hold), as if the rules gave none.</summary>
    [Fact]
    public void ContestWindow_AppliesTo_OnlyThoseContestsHaveIt()
    {
        var ga = RulesBook.Parse([("ga.json", """
            { "id": "GA", "name": "Georgia (test)", "ocdId": "ocd-division/country:us/state:ga", "timeZone": "America/New_York",
              "contestWindow": { "rule": { "from": "certification", "days": 5 }, "citation": "test", "appliesTo": [ "ballot-measure" ] } }
            """)]).Value;
        var at = new DateTimeOffset(2020, 11, 20, 12, 0, 0, TimeSpan.FromHours(-5));
        ContestCertified Certified(string contest, string selection) =>
            new(contest, "state", "ga-secretary-of-state", [new NamedCount(selection, 10)], "hash", [], false, "test", at, null);
        var evaluator = new FinalityEvaluator(Georgia(2020), RulesBook.Default.With(ga.Jurisdictions),
            [new PositionedFact(2, Certified("cc-ga-amendment-1", "cc-ga-amendment-1-yes")), new PositionedFact(3, Certified("cc-ga-senate", "cc-ga-senate-cand-ossoff"))]);
        var closed = FinalityPolicy.Parse("contest_window_closed").Value;
        var later = at.AddDays(30);

        var measure = evaluator.Evaluate(closed, "cc-ga-amendment-1", later);
        var senate = evaluator.Evaluate(closed, "cc-ga-senate", later);

        Assert.True(measure.Final);
        Assert.Equal(new DateTimeOffset(2020, 11, 26, 0, 0, 0, TimeSpan.FromHours(-5)), measure.Since);
        Assert.False(senate.Final);
        Assert.Contains("the rules give no contest window", senate.Reasons.Single(), StringComparison.Ordinal);
        Assert.Equal(["contest-window"], Names(evaluator, "cc-ga-amendment-1"));
        Assert.Empty(Names(evaluator, "cc-ga-senate"));
    }

    [Fact]
    public void Parse_AppliesTo_UnknownOrEmpty_ProblemsWithTheirPathAndLine()
    {
        var result = RulesBook.Parse([("bad.json", """
            { "id": "XX", "name": "X", "ocdId": "ocd-division/country:xx", "timeZone": "UTC",
              "deadlines": [
                { "name": "a", "rule": { "from": "election-day", "days": 1 }, "citation": "c",
                  "appliesTo": [ "candidate", "presidential" ] },
                { "name": "b", "rule": { "from": "election-day", "days": 2 }, "citation": "c",
                  "appliesTo": [] } ],
              "contestWindow": { "rule": { "from": "certification", "days": 5 }, "citation": "c", "appliesTo": [ "Ballot-Measure" ] } }
            """)]);

        Assert.False(result.IsSuccess);
        Assert.Equal(
            [("$.deadlines[0].appliesTo[1]", 4L), ("$.deadlines[1].appliesTo", 6L), ("$.contestWindow.appliesTo[0]", 7L)],
            result.Problems.Select(p => (p.Path, p.Line ?? 0)));
        Assert.All(result.Problems, p => Assert.Equal(("bad.json", ProblemCodes.BadValue), (p.File, p.Code)));
        Assert.Contains("'presidential' is not a kind of contest a deadline applies to: electoral-college, candidate, ballot-measure, party, retention.",
            result.Problems[0].Message, StringComparison.Ordinal);
    }

    /// <summary>Within one file, a date counted from a deadline must apply only where that deadline does: otherwise it is
    /// never known for the others. An Electoral College contest is a candidate contest.</summary>
    [Fact]
    public void Parse_CountedFromADeadlineOfNarrowerScope_IsAProblem()
    {
        static Result<RulesBook> Rules(string dependentScope, string windowFrom = "certification") => RulesBook.Parse([("x.json", $$"""
            { "id": "XX", "name": "X", "ocdId": "ocd-division/country:xx", "timeZone": "UTC",
              "deadlines": [
                { "name": "measures-certified", "rule": { "from": "election-day", "days": 10 }, "citation": "c", "appliesTo": [ "candidate", "ballot-measure" ] },
                { "name": "later", "rule": { "from": "measures-certified", "days": 5 }, "citation": "c"{{dependentScope}} } ],
              "recounts": [ { "automatic": false, "metric": "absolute-votes", "threshold": 10, "window": { "from": "{{windowFrom}}", "days": 3 }, "citation": "c" } ] }
            """)]);

        var everyContest = Rules("");
        var window = Rules(", \"appliesTo\": [ \"ballot-measure\" ]", windowFrom: "measures-certified");

        var p = Assert.Single(everyContest.Problems);
        Assert.Equal(("$.deadlines[1].rule.from", 4L, ProblemCodes.Inconsistent), (p.Path, p.Line ?? 0, p.Code));
        Assert.StartsWith("'measures-certified' applies only to candidate or ballot-measure contests", p.Message, StringComparison.Ordinal);
        Assert.Equal("$.recounts[0].window.from", Assert.Single(window.Problems).Path);
        Assert.True(Rules(", \"appliesTo\": [ \"ballot-measure\" ]").IsSuccess);
        Assert.True(Rules(", \"appliesTo\": [ \"electoral-college\", \"candidate\" ]").IsSuccess);
        Assert.False(Rules(", \"appliesTo\": [ \"party\" ]").IsSuccess);
    }

    [Fact]
    public void ShippedFederalRules_EveryDeadlineIsTheElectoralColleges()
    {
        var us = RulesBook.Default.For("ocd-division/country:us")!;

        Assert.All(us.Deadlines, d => Assert.Equal(ContestScope.ElectoralCollege, d.Contests));
        Assert.All(RulesBook.Default.Jurisdictions.Where(j => j.Id != "US").SelectMany(j => j.Deadlines), d => Assert.Null(d.Contests));
    }
}
