using System.Collections.Immutable;
using Canvass.Domain.Electoral;

namespace Canvass.Domain.Tests.Electoral;

/// <summary>The Electoral College after the 2010 census (the 2012, 2016 and 2020 elections) and the 2016 and 2020 results,
/// as published (us2020-electoral-votes.csv; the 2016 certificates of vote as reported by the National Archives).</summary>
internal static class ElectoralTestData
{
    public const string Biden = "cand-biden";
    public const string Trump = "cand-trump";
    public const string Clinton = "cand-clinton";

    private static readonly (string State, int Votes)[] Apportionment =
    [
        ("AK", 3), ("AL", 9), ("AR", 6), ("AZ", 11), ("CA", 55), ("CO", 9), ("CT", 7), ("DC", 3), ("DE", 3), ("FL", 29),
        ("GA", 16), ("HI", 4), ("IA", 6), ("ID", 4), ("IL", 20), ("IN", 11), ("KS", 6), ("KY", 8), ("LA", 8), ("MA", 11),
        ("MD", 10), ("ME", 4), ("MI", 16), ("MN", 10), ("MO", 10), ("MS", 6), ("MT", 3), ("NC", 15), ("ND", 3), ("NE", 5),
        ("NH", 4), ("NJ", 14), ("NM", 5), ("NV", 6), ("NY", 29), ("OH", 18), ("OK", 7), ("OR", 7), ("PA", 20), ("RI", 4),
        ("SC", 9), ("SD", 3), ("TN", 11), ("TX", 38), ("UT", 6), ("VA", 13), ("VT", 3), ("WA", 12), ("WI", 10), ("WV", 5),
        ("WY", 3),
    ];

    /// <summary>The states (at large) Biden won in 2020; Trump won the others. Districts: ME-1 and NE-2 Biden, ME-2, NE-1
    /// and NE-3 Trump.</summary>
    public static readonly string[] Biden2020 =
    [
        "AZ", "CA", "CO", "CT", "DC", "DE", "GA", "HI", "IL", "MA", "MD", "ME", "MI", "MN", "NH", "NJ", "NM", "NV", "NY",
        "OR", "PA", "RI", "VA", "VT", "WA", "WI",
    ];

    /// <summary>The states Clinton won in 2016 (plus ME-1); Trump won the others and ME-2 and every Nebraska unit.</summary>
    public static readonly string[] Clinton2016 =
    [
        "CA", "CO", "CT", "DC", "DE", "HI", "IL", "MA", "MD", "ME", "MN", "NH", "NJ", "NM", "NV", "NY", "OR", "RI", "VA",
        "VT", "WA",
    ];

    public static ElectoralCollegeRules Rules { get; } = Build();

    public static ElectoralCollegeRules Build(ElectoralCounting maine = ElectoralCounting.RankedChoice)
    {
        var states = Apportionment.Select(a => a.State switch
        {
            "ME" => District("ME", a.Votes, 2, maine),
            "NE" => District("NE", a.Votes, 3, ElectoralCounting.Plurality),
            _ => new ElectoralStateRule(a.State, a.State, a.Votes, ElectoralMethod.WinnerTakeAll, ElectoralCounting.Plurality,
                [new ElectoralUnitRule(ElectoralUnitRule.AtLarge, Ocd(a.State), a.Votes)], []),
        }).ToImmutableArray();
        return new ElectoralCollegeRules("test", new DateOnly(2012, 1, 1), new DateOnly(2023, 12, 31), 538, states,
            new ContingentElectionRule(3, 50, 2, ["U.S. Const. amend. XII"]), ["U.S. Const. art. II, §1"]);
    }

    public static string Ocd(string state) => "ocd-division/country:us/state:" + state.ToLowerInvariant();

    /// <summary>Every unit's outcome: each state at large to <paramref name="atLarge"/>'s choice, and the districts given.</summary>
    public static ImmutableArray<ElectoralUnitOutcome> Outcomes(Func<string, string> atLarge, params (string State, string Unit, string Winner)[] districts) =>
    [
        .. Apportionment.Select(a => ElectoralUnitOutcome.Won(a.State, ElectoralUnitRule.AtLarge, atLarge(a.State))),
        .. districts.Select(d => ElectoralUnitOutcome.Won(d.State, d.Unit, d.Winner)),
    ];

    public static ImmutableArray<ElectoralUnitOutcome> Outcomes2020() =>
        Outcomes(s => Biden2020.Contains(s) ? Biden : Trump,
            ("ME", "CD-1", Biden), ("ME", "CD-2", Trump), ("NE", "CD-1", Trump), ("NE", "CD-2", Biden), ("NE", "CD-3", Trump));

    public static ImmutableArray<ElectoralUnitOutcome> Outcomes2016() =>
        Outcomes(s => Clinton2016.Contains(s) ? Clinton : Trump,
            ("ME", "CD-1", Clinton), ("ME", "CD-2", Trump), ("NE", "CD-1", Trump), ("NE", "CD-2", Trump), ("NE", "CD-3", Trump));

    private static ElectoralStateRule District(string state, int votes, int districts, ElectoralCounting counting) =>
        new(state, state, votes, ElectoralMethod.CongressionalDistrict, counting,
        [
            new ElectoralUnitRule(ElectoralUnitRule.AtLarge, Ocd(state), votes - districts),
            .. Enumerable.Range(1, districts).Select(d => new ElectoralUnitRule($"CD-{d}", Ocd(state) + $"/cd:{d}", 1)),
        ], []);
}
