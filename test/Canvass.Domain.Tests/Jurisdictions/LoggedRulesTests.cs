using Canvass.Domain.Jurisdictions;

namespace Canvass.Domain.Tests.Jurisdictions;

/// <summary>Rules put into the log: read whole, kept as canonical text with its hash, and overlaid on the embedded book.</summary>
public sealed class LoggedRulesTests
{
    private const string Ohio = "ocd-division/country:us/state:oh";
    private const string Georgia = "ocd-division/country:us/state:ga";

    private static string OhioRules(string name = "Ohio") => $$"""
        {
          // a comment, dropped from the canonical text
          "id": "OH",   "name": "{{name}}", "ocdId": "{{Ohio}}", "timeZone": "America/New_York",
          "deadlines": [ { "name": "county-certification", "rule": { "from": "election-day", "days": 21 }, "citation": "R.C. §3505.32", "verify": true }, ],
          "recounts": [ { "automatic": true, "metric": "percent-of-total", "threshold": 0.50, "citation": "R.C. §3515.011" } ]
        }
        """;

    private static string EmbeddedGeorgia()
    {
        using var stream = typeof(RulesBook).Assembly.GetManifestResourceStream("Canvass.Domain.rules.us-ga.json")!;
        return new StreamReader(stream).ReadToEnd();
    }

    [Fact]
    public void ParseForLog_KeepsCanonicalTextWithItsHash_ThatReadsBackToTheSameRules()
    {
        var logged = RulesBook.ParseForLog("/tmp/rules/us-oh.json", OhioRules()).Value;

        Assert.Equal(Ohio, logged.OcdId);
        Assert.Equal("us-oh.json", logged.Source);
        Assert.Equal(
            """{"id":"OH","name":"Ohio","ocdId":"ocd-division/country:us/state:oh","timeZone":"America/New_York","deadlines":[{"name":"county-certification","rule":{"from":"election-day","days":21},"citation":"R.C. §3505.32","verify":true}],"recounts":[{"automatic":true,"metric":"percent-of-total","threshold":0.50,"citation":"R.C. §3515.011"}]}""",
            logged.Rules);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(logged.Rules))), logged.Sha256);
        Assert.Equal(logged with { Source = "again.json" }, RulesBook.ParseForLog("again.json", logged.Rules).Value);

        var oh = RulesBook.Default.WithLogged([logged]).Value.For(Ohio + "/county:franklin")!;
        Assert.Equal(("OH", 0.50m, "log:us-oh.json"), (oh.Id, oh.Recounts.Single().Threshold, oh.File));
        Assert.Equal(new DateOnly(2020, 11, 24), oh.Deadlines.Single().Rule.Resolve(new DateOnly(2020, 11, 3), _ => null, oh.HolidayDates));
    }

    [Fact]
    public void Parse_ProblemsFoundAfterReading_SayTheirLine()
    {
        var result = RulesBook.ParseForLog("bad.json", """
            {
              "id": "XX", "name": "X", "ocdId": "ocd-division/country:xx",
              "timeZone": "Mars/Olympus",
              "recounts": [
                { "automatic": true, "citation": "c" },
                { "automatic": true, "metric": "absolute-votes", "threshold": -1, "citation": "c" }
              ]
            }
            """);

        Assert.Equal([("$.timeZone", 3L), ("$.recounts[0].metric", 5L), ("$.recounts[1].threshold", 6L)], result.Problems.Select(p => (p.Path!, p.Line!.Value)));
        Assert.All(result.Problems, p => Assert.Equal("bad.json", p.File));
    }

    [Fact]
    public void WithLogged_TheLatestPerOcdIdReplacesTheEmbeddedOrIsAdded()
    {
        var first = RulesBook.ParseForLog("us-oh.json", OhioRules("Ohio (first)")).Value;
        var second = RulesBook.ParseForLog("us-oh.json", OhioRules("Ohio (second)")).Value;
        var georgia = RulesBook.ParseForLog("us-ga.json", EmbeddedGeorgia().Replace("\"days\": 17", "\"days\": 20", StringComparison.Ordinal)).Value;

        var book = RulesBook.Default.WithLogged([first, georgia, second]).Value;

        Assert.Equal(RulesBook.Default.Jurisdictions.Length + 1, book.Jurisdictions.Length);
        Assert.Equal("Ohio (second)", book.For(Ohio)!.Name);
        Assert.Equal(["OH", "US"], book.Chain(Ohio).Select(j => j.Id));
        Assert.Equal(["GA", "US"], book.Chain(Georgia).Select(j => j.Id));
        Assert.Equal(20, book.For(Georgia)!.Deadlines.Single(d => d.Name == "state-certification").Rule.Days);
        Assert.Equal(17, RulesBook.Default.For(Georgia)!.Deadlines.Single(d => d.Name == "state-certification").Rule.Days);
        Assert.Same(RulesBook.Default, RulesBook.Default.WithLogged([]).Value);
    }

    [Fact]
    public void WithLogged_TextNotMatchingItsHashOrOcdId_IsAFailureWithEveryProblem()
    {
        var ohio = RulesBook.ParseForLog("us-oh.json", OhioRules()).Value;
        var tampered = ohio with { Rules = ohio.Rules.Replace("0.50", "5.0", StringComparison.Ordinal) };
        var misfiled = ohio with { OcdId = Georgia };

        var result = RulesBook.Default.WithLogged([tampered, misfiled]);

        Assert.Equal(
            [("inconsistent", (string?)null), ("inconsistent", "$.ocdId")],
            result.Problems.Select(p => (p.Code, p.Path)));
    }
}
