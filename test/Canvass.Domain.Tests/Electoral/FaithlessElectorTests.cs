using System.Collections.Immutable;
using Canvass.Domain.Electoral;
using static Canvass.Domain.Tests.Electoral.ElectoralTestData;

namespace Canvass.Domain.Tests.Electoral;

/// <summary>The electoral votes cast, against the electors pledged: 2020 (no faithless electors) and 2016 (seven).</summary>
public sealed class FaithlessElectorTests
{
    private static CandidateElectoralVotes V(string candidate, int votes) => new(candidate, votes);

    /// <summary>2016 as cast on 19 December 2016: Trump 304, Clinton 227, Powell 3, Kasich, Paul, Sanders and Spotted Eagle
    /// 1 each; for Vice President, Pence 305, Kaine 227, Warren 2, Fiorina, Collins, Cantwell and LaDuke 1 each.</summary>
    private static ImmutableArray<CastElectoralVotes> Cast2016(ElectoralAllocation pledged)
    {
        var faithless = new Dictionary<string, CastElectoralVotes>(StringComparer.Ordinal)
        {
            ["TX"] = new("TX", null, [V(Trump, 36), V("kasich", 1), V("paul", 1)], [V(Trump, 37), V("fiorina", 1)]),
            ["WA"] = new("WA", null, [V(Clinton, 8), V("powell", 3), V("spotted-eagle", 1)],
                [V(Clinton, 8), V("warren", 1), V("collins", 1), V("cantwell", 1), V("laduke", 1)]),
            ["HI"] = new("HI", null, [V(Clinton, 3), V("sanders", 1)], [V(Clinton, 3), V("warren", 1)]),
        };
        return
        [
            .. pledged.States.Select(s => faithless.TryGetValue(s.Rule.State, out var f)
                ? f
                : new CastElectoralVotes(s.Rule.State, null, s.Electors, [])),
        ];
    }

    [Fact]
    public void RollUpCast_2020_EqualsPledged306To232WithNoDeviation()
    {
        var pledged = ElectoralCollege.Allocate(Rules, Outcomes2020());
        var cast = pledged.States.Select(s => new CastElectoralVotes(s.Rule.State, null, s.Electors, [])).ToList();

        var rollUp = ElectoralCollege.RollUpCast(Rules, cast, pledged);

        Assert.True(rollUp.IsSuccess, string.Join("; ", rollUp.Problems));
        Assert.Equal(306, rollUp.Value.VotesOf(Biden));
        Assert.Equal(232, rollUp.Value.VotesOf(Trump));
        Assert.Empty(rollUp.Value.Deviations);
        Assert.Equal(0, rollUp.Value.NotCast);
        Assert.Equal(Biden, rollUp.Value.PresidentOutcome.Winner);
        Assert.Equal(Biden, rollUp.Value.VicePresidentOutcome.Winner);
    }

    [Fact]
    public void RollUpCast_2016FaithlessElectors_CastDiffersFromPledged()
    {
        var pledged = ElectoralCollege.Allocate(Rules, Outcomes2016());
        Assert.Equal(306, pledged.VotesOf(Trump));
        Assert.Equal(232, pledged.VotesOf(Clinton));

        var rollUp = ElectoralCollege.RollUpCast(Rules, Cast2016(pledged), pledged).Value;

        Assert.Equal(304, rollUp.VotesOf(Trump));
        Assert.Equal(227, rollUp.VotesOf(Clinton));
        Assert.Equal(3, rollUp.VotesOf("powell"));
        Assert.Equal(538, rollUp.President.Sum(p => p.Votes));
        Assert.Equal(7, rollUp.Faithless);
        Assert.Equal(ElectoralOutcomeKind.Elected, rollUp.PresidentOutcome.Kind);
        Assert.Equal(Trump, rollUp.PresidentOutcome.Winner);
        Assert.Equal(305, rollUp.VicePresident.Single(v => v.Candidate == Trump).Votes);
        Assert.Equal(2, rollUp.VicePresident.Single(v => v.Candidate == "warren").Votes);
        Assert.Equal(Trump, rollUp.VicePresidentOutcome.Winner);

        var texas = rollUp.States.Single(s => s.State == "TX");
        Assert.Contains(new ElectorDeviation("TX", ElectoralOffice.President, Trump, 38, 36), texas.Deviations);
        Assert.Contains(new ElectorDeviation("TX", ElectoralOffice.President, "kasich", 0, 1), texas.Deviations);
        Assert.Contains(new ElectorDeviation("TX", ElectoralOffice.VicePresident, "fiorina", 0, 1), texas.Deviations);
        Assert.Equal(["HI", "TX", "WA"], rollUp.Deviations.Select(d => d.State).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(rollUp.States.Single(s => s.State == "GA").Deviations);
    }

    [Fact]
    public void RollUpCast_FaithlessElectorsTurn269Tie_NoMajorityOfCastVotes()
    {
        // A 270-268 pledged result where one elector of the winner votes for someone else: 269 cast is not a majority
        // of the 538 appointed, so the House decides among the three highest (including the faithless elector's choice).
        string[] flipped = ["AZ", "GA", "WI"];
        var outcomes = Outcomes(s => Biden2020.Contains(s) && !flipped.Contains(s) ? Biden : Trump,
            ("ME", "CD-1", Biden), ("ME", "CD-2", Biden), ("NE", "CD-1", Trump), ("NE", "CD-2", Biden), ("NE", "CD-3", Trump));
        var pledged = ElectoralCollege.Allocate(Rules, outcomes);
        Assert.Equal(270, pledged.VotesOf(Biden));
        Assert.Equal(Biden, pledged.Outcome.Winner);

        var cast = pledged.States.Select(s => s.Rule.State == "VT"
            ? new CastElectoralVotes("VT", null, [V(Biden, 2), V("sanders", 1)], [])
            : new CastElectoralVotes(s.Rule.State, null, s.Electors, []));
        var rollUp = ElectoralCollege.RollUpCast(Rules, cast, pledged).Value;

        Assert.Equal(269, rollUp.VotesOf(Biden));
        Assert.Equal(ElectoralOutcomeKind.ContingentElectionRequired, rollUp.PresidentOutcome.Kind);
        Assert.Equal([Biden, Trump, "sanders"], rollUp.PresidentOutcome.HouseCandidates);
        Assert.Single(rollUp.Deviations, d => d is { State: "VT", Office: ElectoralOffice.President, Candidate: Biden, Pledged: 3, Cast: 2 });
    }

    [Fact]
    public void RollUpCast_StatesStillToVote_Undetermined()
    {
        var pledged = ElectoralCollege.Allocate(Rules, Outcomes2020());
        var cast = pledged.States.Where(s => s.Rule.State is not ("CA" or "NY")).Select(s => new CastElectoralVotes(s.Rule.State, null, s.Electors, []));

        var rollUp = ElectoralCollege.RollUpCast(Rules, cast, pledged).Value;

        Assert.Equal(84, rollUp.NotCast);
        Assert.Equal(ElectoralOutcomeKind.Undetermined, rollUp.PresidentOutcome.Kind);
        Assert.False(rollUp.States.Single(s => s.State == "CA").HasVoted);
    }

    [Fact]
    public void RollUpCast_ByUnit_AddsUp()
    {
        CastElectoralVotes[] cast =
        [
            new("NE", "at-large", [V(Trump, 2)], []),
            new("NE", "CD-1", [V(Trump, 1)], []),
            new("NE", "CD-2", [V(Biden, 1)], []),
            new("NE", "CD-3", [V(Trump, 1)], []),
        ];

        var rollUp = ElectoralCollege.RollUpCast(Rules, cast).Value;

        Assert.Equal([V(Trump, 4), V(Biden, 1)], rollUp.States.Single(s => s.State == "NE").President);
    }

    [Fact]
    public void RollUpCast_BadInput_ListsEveryProblem()
    {
        CastElectoralVotes[] cast =
        [
            new("PR", null, [V(Biden, 1)], []),
            new("ME", "CD-3", [V(Biden, 1)], []),
            new("GA", null, [V(Biden, 17)], []),
            new("TX", null, [V(Trump, 38)], []),
            new("TX", null, [V(Trump, 38)], []),
            new("NE", null, [V(Trump, 4)], []),
            new("NE", "CD-2", [V(Biden, 1)], []),
            new("OH", null, [V(Trump, -1)], []),
        ];

        var rollUp = ElectoralCollege.RollUpCast(Rules, cast);

        Assert.False(rollUp.IsSuccess);
        // Vice-presidential votes follow the presidential ones here, so a bad count is reported for both offices.
        Assert.Equal(
        [
            ProblemCodes.UnknownReference, ProblemCodes.UnknownReference, ProblemCodes.Inconsistent, ProblemCodes.Inconsistent,
            ProblemCodes.DuplicateId, ProblemCodes.DuplicateId, ProblemCodes.BadCount, ProblemCodes.BadCount,
        ], rollUp.Problems.Select(p => p.Code));
        Assert.Equal("[0].state", rollUp.Problems[0].Path);
        Assert.Equal("[1].unit", rollUp.Problems[1].Path);
    }

    [Fact]
    public void FromUnitCode_StatesDistrictsAndAtLarge_ResolveAgainstTheRules()
    {
        (string, long)[] trump = [(Trump, 1)];

        Assert.Equal(("GA", (string?)null), Resolve("GA", 16));
        Assert.Equal(("ME", "CD-2"), Resolve("ME-CD-2", 1));
        Assert.Equal(("NE", "at-large"), Resolve("NE-at-large", 2));
        Assert.Equal(("NE", "at-large"), Resolve("NE", 2));
        Assert.Equal(ProblemCodes.UnknownReference, CastElectoralVotes.FromUnitCode(Rules, "PR", 3, trump).Problems.Single().Code);
        Assert.Equal(ProblemCodes.UnknownReference, CastElectoralVotes.FromUnitCode(Rules, "ME-CD-3", 1, trump).Problems.Single().Code);
        Assert.Equal(ProblemCodes.BadCount, CastElectoralVotes.FromUnitCode(Rules, "GA", 16, [(Biden, -1)]).Problems.Single().Code);

        // The rules' number of electors, and a district-method state unit by unit: what the roll-up needs to compare
        // the votes with the units' pledges.
        Assert.Equal(ProblemCodes.Inconsistent, CastElectoralVotes.FromUnitCode(Rules, "TX", 40, trump).Problems.Single().Code);
        Assert.Equal(ProblemCodes.Inconsistent, CastElectoralVotes.FromUnitCode(Rules, "ME-CD-2", 2, trump).Problems.Single().Code);
        Assert.Contains("record its at-large unit (NE-at-large, 2 electors) and each of its districts (NE-CD-1 to NE-CD-3, 1 elector each)",
            CastElectoralVotes.FromUnitCode(Rules, "NE", 5, trump).Problems.Single().Message, StringComparison.Ordinal);

        static (string, string?) Resolve(string code, int electors)
        {
            var record = CastElectoralVotes.FromUnitCode(Rules, code, electors, [(Trump, electors)]).Value;
            return (record.State, record.Unit);
        }
    }

    /// <summary>Every code <see cref="CastElectoralVotes.FromUnitCode"/> reads as one unit has that unit's key, so that
    /// the roll-up and finality replace a record of it whichever of its codes a later record uses.</summary>
    [Fact]
    public void UnitKey_EveryCodeTheRulesReadAsOneUnit_SharesItsKey()
    {
        foreach (var state in Rules.States)
        {
            foreach (var unit in state.Units)
            {
                var key = CastElectoralVotes.UnitKey(state.State + "-" + unit.Id);
                string[] codes = unit.IsAtLarge
                    ? [state.State, state.State.ToLowerInvariant(), state.State + "-" + unit.Id, state.State.ToLowerInvariant() + "-AT-LARGE"]
                    : [state.State + "-" + unit.Id, (state.State + "-" + unit.Id).ToLowerInvariant()];
                foreach (var code in codes)
                {
                    var record = CastElectoralVotes.FromUnitCode(Rules, code, unit.IsAtLarge && state.Units.Length == 1 ? state.ElectoralVotes : unit.ElectoralVotes, []);
                    Assert.True(record.IsSuccess, code);
                    Assert.Equal((state.State, record.Value.Unit ?? ElectoralUnitRule.AtLarge), (record.Value.State, unit.Id));
                    Assert.Equal(key, CastElectoralVotes.UnitKey(code));
                }
            }
        }

        Assert.NotEqual(CastElectoralVotes.UnitKey("ME-CD-1"), CastElectoralVotes.UnitKey("ME-CD-2"));
        Assert.NotEqual(CastElectoralVotes.UnitKey("ME"), CastElectoralVotes.UnitKey("NE"));
    }
}
