using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary>An auditor's path through <c>canvass audit</c> on <see cref="AuditTestElection"/>, run as the real tool.</summary>
public sealed class AuditCliEndToEndTests : IDisposable
{

    private const string Seed = "12345678901234567890";
    private readonly Canvass _canvass = new();

    public AuditCliEndToEndTests() => AuditTestElection.Commit(_canvass);

    public void Dispose() => _canvass.Dispose();

    private JsonElement Run(params string[] args) => Json.Parse(_canvass.Run([.. args, "--json"]));

    private void Record(JsonElement sample, Func<int, string>? paper = null) => AuditTestElection.Record(_canvass, sample, paper);

    [Fact]
    public void Comparison_audit_with_clean_paper_completes_in_one_round_and_every_cvr_is_proven()
    {
        Run("audit", "create", "--contest", "cc-gov", "--type", "ballot-comparison", "--risk-limit", "10");
        Assert.Equal("seeded", Run("audit", "seed", "--seed", Seed).GetProperty("status").GetString());

        var options = Run("audit", "options");
        var option = options.GetProperty("contests")[0].GetProperty("options")[0];
        Assert.Equal("supersimple", option.GetProperty("id").GetString());

        // Diluted margin (140 − 50)/200 = 0.45: n = ceil(−2γ(ln 0.1 + ...)/0.45) with the default 0.001/0.0001 rates.
        var size = option.GetProperty("size").GetInt32();
        Assert.InRange(size, 10, 13);

        var sample = Run("audit", "sample");
        Assert.Equal(size, sample.GetProperty("draws").GetInt32());
        Assert.Equal(sample.GetProperty("ballots").GetInt32(), sample.GetProperty("cvrsProven").GetInt32());

        // Every sampled ballot's CVR is the one at its manifest position.
        foreach (var b in sample.GetProperty("sampledBallots").EnumerateArray())
        {
            var i = AuditTestElection.Index(b.GetProperty("batch").GetString()!, b.GetProperty("position").GetInt32());
            Assert.Equal($"B{i:D3}", b.GetProperty("ballotId").GetString());
            Assert.Equal(AuditTestElection.County(i), b.GetProperty("county").GetString());
        }

        var lists = _canvass.Run("audit", "retrieval-list", "--out", _canvass.PathOf("lists"));
        Assert.True(lists.ExitCode == 0, lists.ToString());
        var files = Directory.GetFiles(_canvass.PathOf("lists"));
        Assert.NotEmpty(files);
        Assert.StartsWith("Container,Tabulator,Batch Name,Ballot Number,Imprinted ID,Ticket Numbers,Already Audited", File.ReadAllText(files[0]), StringComparison.Ordinal);

        Record(sample);
        var closed = Run("audit", "close-round");
        Assert.Equal("complete", closed.GetProperty("decision").GetString());
        var gov = closed.GetProperty("contests")[0];
        Assert.True(gov.GetProperty("riskLimitMet").GetBoolean());
        Assert.Equal(0, gov.GetProperty("overstatements1").GetInt32());

        // Clean paper: p = (1 − m/(2γ))^n.
        var expected = Math.Pow(1 - (0.45 / (2 * 1.03905)), size);
        Assert.Equal(expected, gov.GetProperty("pValue").GetString()!.AsDouble(), 12);

        Assert.Equal("complete", Run("audit", "status").GetProperty("status").GetString());

        // The completed audit is a fact finality policies read: audit_passed now holds for the Governor.
        var finality = Run("finality", "--contest", "cc-gov", "--policy", "audit_passed");
        Assert.True(finality[0].GetProperty("final").GetBoolean(), finality.ToString());
        var report = _canvass.Run("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.True(report.ExitCode == 0, report.ToString());
        var csv = File.ReadAllText(_canvass.PathOf("report/audit-report.csv"));
        foreach (var section in new[] { "ELECTION INFO", "CONTESTS", "AUDIT SETTINGS", "ROUNDS", "SAMPLED BALLOTS" })
        {
            Assert.Contains($"######## {section} ########", csv, StringComparison.Ordinal);
        }

        Assert.Contains("<h1>Risk-limiting audit", File.ReadAllText(_canvass.PathOf("report/audit-report.html")), StringComparison.Ordinal);

        // The audit's events are leaves of the log like every other fact: the log still verifies.
        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 manifest commitment re-derived; 1 audit round re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Overstatements_escalate_to_a_second_round_that_continues_the_ticket_stream()
    {
        Run("audit", "create", "--contest", "cc-gov", "--opportunistic", "bm-1", "--type", "ballot-comparison", "--risk-limit", "5");
        Run("audit", "seed", "--seed", Seed);
        var first = Run("audit", "sample", "--size", "8");

        // The paper of every sampled ballot shows Bo where the CVR shows Ada: a two-vote overstatement.
        Record(first, i => AuditTestElection.Governor(i) == "cs-gov-a" ? "cs-gov-b" : AuditTestElection.Governor(i));
        var closed = Run("audit", "close-round");
        Assert.Equal("next-round", closed.GetProperty("decision").GetString());
        Assert.True(closed.GetProperty("contests")[0].GetProperty("overstatements2").GetInt32() > 0);

        var second = Run("audit", "sample", "--size", "4");
        Assert.Equal(2, second.GetProperty("round").GetInt32());

        // An observer with only the published manifest and the public seed draws the same two rounds with the stateless
        // calculator: round 1 is the first 8 draws, round 2 the next 4.
        static string[] Tickets(JsonElement sample) =>
            [.. sample.GetProperty("sampledBallots").EnumerateArray().SelectMany(b => b.GetProperty("draws").EnumerateArray()).Select(d => d.GetProperty("ticket").GetString()!).Order(StringComparer.Ordinal)];
        string[] Observed(int count, int from) =>
            [.. Json.Parse(_canvass.Run(false, "rla", "sample", "--seed", Seed, "--manifest", _canvass.PathOf("manifest.csv"), "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--round-from", from.ToString(System.Globalization.CultureInfo.InvariantCulture), "--with-replacement", "--json"))
                .GetProperty("draws").EnumerateArray().Select(d => d.GetProperty("ticketNumber").GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(Tickets(first), Observed(8, 0));
        Assert.Equal(Tickets(second), Observed(4, 8));

        // Round 2's tickets all sort after round 1's: one stream, continued.
        var last = first.GetProperty("sampledBallots").EnumerateArray().SelectMany(b => b.GetProperty("draws").EnumerateArray()).Select(d => d.GetProperty("ticket").GetString()!).Max(StringComparer.Ordinal)!;
        foreach (var d in second.GetProperty("sampledBallots").EnumerateArray().SelectMany(b => b.GetProperty("draws").EnumerateArray()))
        {
            Assert.True(string.CompareOrdinal(d.GetProperty("ticket").GetString(), last) >= 0);
        }
    }

    [Fact]
    public void Polling_audit_measures_bravo_risk_from_the_paper()
    {
        Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var asn = Run("audit", "options").GetProperty("contests")[0].GetProperty("options")[0];
        Assert.Equal("asn", asn.GetProperty("id").GetString());
        var sample = Run("audit", "sample", "--size", "40");
        Record(sample);
        var gov = Run("audit", "close-round").GetProperty("contests")[0];
        Assert.Equal(40, gov.GetProperty("draws").GetInt64());
        var votes = gov.GetProperty("sampleVotes").EnumerateArray().ToDictionary(v => v.GetProperty("selection").GetString()!, v => v.GetProperty("votes").GetInt64());
        Assert.Equal(40, votes.Values.Sum());

        // BRAVO, Ada against Bo: T = (2·140/190)^a (2·50/190)^b; Bo against Cy is not a pair (both lose).
        var sw = 140.0 / 190;
        var tb = Math.Pow(2 * sw, votes["cs-gov-a"]) * Math.Pow(2 * (1 - sw), votes["cs-gov-b"]);
        var sc = 140.0 / 150;
        var tc = Math.Pow(2 * sc, votes["cs-gov-a"]) * Math.Pow(2 * (1 - sc), votes["cs-gov-c"]);
        Assert.Equal(Math.Max(Math.Min(1, 1 / tb), Math.Min(1, 1 / tc)), gov.GetProperty("pValue").GetString()!.AsDouble(), 9);
    }
}

internal static class DoubleText
{
    public static double AsDouble(this string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
