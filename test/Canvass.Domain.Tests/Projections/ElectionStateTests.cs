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

    [Fact]
    public void JurisdictionRulesSet_LatestPerOcdIdHolds()
    {
        var ga = new JurisdictionRulesSet("ocd-division/country:us/state:ga", "{}", new string('a', 64), "us-ga.json");
        var oh = new JurisdictionRulesSet("ocd-division/country:us/state:oh", "{}", new string('b', 64), "us-oh.json");
        var ga2 = ga with { Sha256 = new string('c', 64), Source = "us-ga-2.json" };

        var state = ElectionState.Replay([ga, oh, ga2]);

        Assert.Equal(3, state.Version);
        Assert.Same(ga2, state.LoggedRules["ocd-division/country:us/state:ga"]);
        Assert.Same(oh, state.LoggedRules["ocd-division/country:us/state:oh"]);
        Assert.Empty(ElectionState.Empty.LoggedRules);
    }
}
