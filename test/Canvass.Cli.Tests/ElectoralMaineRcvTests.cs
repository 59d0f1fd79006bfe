using System.Collections.Immutable;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Tests;

/// <summary>Maine counted from ranked ballots, end to end: the district elector goes to the ranked-choice winner, who
/// trailed on first choices, through the same IRV tabulator as <c>canvass rcv</c>.</summary>
/// <remarks>
/// 21 ballots. CD-1 (county A, 10 ballots): Biden 7, Trump 3. CD-2 (county B, 11 ballots): first choices Trump 5, Biden
/// 4, Hawkins 2 (both ranking Biden second): no majority; Hawkins is eliminated and Biden wins 6–5. Statewide: Biden 11
/// of 21 first choices, a majority. So Biden takes all four electors although Trump led CD-2's first round.
/// </remarks>
public sealed class ElectoralMaineRcvTests : IDisposable
{
    private const string Rules = """
        {
          "name": "Maine alone (a test)",
          "validFrom": "2020-01-01", "validUntil": "2023-12-31",
          "totalElectors": 4,
          "citations": ["U.S. Const. art. II, §1"],
          "contingentElection": { "presidentialFinalists": 3, "votingStates": 1, "vicePresidentialFinalists": 2, "citations": ["U.S. Const. amend. XII"] },
          "states": [
            { "state": "ME", "name": "Maine", "ocdId": "ocd-division/country:us/state:me", "electoralVotes": 4,
              "method": "congressional-district", "counting": "ranked-choice", "atLargeElectors": 2,
              "districts": [
                { "unit": "CD-1", "ocdId": "ocd-division/country:us/state:me/cd:1", "electoralVotes": 1 },
                { "unit": "CD-2", "ocdId": "ocd-division/country:us/state:me/cd:2", "electoralVotes": 1 } ],
              "citations": ["Me. Rev. Stat. tit. 21-A, §805", "Me. Rev. Stat. tit. 21-A, §723-A"] }
          ]
        }
        """;

    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Electoral_MaineFromRankedBallots_DistrictElectorToTheRoundsWinner()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass, Build(), "maine.json")).ExitCode);
        var import = _canvass.Run("import", "cvr", _canvass.Write("maine.csv", Ballots()));
        Assert.True(import.ExitCode == 0, import.ToString());

        var cd2 = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-me-cd-2-president");
        Assert.Equal(5, Json.Votes(cd2, "cs-me-cd-2-trump"));
        Assert.Equal(4, Json.Votes(cd2, "cs-me-cd-2-biden"));
        Assert.Equal(["cs-me-cd-2-biden"], Json.Winners(cd2));

        var report = Json.Parse(_canvass.Run("electoral", "--rules", _canvass.Write("maine-rules.json", Rules), "--json"));
        var maine = report.GetProperty("states").EnumerateArray().Single();
        var unit = maine.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unit").GetString() == "CD-2");
        Assert.Equal("cand-biden", unit.GetProperty("winner").GetString());
        Assert.False(maine.GetProperty("split").GetBoolean());
        Assert.Equal(4, report.GetProperty("pledged").EnumerateArray().Single().GetProperty("votes").GetInt32());
        Assert.Equal("cand-biden", report.GetProperty("outcome").GetProperty("winner").GetString());
        Assert.Equal(3, report.GetProperty("majority").GetInt32());

        // The built-in rules cover the whole country: this one-state election does not match them, and says why.
        var builtIn = _canvass.Run("electoral");
        Assert.Equal(2, builtIn.ExitCode);
        Assert.Contains("GA at-large: the election has no unit with ocd-id 'ocd-division/country:us/state:ga'", builtIn.Stderr, StringComparison.Ordinal);
    }

    private static string Ballots()
    {
        var lines = new List<string> { "ballot_id,county,precinct,batch,vote_method,cc-me-president,cc-me-cd-1-president,cc-me-cd-2-president" };
        var n = 0;
        void Add(int count, string county, string precinct, string ranking)
        {
            for (var i = 0; i < count; i++)
            {
                var state = string.Join('>', ranking.Split('>').Select(r => "cs-me-" + r));
                var district = string.Join('>', ranking.Split('>').Select(r => $"cs-me-{(county == "ru-me-a" ? "cd-1" : "cd-2")}-{r}"));
                lines.Add($"M{++n:D2},{county},{precinct},b1,election-day,{state},{(county == "ru-me-a" ? district : "")},{(county == "ru-me-b" ? district : "")}");
            }
        }

        Add(7, "ru-me-a", "ru-me-pa", "biden");
        Add(3, "ru-me-a", "ru-me-pa", "trump");
        Add(5, "ru-me-b", "ru-me-pb", "trump");
        Add(4, "ru-me-b", "ru-me-pb", "biden");
        Add(2, "ru-me-b", "ru-me-pb", "hawkins>biden");
        return string.Join('\n', lines) + "\n";
    }

    private static ElectionDefinition Build()
    {
        string[] tickets = ["biden", "trump", "hawkins"];
        static GpUnit Unit(string id, string name, string type, string ocd, params string[] children) =>
            TestElection.Unit(id, name, type, children) with { ExternalIdentifiers = ocd.Length == 0 ? [] : [new ExternalIdentifier("ocd-id", ocd)] };

        Contest Race(string id, string prefix, string district, VoteVariation variation, string? other = null) =>
            new(new ContestId(id), id, ContestKind.Candidate, new GpUnitId(district), 1, 1, variation,
                [.. tickets.Select(t => TestElection.Sel($"{prefix}-{t}", char.ToUpperInvariant(t[0]) + t[1..], "cand-" + t))], null, other);

        ImmutableArray<GpUnit> units =
        [
            Unit("ru-us", "United States", "country", "ocd-division/country:us", "ru-me"),
            Unit("ru-me", "Maine", "state", "ocd-division/country:us/state:me", "ru-me-cd-1", "ru-me-cd-2"),
            Unit("ru-me-cd-1", "Maine 1st Congressional District", "congressional", "ocd-division/country:us/state:me/cd:1", "ru-me-a"),
            Unit("ru-me-cd-2", "Maine 2nd Congressional District", "congressional", "ocd-division/country:us/state:me/cd:2", "ru-me-b"),
            Unit("ru-me-a", "County A", "county", "", "ru-me-pa"),
            Unit("ru-me-b", "County B", "county", "", "ru-me-pb"),
            Unit("ru-me-pa", "Precinct A", "precinct", ""),
            Unit("ru-me-pb", "Precinct B", "precinct", ""),
        ];
        return new ElectionDefinition("Maine, ranked", new GpUnitId("ru-us"), new DateOnly(2020, 11, 3), new DateOnly(2020, 11, 3), "general",
            "Test", "ME", units, [], [], [.. tickets.Select(t => new Candidate(new CandidateId("cand-" + t), t))],
            [
                Race("us-president", "cs-us", "ru-us", VoteVariation.Other, "electoral-college"),
                Race("cc-me-president", "cs-me", "ru-me", VoteVariation.Rcv),
                Race("cc-me-cd-1-president", "cs-me-cd-1", "ru-me-cd-1", VoteVariation.Rcv),
                Race("cc-me-cd-2-president", "cs-me-cd-2", "ru-me-cd-2", VoteVariation.Rcv),
            ],
            []);
    }
}
