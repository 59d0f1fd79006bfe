using System.Collections.Immutable;
using Canvass.Domain.Elections;

namespace Canvass.Domain.Tests.Elections;

/// <summary><see cref="ElectionIndex.CountyOf(int)"/> is the one rule that says which county counts a unit's ballots and
/// totals; the CVR readers, results import and tabulation all use it.</summary>
public sealed class ElectionIndexCountyTests
{
    private static readonly ElectionIndex Index = new(new ElectionDefinition(
        "Test", new GpUnitId("st"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), "general", "Test", "TS",
        [
            Unit("st", "state", "c1", "c2"),
            Unit("c1", "county", "p1"),
            Unit("c2", "other", "p2") with { OtherType = "County" },
            Unit("p1", "precinct"),
            Unit("p2", "precinct"),
            Unit("d1", "state-house", "p1"),
            Unit("loose", "precinct"),
        ],
        [], [], [], [], []));

    [Theory]
    [InlineData("c1", "c1")]
    [InlineData("p1", "c1")]
    [InlineData("c2", "c2")] // other, OtherType county: a county, as the CVR readers always took it
    [InlineData("p2", "c2")]
    [InlineData("st", "st")]
    [InlineData("d1", "st")] // under no county: the state, for ballots and totals alike (results used d1 itself)
    [InlineData("loose", "st")]
    public void CountyOf_GivesTheCountyThatCountsTheUnit(string unit, string county)
    {
        Assert.Equal(new GpUnitId(county), Index.CountyOf(new GpUnitId(unit)));
    }

    [Fact]
    public void CountyOf_UnderNoCountyWithoutAScopeUnit_IsTheUnitItself()
    {
        var index = new ElectionIndex(new ElectionDefinition(
            "Test", new GpUnitId("elsewhere"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), "general", "Test", "TS",
            [Unit("d1", "state-house", "p1"), Unit("p1", "precinct")], [], [], [], [], []));

        Assert.Equal(new GpUnitId("d1"), index.CountyOf(new GpUnitId("d1")));
        Assert.Equal(new GpUnitId("p1"), index.CountyOf(new GpUnitId("p1")));
    }

    /// <summary>A national election: Alaska reports statewide (no counties), Georgia by county.</summary>
    private static readonly ElectionIndex National = new(new ElectionDefinition(
        "Test", new GpUnitId("us"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), "general", "Test", "US",
        [
            Unit("us", "country", "ak", "ga"),
            Unit("ak", "state", "ak-h1"),
            Unit("ak-h1", "state-house", "ak-p1"),
            Unit("ak-p1", "precinct"),
            Unit("ga", "state", "ga-fulton", "ga-d5"),
            Unit("ga-fulton", "county", "ga-p1"),
            Unit("ga-p1", "precinct"),
            Unit("ga-d5", "congressional"),
        ],
        [], [], [], [], []));

    [Theory]
    [InlineData("us", "us")]
    [InlineData("ak", "ak")] // a state under no county is its own counting jurisdiction, not the nation
    [InlineData("ak-h1", "ak")]
    [InlineData("ak-p1", "ak")]
    [InlineData("ga", "ga")] // ballots Georgia counts centrally
    [InlineData("ga-fulton", "ga-fulton")]
    [InlineData("ga-p1", "ga-fulton")]
    [InlineData("ga-d5", "ga")]
    public void CountyOf_InANationalElection_AUnitUnderNoCountyIsItsStates(string unit, string county)
    {
        // Before, every unit under no county was the nation's: Alaska's statewide totals were tabulated as "United States".
        Assert.Equal(new GpUnitId(county), National.CountyOf(new GpUnitId(unit)));
    }

    private static GpUnit Unit(string id, string type, params string[] children) =>
        new(new GpUnitId(id), id, type, [.. children.Select(c => new GpUnitId(c))], ImmutableArray<ExternalIdentifier>.Empty);
}
