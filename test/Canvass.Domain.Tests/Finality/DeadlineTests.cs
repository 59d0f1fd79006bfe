using Canvass.Domain.Jurisdictions;

namespace Canvass.Domain.Tests.Finality;

/// <summary>Deadlines computed from the shipped rules, checked against the dates in the certification-process spec.</summary>
public sealed class DeadlineTests
{
    private static DateOnly? Federal(string name, int year, int month, int day)
    {
        var us = RulesBook.Default.For("ocd-division/country:us")!;
        var election = new DateOnly(year, month, day);
        DateOnly? Anchor(string n) => us.Deadlines.First(d => d.Name == n && d.AppliesTo(election)).Rule.Resolve(election, Anchor, us.HolidayDates);
        return Anchor(name);
    }

    [Theory]
    [InlineData(2020, 3, "electors-meet", 2020, 12, 14)]
    [InlineData(2020, 3, "safe-harbor", 2020, 12, 8)]
    [InlineData(2020, 3, "congress-count", 2021, 1, 6)]
    [InlineData(2024, 5, "electors-meet", 2024, 12, 17)]
    [InlineData(2024, 5, "certificate-of-ascertainment", 2024, 12, 11)]
    [InlineData(2028, 7, "electors-meet", 2028, 12, 19)]
    [InlineData(2028, 7, "certificate-of-ascertainment", 2028, 12, 13)]
    [InlineData(2032, 2, "electors-meet", 2032, 12, 14)]
    [InlineData(2032, 2, "certificate-of-ascertainment", 2032, 12, 8)]
    [InlineData(2032, 2, "congress-count", 2033, 1, 6)]
    public void Federal_Deadlines_MatchTheSpecTable(int year, int electionDay, string name, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), Federal(name, year, 11, electionDay));

    [Theory]
    [InlineData("ocd-division/country:us/state:ga", "state-certification", 2020, 11, 20)]
    [InlineData("ocd-division/country:us/state:mi", "state-certification", 2020, 11, 23)]
    [InlineData("ocd-division/country:us/state:nv", "state-certification", 2020, 11, 24)]
    [InlineData("ocd-division/country:us/state:az", "state-certification", 2020, 11, 30)]
    [InlineData("ocd-division/country:us/state:wi", "state-certification", 2020, 12, 1)]
    public void State_CertificationDeadlines2020_MatchTheRecordedDates(string ocd, string name, int y, int m, int d)
    {
        var rules = RulesBook.Default.For(ocd)!;
        var election = new DateOnly(2020, 11, 3);

        var date = rules.Deadlines.Single(x => x.Name == name && x.AppliesTo(election)).Rule.Resolve(election, _ => null, rules.HolidayDates);

        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Fact]
    public void BusinessDays_SkipWeekendsAndTheJurisdictionsHolidays()
    {
        var ga = RulesBook.Default.For("ocd-division/country:us/state:ga")!.HolidayDates;

        Assert.Equal(new DateOnly(2020, 11, 24), BusinessDays.Add(new DateOnly(2020, 11, 20), 2, ga));
        Assert.Equal(new DateOnly(2020, 11, 12), BusinessDays.Add(new DateOnly(2020, 11, 10), 1, ga)); // Veterans Day
        Assert.Equal(new DateOnly(2020, 11, 30), BusinessDays.Add(new DateOnly(2020, 11, 25), 1, ga)); // Thanksgiving and the state holiday
    }

    [Fact]
    public void RulesBook_CountyFallsBackToItsState_ThenTheNation()
    {
        Assert.Equal("GA", RulesBook.Default.For("ocd-division/country:us/state:ga/county:fulton")!.Id);
        Assert.Equal("US", RulesBook.Default.For("ocd-division/country:us/state:zz")!.Id);
        Assert.Null(RulesBook.Default.For("ocd-division/country:ca"));
    }

    [Fact]
    public void RulesBook_EveryDemoStateAndTheNation_HaveRules() =>
        Assert.Equal(["AZ", "GA", "MI", "NV", "PA", "US", "WI"], RulesBook.Default.Jurisdictions.Select(j => j.Id).Order(StringComparer.Ordinal));

    [Fact]
    public void RulesBook_BadFile_ListsEveryProblemWithItsPath()
    {
        var result = RulesBook.Parse([("bad.json", """
            { "id": "XX", "name": "X", "ocdId": "ocd-division/country:xx", "timeZone": "Mars/Olympus",
              "certifyingBodies": [ { "id": "b", "name": "B", "level": "state", "required": 3, "citation": "c",
                "officials": [ { "id": "o", "name": "O", "publicKey": "bm90IGEga2V5" } ] } ],
              "recounts": [ { "automatic": true, "citation": "c" } ],
              "policies": { "legally-final": "certified and", "my-policy": "certified" } }
            """)]);

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Problems, p => p.Path == "$.timeZone");
        Assert.Contains(result.Problems, p => p.Path == "$.certifyingBodies[0].officials[0].publicKey");
        Assert.Contains(result.Problems, p => p.Path == "$.certifyingBodies[0].required");
        Assert.Contains(result.Problems, p => p.Path == "$.recounts[0].metric");
        Assert.Contains(result.Problems, p => p.Path == "$.policies.legally-final" && p.Message.Contains("at position 14", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Path == "$.policies.my-policy");
        Assert.All(result.Problems, p => Assert.Equal("bad.json", p.File));
    }
}
