using System.Text;
using Canvass.Domain;
using Canvass.Domain.Electoral;
using Canvass.Formats.Electoral;
using Canvass.TestKit;
using nietras.SeparatedValues;

namespace Canvass.Formats.Tests.Electoral;

/// <summary>The shipped rules (<c>rules/electoral/us-2020.json</c>) read cleanly and agree with the published electoral
/// votes; a bad file is refused with every problem and its JSON path.</summary>
public sealed class ElectoralRulesReaderTests
{
    private static Result<ElectoralCollegeRules> Read(string json) =>
        ElectoralRulesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "rules.json");

    /// <summary>A rules file shipped in rules/electoral, which must read without problems.</summary>
    private static ElectoralCollegeRules ReadShipped(string name)
    {
        using var stream = File.OpenRead(RepositoryFolder.Combine("rules", "electoral", name));
        var result = ElectoralRulesReader.Read(stream, name);
        Assert.True(result.IsSuccess, string.Join("; ", result.Problems));
        return result.Value;
    }

    [Fact]
    public void Read_Us2020_AgreesWithThePublishedElectoralVotes()
    {
        var rules = ReadShipped("us-2020.json");
        Assert.Equal(538, rules.TotalElectors);
        Assert.Equal(270, rules.Majority);
        Assert.Equal(51, rules.States.Length);
        Assert.Equal(26, rules.Contingent.StatesNeeded);
        Assert.True(rules.AppliesTo(new DateOnly(2020, 11, 3)));
        Assert.False(rules.AppliesTo(new DateOnly(2024, 11, 5)));
        Assert.Equal(["ME", "NE"], rules.States.Where(s => s.Method == ElectoralMethod.CongressionalDistrict).Select(s => s.State));
        Assert.Equal(["ME"], rules.States.Where(s => s.Counting == ElectoralCounting.RankedChoice).Select(s => s.State));
        Assert.Equal(["at-large", "CD-1", "CD-2", "CD-3"], rules.Find("NE")!.Units.Select(u => u.Id));
        Assert.Equal([2, 1, 1, 1], rules.Find("NE")!.Units.Select(u => u.ElectoralVotes));
        Assert.All(rules.States.Where(s => s.Method == ElectoralMethod.CongressionalDistrict), s => Assert.NotEmpty(s.Citations));

        // Every unit's electors equal the electoral votes cast on 14 December 2020 for that unit.
        using var reader = Sep.Reader().FromFile(RepositoryFolder.Combine("samples", "us2020", "us2020-electoral-votes.csv"));
        var units = 0;
        foreach (var row in reader)
        {
            var id = row["unit"].ToString();
            var unit = rules.Find(row["state_po"].ToString())!.Units.Single(u => u.Id == id);
            Assert.Equal(row["electoral_votes"].Parse<int>(), unit.ElectoralVotes);
            units++;
        }

        Assert.Equal(rules.States.Sum(s => s.Units.Length), units);
    }

    [Fact]
    public void Read_Us2024_AppliesThe2020CensusApportionment()
    {
        var rules = ReadShipped("us-2024.json");
        Assert.Equal(538, rules.TotalElectors);
        Assert.True(rules.AppliesTo(new DateOnly(2024, 11, 5)));
        Assert.True(rules.AppliesTo(new DateOnly(2028, 11, 7)));
        Assert.False(rules.AppliesTo(new DateOnly(2020, 11, 3)));
        Assert.Equal(40, rules.Find("TX")!.ElectoralVotes);
        Assert.Equal(54, rules.Find("CA")!.ElectoralVotes);
        Assert.Equal(4, rules.Find("MT")!.ElectoralVotes);
        Assert.Equal(19, rules.Find("PA")!.ElectoralVotes);
        Assert.Equal(5, rules.Find("NE")!.ElectoralVotes);
    }

    [Fact]
    public void Read_BadFile_ListsEveryProblemWithItsPath()
    {
        var result = Read("""
            {
              "name": "bad", "validFrom": "2020-01-01", "validUntil": "2019-12-31", "totalElectors": 10,
              "citations": ["x"],
              "contingentElection": { "presidentialFinalists": 3, "votingStates": 2, "vicePresidentialFinalists": 2, "citations": ["xii"] },
              "states": [
                { "state": "AA", "name": "A", "ocdId": "a", "electoralVotes": 4, "method": "winner-take-all", "counting": "plurality" },
                { "state": "BB", "name": "B", "ocdId": "b", "electoralVotes": 5, "method": "congressional-district", "counting": "plurality",
                  "atLargeElectors": 2, "districts": [ { "unit": "CD-1", "ocdId": "b/1", "electoralVotes": 2 } ] }
              ]
            }
            """);

        Assert.False(result.IsSuccess);
        var problems = result.Problems.Select(p => (p.Code, p.Path)).ToList();
        Assert.Contains((ProblemCodes.Inconsistent, "$.validUntil"), problems);
        Assert.Contains((ProblemCodes.Inconsistent, "$.states[1]"), problems);
        Assert.Contains((ProblemCodes.Inconsistent, "$.states[1].districts"), problems);
        Assert.Contains((ProblemCodes.Inconsistent, "$.states"), problems);
        Assert.All(result.Problems, p => Assert.Equal("rules.json", p.File));
    }

    [Fact]
    public void Read_MemberNamedTwice_IsMalformedAtItsPathNotTheLastOneTaken()
    {
        var shipped = File.ReadAllText(RepositoryFolder.Combine("rules", "electoral", "us-2020.json"));
        var at = shipped.IndexOf("\"electoralVotes\":", StringComparison.Ordinal);
        Assert.True(at > 0);
        var twice = shipped.Insert(at, "\"electoralVotes\": 99, ");
        var p = Assert.Single(Read(twice).Problems);
        Assert.Equal((ProblemCodes.Malformed, "$.states[0].electoralVotes", "rules.json"), (p.Code, p.Path, p.File));
        Assert.Contains("more than once", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextThatIsNotText_IsAProblemNotACrash()
    {
        // Found by MutatedInputTests: JsonDocument keeps a string's bytes as they are, and reading them as text threw.
        var shipped = File.ReadAllBytes(RepositoryFolder.Combine("rules", "electoral", "us-2020.json"));
        var name = shipped.AsSpan().IndexOf("\"name\""u8) + 9;
        var latin = shipped.ToArray();
        latin[name] = 0xE9;
        var line = 1 + shipped.AsSpan(0, name).Count((byte)'\n');
        var notUtf8 = Assert.Single(ElectoralRulesReader.Read(new MemoryStream(latin), "rules.json").Problems);
        Assert.Equal((ProblemCodes.NotUtf8, (long?)line), (notUtf8.Code, notUtf8.Line));

        var escaped = Encoding.UTF8.GetString(shipped).Replace("\"name\": \"", "\"name\": \"\\ud800", StringComparison.Ordinal);
        var lone = Assert.Single(Read(escaped).Problems);
        Assert.Equal((ProblemCodes.Malformed, "$.name"), (lone.Code, lone.Path));
    }

    [Fact]
    public void Read_MissingAndMistypedFields_AreSchemaProblems()
    {
        var result = Read("""
            { "name": "bad", "validFrom": "someday", "totalElectors": -1, "citations": [],
              "contingentElection": { "presidentialFinalists": 3, "votingStates": 50, "vicePresidentialFinalists": 2, "citations": ["xii"] },
              "states": [ { "state": "AA", "name": "A", "ocdId": "a", "electoralVotes": 3, "method": "proportional", "counting": "approval" } ] }
            """);

        var problems = result.Problems.Select(p => (p.Code, p.Path)).ToList();
        Assert.Contains((ProblemCodes.BadValue, "$.validFrom"), problems);
        Assert.Contains((ProblemCodes.Schema, "$.validUntil"), problems);
        Assert.Contains((ProblemCodes.BadCount, "$.totalElectors"), problems);
        Assert.Contains((ProblemCodes.Schema, "$.citations"), problems);
        Assert.Contains((ProblemCodes.BadValue, "$.states[0].method"), problems);
        Assert.Contains((ProblemCodes.BadValue, "$.states[0].counting"), problems);
        Assert.Equal(ProblemCodes.Malformed, Read("{ \"name\": ").Problems.Single().Code);
    }
}
