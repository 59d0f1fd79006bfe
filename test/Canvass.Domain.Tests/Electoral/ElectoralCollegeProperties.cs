using Canvass.Domain.Electoral;
using FsCheck.Xunit;
using static Canvass.Domain.Tests.Electoral.ElectoralTestData;

namespace Canvass.Domain.Tests.Electoral;

public sealed class ElectoralCollegeProperties
{
    private static readonly string[] Candidates = ["a", "b", "c"];

    /// <summary>Any outcome per unit (one of three candidates, tied, uncounted): every elector is pledged once or left
    /// unallocated, each state's electors add up, and the outcome follows from the totals.</summary>
    [Property(MaxTest = 300)]
    public void Allocate_AnyOutcomes_ConservesElectorsAndDecidesByMajority(byte[] choices)
    {
        var units = Rules.States.SelectMany(s => s.Units.Select(u => (s.State, u.Id))).ToList();
        var outcomes = units.Select((u, i) =>
        {
            var pick = choices.Length == 0 ? 0 : choices[i % choices.Length] % 5;
            return pick switch
            {
                < 3 => ElectoralUnitOutcome.Won(u.State, u.Id, Candidates[pick]),
                3 => new ElectoralUnitOutcome(u.State, u.Id, ElectoralUnitStatus.Tied, null, ["a", "b"]),
                _ => new ElectoralUnitOutcome(u.State, u.Id, ElectoralUnitStatus.Uncounted, null, []),
            };
        });

        var allocation = ElectoralCollege.Allocate(Rules, outcomes);

        Assert.Equal(538, allocation.Totals.Sum(t => t.Votes) + allocation.Unallocated);
        Assert.All(allocation.States, s => Assert.Equal(s.Rule.ElectoralVotes, s.Electors.Sum(e => e.Votes) + s.Unallocated));
        var leader = allocation.Totals.FirstOrDefault()?.Votes ?? 0;
        var expected = leader >= 270 ? ElectoralOutcomeKind.Elected
            : allocation.Unallocated > 0 ? ElectoralOutcomeKind.Undetermined
            : ElectoralOutcomeKind.ContingentElectionRequired;
        Assert.Equal(expected, allocation.Outcome.Kind);
        if (expected == ElectoralOutcomeKind.ContingentElectionRequired)
        {
            Assert.InRange(allocation.Outcome.HouseCandidates.Length, 1, 3);
        }
    }

    /// <summary>Casting exactly the pledged electors changes nothing: no deviation, the same totals, the same winner.</summary>
    [Property(MaxTest = 200)]
    public void RollUpCast_AsPledged_EqualsTheAllocation(byte[] choices)
    {
        var units = Rules.States.SelectMany(s => s.Units.Select(u => (s.State, u.Id))).ToList();
        var allocation = ElectoralCollege.Allocate(Rules, units.Select((u, i) =>
            ElectoralUnitOutcome.Won(u.State, u.Id, Candidates[choices.Length == 0 ? 0 : choices[i % choices.Length] % 3])));

        var cast = ElectoralCollege.RollUpCast(Rules, allocation.States.Select(s => new CastElectoralVotes(s.Rule.State, null, s.Electors, [])), allocation).Value;

        Assert.Empty(cast.Deviations);
        Assert.Equal(allocation.Totals, cast.President);
        Assert.Equal(allocation.Outcome.Kind, cast.PresidentOutcome.Kind);
        Assert.Equal(allocation.Outcome.Winner, cast.PresidentOutcome.Winner);
        Assert.Equal(allocation.Outcome.HouseCandidates, cast.PresidentOutcome.HouseCandidates);
    }
}
