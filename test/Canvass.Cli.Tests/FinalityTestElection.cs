using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Tests;

/// <summary>A minimal 2020 presidential election for the finality commands: the national (Electoral College) contest
/// <c>us-president-2020</c> and the Georgia and Michigan contests that choose its electors, with the OCD-IDs that select their rules
/// (rules/us.json, rules/us-ga.json, rules/us-mi.json).</summary>
public static class FinalityTestElection
{
    public static ElectionDefinition Definition { get; } = Build();

    /// <summary>Writes a demo official's key file (the seed the rules' demo public keys come from).</summary>
    public static string DemoKey(Canvass canvass, string official) =>
        canvass.Write(official + ".key", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("canvass-demo-official:" + official))));

    private static ElectionDefinition Build()
    {
        static GpUnit Unit(string id, string name, string type, string ocd, params string[] children) =>
            new(new GpUnitId(id), name, type, [.. children.Select(c => new GpUnitId(c))], [new ExternalIdentifier("ocd-id", ocd)]);
        static ContestSelection Sel(string id, string candidate, string name) => new(new SelectionId(id), [new CandidateId(candidate)], false, name, []);
        static Contest Contest(string id, string name, string unit, string po, VoteVariation variation = VoteVariation.Plurality, string? other = null) =>
            new(new ContestId(id), name, ContestKind.Candidate, new GpUnitId(unit), 1, 1, variation,
                [Sel($"cs-{po}-biden", "cand-biden", "Biden"), Sel($"cs-{po}-trump", "cand-trump", "Trump"), Sel($"cs-{po}-jorgensen", "cand-jorgensen", "Jorgensen")],
                null, other);

        ImmutableArray<GpUnit> units =
        [
            Unit("ru-us", "United States", "country", "ocd-division/country:us", "ru-ga", "ru-mi"),
            Unit("ru-ga", "Georgia", "state", "ocd-division/country:us/state:ga"),
            Unit("ru-mi", "Michigan", "state", "ocd-division/country:us/state:mi"),
        ];
        ImmutableArray<Candidate> candidates =
        [
            new(new CandidateId("cand-biden"), "Joseph R. Biden Jr."), new(new CandidateId("cand-trump"), "Donald J. Trump"),
            new(new CandidateId("cand-jorgensen"), "Jo Jorgensen"),
        ];
        return new ElectionDefinition("2020 General Election (finality test)", new GpUnitId("ru-us"), new DateOnly(2020, 11, 3), new DateOnly(2020, 11, 3),
            "general", "test", "US", units, [], [], candidates,
            [
                Contest("us-president-2020", "President of the United States", "ru-us", "us", VoteVariation.Other, "electoral-college"),
                Contest("cc-ga-president", "President (Georgia)", "ru-ga", "ga"),
                Contest("cc-mi-president", "President (Michigan)", "ru-mi", "mi"),
            ], []);
    }
}
