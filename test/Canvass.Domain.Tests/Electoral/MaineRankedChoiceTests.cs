using Canvass.Domain.Elections;
using Canvass.Domain.Electoral;
using Canvass.Domain.Rcv;
using Canvass.Domain.Tabulation;

namespace Canvass.Domain.Tests.Electoral;

/// <summary>Maine: district method and ranked choice. Each unit's winner is a ranked-choice outcome, counted by the IRV
/// tabulator from the rankings when the ballots are there.</summary>
public sealed class MaineRankedChoiceTests
{
    private static readonly string[] Tickets = ["biden", "trump", "jorgensen", "hawkins"];

    private static readonly ElectoralCollegeRules MaineOnly = new(
        "Maine only", new DateOnly(2020, 1, 1), new DateOnly(2023, 12, 31), 4,
        [
            new ElectoralStateRule("ME", "Maine", 4, ElectoralMethod.CongressionalDistrict, ElectoralCounting.RankedChoice,
            [
                new ElectoralUnitRule(ElectoralUnitRule.AtLarge, "ocd-division/country:us/state:me", 2),
                new ElectoralUnitRule("CD-1", "ocd-division/country:us/state:me/cd:1", 1),
                new ElectoralUnitRule("CD-2", "ocd-division/country:us/state:me/cd:2", 1),
            ], ["Me. Rev. Stat. tit. 21-A, §805"]),
        ],
        new ContingentElectionRule(3, 50, 2, ["U.S. Const. amend. XII"]), []);

    private static readonly ElectionDefinition Election = BuildElection(VoteVariation.Rcv);

    [Fact]
    public void Outcomes_RoundsOverturnFirstChoiceLeaderInDistrict_ElectorGoesToRankedChoiceWinner()
    {
        // ME-2: Trump leads first choices 48-45 without a majority; Hawkins' and Jorgensen's voters rank Biden next, so the
        // rounds elect Biden 51-49.
        var cd2 = Contest("cc-me-cd-2-president");
        List<RankedCvr> ballots =
        [
            .. Ballots("t", 48, "trump"),
            .. Ballots("b", 45, "biden"),
            .. Ballots("j", 3, "jorgensen", "biden"),
            .. Ballots("k", 1, "jorgensen", "trump"),
            .. Ballots("h", 3, "hawkins", "biden"),
        ];
        var rounds = RcvTabulator.Tabulate(RankedChoiceRounds.ToRcvContest(cd2, RankedChoiceRounds.DefaultRules(cd2)), ballots);
        Assert.True(rounds.IsSuccess);
        var firstChoices = Result(cd2, 45, 48, 4, 3);
        Assert.Empty(firstChoices.Winners);

        var tabulation = new ElectionTabulation(
        [
            Result(Contest("us-president"), 0, 0, 0, 0),
            Won(Contest("cc-me-president"), 0, 60, 36, 2, 2),
            Won(Contest("cc-me-cd-1-president"), 0, 62, 34, 2, 2),
            RankedChoiceRounds.WithRounds(cd2, firstChoices, rounds),
        ], 100);

        var outcomes = ElectoralContests.Outcomes(MaineOnly, Election, new ContestId("us-president"), tabulation);

        Assert.True(outcomes.IsSuccess, string.Join("; ", outcomes.Problems));
        var cd2Outcome = outcomes.Value.Single(o => o.Unit == "CD-2");
        Assert.Equal(ElectoralUnitStatus.Won, cd2Outcome.Status);
        Assert.Equal("cand-biden", cd2Outcome.Winner);
        var maine = ElectoralCollege.Allocate(MaineOnly, outcomes.Value).States.Single();
        Assert.Equal([new CandidateElectoralVotes("cand-biden", 4)], maine.Electors);
    }

    [Fact]
    public void Outcomes_NoFirstChoiceMajorityAndOnlyTotals_RoundsNeeded()
    {
        var tabulation = new ElectionTabulation(
        [
            Result(Contest("us-president"), 0, 0, 0, 0),
            Won(Contest("cc-me-president"), 0, 60, 36, 2, 2),
            Won(Contest("cc-me-cd-1-president"), 0, 62, 34, 2, 2),
            Result(Contest("cc-me-cd-2-president"), 45, 48, 4, 3),
        ], 0);

        var outcomes = ElectoralContests.Outcomes(MaineOnly, Election, new ContestId("us-president"), tabulation).Value;
        var allocation = ElectoralCollege.Allocate(MaineOnly, outcomes);

        Assert.Equal(ElectoralUnitStatus.RoundsNeeded, outcomes.Single(o => o.Unit == "CD-2").Status);
        Assert.Equal(1, allocation.Unallocated);
        Assert.Equal(3, allocation.VotesOf("cand-biden"));
        Assert.Equal(ElectoralOutcomeKind.Elected, allocation.Outcome.Kind);
    }

    [Fact]
    public void Outcomes_PluralityContestWhereRulesSayRankedChoice_IsAProblem()
    {
        var plurality = BuildElection(VoteVariation.Plurality);
        var tabulation = new ElectionTabulation([.. plurality.Contests.Select(c => Result(c, [.. c.Selections.Select(_ => 0L)]))], 0);

        var outcomes = ElectoralContests.Outcomes(MaineOnly, plurality, new ContestId("us-president"), tabulation);

        Assert.False(outcomes.IsSuccess);
        Assert.Equal(3, outcomes.Problems.Length);
        Assert.All(outcomes.Problems, p => Assert.Equal(ProblemCodes.Inconsistent, p.Code));
    }

    [Fact]
    public void Outcomes_UnitMissingFromElection_IsAProblem()
    {
        var withoutDistricts = Election with { GpUnits = [.. Election.GpUnits.Where(u => !u.Id.Value.Contains("cd", StringComparison.Ordinal))] };
        var tabulation = new ElectionTabulation([.. Election.Contests.Select(c => Result(c, [.. c.Selections.Select(_ => 0L)]))], 0);

        var outcomes = ElectoralContests.Outcomes(MaineOnly, withoutDistricts, new ContestId("us-president"), tabulation);

        Assert.Equal(2, outcomes.Problems.Length);
        Assert.Contains("ocd-division/country:us/state:me/cd:1", outcomes.Problems[0].Message, StringComparison.Ordinal);
        Assert.False(ElectoralContests.Outcomes(MaineOnly, Election, new ContestId("cc-me-president"), tabulation).IsSuccess);
    }

    [Fact]
    public void Outcomes_UnitWonByASelectionThatIsNoTicket_ElectorsStayUnallocated()
    {
        // Hawkins is on Maine's ballots but is no ticket of the national contest, as an "Other candidates" line is not.
        var national = Contest("us-president");
        var election = Election with
        {
            Contests = [.. Election.Contests.Select(c => c == national ? c with { Selections = [.. c.Selections.Where(x => !x.Id.Value.EndsWith("hawkins", StringComparison.Ordinal))] } : c)],
        };
        var tabulation = new ElectionTabulation(
        [
            Result(national, 0, 0, 0, 0),
            Won(Contest("cc-me-president"), 0, 60, 36, 2, 2),
            Won(Contest("cc-me-cd-1-president"), 3, 20, 10, 2, 68),
            Won(Contest("cc-me-cd-2-president"), 1, 40, 56, 2, 2),
        ], 0);

        var outcomes = ElectoralContests.Outcomes(MaineOnly, election, new ContestId("us-president"), tabulation).Value;
        var allocation = ElectoralCollege.Allocate(MaineOnly, outcomes);

        var cd1 = allocation.States.Single().Units.Single(u => u.Unit.Id == "CD-1");
        Assert.Null(cd1.PledgedTo);
        Assert.Equal("cand-hawkins", cd1.Outcome.Winner);
        Assert.Equal(1, allocation.Unallocated);
        Assert.Equal(0, allocation.VotesOf("cand-hawkins"));
        Assert.Equal([new CandidateElectoralVotes("cand-biden", 2), new CandidateElectoralVotes("cand-trump", 1)], allocation.Totals);
    }

    private static Contest Contest(string id) => Election.Contests.Single(c => c.Id.Value == id);

    private static ContestResult Result(Contest contest, params long[] votes) =>
        new(contest.Id, [.. votes], null, null, null, [], [], false, null);

    private static ContestResult Won(Contest contest, int winner, params long[] votes) =>
        Result(contest, votes) with { Winners = [contest.Selections[winner].Id] };

    private static IEnumerable<RankedCvr> Ballots(string id, int count, params string[] ranking)
    {
        var names = ranking.Select(r => r switch
        {
            "biden" => "Biden",
            "trump" => "Trump",
            "jorgensen" => "Jorgensen",
            _ => "Hawkins",
        }).ToArray();
        for (var i = 0; i < count; i++)
        {
            yield return new RankedCvr($"{id}{i}", null, null, null, [.. names.Select((n, r) => new RankedChoice(r + 1, n))]);
        }
    }

    private static ElectionDefinition BuildElection(VoteVariation variation)
    {
        GpUnit Unit(string id, string ocd, params string[] children) =>
            new(new GpUnitId(id), id, "state", [.. children.Select(c => new GpUnitId(c))], [new ExternalIdentifier("ocd-id", ocd)]);

        Contest Race(string id, string district, VoteVariation v, string? other = null) =>
            new(new ContestId(id), id, ContestKind.Candidate, new GpUnitId(district), 1, 1, v,
                [
                    .. Tickets.Select(t => new ContestSelection(new SelectionId($"{id}-{t}"), [new CandidateId("cand-" + t)], false,
                        char.ToUpperInvariant(t[0]) + t[1..], [])),
                ],
                null, other);

        return new ElectionDefinition("Maine test", new GpUnitId("ru-us"), new DateOnly(2020, 11, 3), new DateOnly(2020, 11, 3), "general", "t", "US",
            [
                Unit("ru-us", "ocd-division/country:us", "ru-me"),
                Unit("ru-me", "ocd-division/country:us/state:me", "ru-me-cd-1", "ru-me-cd-2"),
                Unit("ru-me-cd-1", "ocd-division/country:us/state:me/cd:1"),
                Unit("ru-me-cd-2", "ocd-division/country:us/state:me/cd:2"),
            ],
            [], [],
            [.. Tickets.Select(t => new Candidate(new CandidateId("cand-" + t), t))],
            [
                Race("us-president", "ru-us", VoteVariation.Other, ElectoralContests.ElectoralCollegeVariation),
                Race("cc-me-president", "ru-me", variation),
                Race("cc-me-cd-1-president", "ru-me-cd-1", variation),
                Race("cc-me-cd-2-president", "ru-me-cd-2", variation),
            ],
            []);
    }
}
