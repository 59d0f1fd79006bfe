using System.Collections.Immutable;
using Canvass.Domain.Electoral;
using static Canvass.Domain.Tests.Electoral.ElectoralTestData;

namespace Canvass.Domain.Tests.Electoral;

public sealed class ElectoralCollegeTests
{
    [Fact]
    public void Allocate_2020_Biden306Trump232Elected()
    {
        var allocation = ElectoralCollege.Allocate(Rules, Outcomes2020());

        Assert.Equal(306, allocation.VotesOf(Biden));
        Assert.Equal(232, allocation.VotesOf(Trump));
        Assert.Equal(0, allocation.Unallocated);
        Assert.Equal(270, Rules.Majority);
        Assert.Equal(ElectoralOutcomeKind.Elected, allocation.Outcome.Kind);
        Assert.Equal(Biden, allocation.Outcome.Winner);
    }

    [Fact]
    public void Allocate_2020_MaineAndNebraskaSplitByDistrict()
    {
        var allocation = ElectoralCollege.Allocate(Rules, Outcomes2020());
        var maine = allocation.States.Single(s => s.Rule.State == "ME");
        var nebraska = allocation.States.Single(s => s.Rule.State == "NE");

        Assert.True(maine.IsSplit);
        Assert.Equal([new CandidateElectoralVotes(Biden, 3), new CandidateElectoralVotes(Trump, 1)], maine.Electors);
        Assert.Equal(Trump, maine.Units.Single(u => u.Unit.Id == "CD-2").PledgedTo);
        Assert.True(nebraska.IsSplit);
        Assert.Equal([new CandidateElectoralVotes(Trump, 4), new CandidateElectoralVotes(Biden, 1)], nebraska.Electors);
        Assert.Equal(Biden, nebraska.Units.Single(u => u.Unit.Id == "CD-2").PledgedTo);
        Assert.False(allocation.States.Single(s => s.Rule.State == "GA").IsSplit);
    }

    [Fact]
    public void Allocate_269To269Tie_RequiresContingentElection()
    {
        // 2020 with Arizona (11), Georgia (16) and Wisconsin (10) for Trump: 306 - 37 = 269 each.
        string[] flipped = ["AZ", "GA", "WI"];
        var outcomes = Outcomes(s => Biden2020.Contains(s) && !flipped.Contains(s) ? Biden : Trump,
            ("ME", "CD-1", Biden), ("ME", "CD-2", Trump), ("NE", "CD-1", Trump), ("NE", "CD-2", Biden), ("NE", "CD-3", Trump));

        var allocation = ElectoralCollege.Allocate(Rules, outcomes);

        Assert.Equal(269, allocation.VotesOf(Biden));
        Assert.Equal(269, allocation.VotesOf(Trump));
        Assert.Equal(ElectoralOutcomeKind.ContingentElectionRequired, allocation.Outcome.Kind);
        Assert.Null(allocation.Outcome.Winner);
        Assert.Equal([Biden, Trump], allocation.Outcome.HouseCandidates);
        Assert.Equal(26, allocation.Outcome.StatesNeeded);
        Assert.Equal([Biden, Trump], allocation.Outcome.SenateCandidates);
    }

    [Fact]
    public void Allocate_NoMajorityWhileUnitsOutstanding_IsUndetermined()
    {
        // Pennsylvania, Michigan and Wisconsin (46) not in yet: Biden 260, Trump 232.
        string[] outstanding = ["PA", "MI", "WI"];
        var outcomes = Outcomes2020().Where(o => !outstanding.Contains(o.State)).ToList();

        var allocation = ElectoralCollege.Allocate(Rules, outcomes);

        Assert.Equal(260, allocation.VotesOf(Biden));
        Assert.Equal(46, allocation.Unallocated);
        Assert.Equal(ElectoralOutcomeKind.Undetermined, allocation.Outcome.Kind);
        Assert.Empty(allocation.Outcome.HouseCandidates);
    }

    [Fact]
    public void Allocate_MajorityReachedBeforeEveryStateIsIn_IsElected()
    {
        var outcomes = Outcomes2020().Where(o => o.State != "CA").ToList();

        var allocation = ElectoralCollege.Allocate(Rules, outcomes);

        Assert.Equal(251, allocation.VotesOf(Biden));
        Assert.Equal(55, allocation.Unallocated);
        Assert.Equal(ElectoralOutcomeKind.Undetermined, allocation.Outcome.Kind);

        var withoutWyoming = Outcomes2020().Where(o => o.State != "WY").ToList();
        var elected = ElectoralCollege.Allocate(Rules, withoutWyoming);
        Assert.Equal(ElectoralOutcomeKind.Elected, elected.Outcome.Kind);
        Assert.Equal(3, elected.Unallocated);
    }

    [Fact]
    public void Allocate_TiedUnit_LeavesItsElectorsUnallocated()
    {
        var outcomes = Outcomes2020().Select(o => o.State == "NE" && o.Unit == "CD-2"
            ? new ElectoralUnitOutcome("NE", "CD-2", ElectoralUnitStatus.Tied, null, [Biden, Trump])
            : o);

        var allocation = ElectoralCollege.Allocate(Rules, outcomes);

        Assert.Equal(305, allocation.VotesOf(Biden));
        Assert.Equal(1, allocation.Unallocated);
        Assert.Equal(1, allocation.States.Single(s => s.Rule.State == "NE").Unallocated);
        Assert.Equal(ElectoralOutcomeKind.Elected, allocation.Outcome.Kind);
    }

    [Fact]
    public void Allocate_ThreeWayDeadlock_HouseChoosesAmongTopThree()
    {
        // A third candidate carries Texas and Florida (67) and a fourth Wyoming (3): Biden still has 306.
        const string third = "cand-third";
        var outcomes = Outcomes(s => s is "TX" or "FL" ? third : Biden2020.Contains(s) ? Biden : Trump,
            ("ME", "CD-1", Biden), ("ME", "CD-2", Trump), ("NE", "CD-1", Trump), ("NE", "CD-2", Biden), ("NE", "CD-3", Trump));
        outcomes = [.. outcomes.Select(o => o.State == "WY" ? ElectoralUnitOutcome.Won("WY", "at-large", "cand-fourth") : o)];

        var allocation = ElectoralCollege.Allocate(Rules, outcomes);

        Assert.Equal(306, allocation.VotesOf(Biden));
        Assert.Equal(67, allocation.VotesOf(third));
        Assert.Equal(ElectoralOutcomeKind.Elected, allocation.Outcome.Kind);

        // The third also carries Pennsylvania, Georgia and Michigan (52): Biden 254, Trump 162, third 119, fourth 3. The
        // House chooses among the three highest; "not exceeding three" leaves the fourth out.
        outcomes = [.. outcomes.Select(o => o.State is "PA" or "GA" or "MI" ? ElectoralUnitOutcome.Won(o.State, o.Unit, third) : o)];
        var deadlock = ElectoralCollege.Allocate(Rules, outcomes);

        Assert.Equal(254, deadlock.VotesOf(Biden));
        Assert.Equal(ElectoralOutcomeKind.ContingentElectionRequired, deadlock.Outcome.Kind);
        Assert.Equal([Biden, Trump, third], deadlock.Outcome.HouseCandidates);
        Assert.Equal(2, deadlock.Outcome.SenateCandidates.Length);
    }

    [Fact]
    public void Allocate_UnknownState_Throws()
    {
        Assert.Throws<ArgumentException>(() => ElectoralCollege.Allocate(Rules, [ElectoralUnitOutcome.Won("PR", "at-large", Biden)]));
        Assert.Throws<ArgumentException>(() => ElectoralCollege.Allocate(Rules, [ElectoralUnitOutcome.Won("ME", "CD-3", Biden)]));
    }

    [Fact]
    public void Finalists_TieAtLastPlace_IncludesEveryTiedCandidate()
    {
        ImmutableArray<CandidateElectoralVotes> totals =
        [
            new("a", 200), new("b", 150), new("c", 90), new("d", 90), new("e", 8), new("z", 0),
        ];

        Assert.Equal(["a", "b", "c", "d"], ElectoralCollege.Finalists(totals, 3));
        Assert.Equal(["a", "b"], ElectoralCollege.Finalists(totals, 2));
        Assert.Equal(["a", "b", "c", "d", "e"], ElectoralCollege.Finalists(totals, 9));
    }
}
