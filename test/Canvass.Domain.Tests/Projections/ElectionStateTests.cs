using Canvass.Domain.Events;
using Canvass.Domain.Projections;

namespace Canvass.Domain.Tests.Projections;

public sealed class ElectionStateTests
{
    [Fact]
    public void ContestRulesSet_LatestPerContestHolds_EveryEventCountsAVersion()
    {
        var first = new ContestRulesSet("cc-mayor", "{\"overvoteRule\":\"exhaustImmediately\"}", "a_config.json");
        var other = new ContestRulesSet("cc-council", "{\"overvoteRule\":\"exhaustImmediately\"}", "c_config.json");
        var recount = new ContestRulesSet("cc-mayor", "{\"overvoteRule\":\"alwaysSkipToNextRank\"}", "b_config.json");

        var state = ElectionState.Replay([first, other, recount]);

        Assert.Equal(3, state.Version);
        Assert.Equal(2, state.ContestRules.Count);
        Assert.Same(recount, state.ContestRules["cc-mayor"]);
        Assert.Same(other, state.ContestRules["cc-council"]);
        Assert.Empty(ElectionState.Empty.ContestRules);
    }
}
