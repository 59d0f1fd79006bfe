using System.Globalization;
using System.Text;
using System.Text.Json;
using static Canvass.Cli.Tests.HandCountJson;

namespace Canvass.Cli.Tests;

/// <summary>A full hand tally entered ballot by ballot (<c>--per-ballot</c>, and what older logs hold) through
/// <c>canvass audit</c> on <see cref="AuditTestElection"/> (Ada 140, Bo 50, Cy 10 of 200 ballots), run as the real tool:
/// <c>all-ballots --per-ballot</c> lists every ballot once and the hand count is the result. The default, a tally sheet
/// per batch, is <see cref="AuditCliTallySheetTests"/>.</summary>
public sealed class AuditCliFullHandTallyTests : IDisposable
{
    private const string Seed = "12345678901234567890";
    private readonly Canvass _canvass = new();

    public AuditCliFullHandTallyTests() => AuditTestElection.Commit(_canvass);

    public void Dispose() => _canvass.Dispose();

    private JsonElement Run(params string[] args) => Json.Parse(_canvass.Run([.. args, "--json"]));

    private void Record(JsonElement sample, Func<int, string>? paper = null, Func<JsonElement, bool>? only = null) =>
        AuditTestElection.Record(_canvass, sample, paper, only);

    /// <summary>Creates a polling audit of the Governor, draws the full hand tally and records the paper; returns the
    /// closing run.</summary>
    private CliRun HandCount(Func<int, string>? paper)
    {
        Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        Record(Run("audit", "sample", "--option", "all-ballots", "--per-ballot"), paper);
        return _canvass.Run("audit", "close-round", "--json");
    }

    private bool AuditPassed() => HandCountJson.AuditPassed(_canvass);

    [Fact]
    public void All_ballots_lists_every_ballot_once_and_a_hand_count_that_matches_confirms_the_outcome()
    {
        Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var option = Run("audit", "options").GetProperty("contests")[0].GetProperty("options").EnumerateArray().Single(o => o.GetProperty("id").GetString() == "all-ballots");
        Assert.Equal(AuditTestElection.Ballots, option.GetProperty("size").GetInt32());

        var sample = Run("audit", "sample", "--option", "all-ballots", "--per-ballot");
        var ballots = sample.GetProperty("sampledBallots").EnumerateArray().ToList();
        Assert.Equal(AuditTestElection.Ballots, sample.GetProperty("ballots").GetInt32());
        Assert.Equal(AuditTestElection.Ballots, sample.GetProperty("draws").GetInt32());
        Assert.Equal(AuditTestElection.Ballots, ballots.Select(b => AuditTestElection.Index(b.GetProperty("batch").GetString()!, b.GetProperty("position").GetInt32())).Distinct().Count());
        Assert.All(ballots, b => Assert.Equal(1, Assert.Single(b.GetProperty("draws").EnumerateArray()).GetProperty("generation").GetInt32()));
        var size = Assert.Single(sample.GetProperty("sizes").EnumerateArray());
        Assert.Equal(("full-hand-tally", AuditTestElection.Ballots), (size.GetProperty("option").GetString(), size.GetProperty("size").GetInt32()));

        // An observer draws the same tickets without replacement from the published manifest and the public seed.
        var observed = Json.Parse(_canvass.Run(false, "rla", "sample", "--seed", Seed, "--manifest", _canvass.PathOf("manifest.csv"),
            "--count", AuditTestElection.Ballots.ToString(CultureInfo.InvariantCulture), "--json")).GetProperty("draws").EnumerateArray().Select(d => d.GetProperty("ticketNumber").GetString()!);
        Assert.Equal(observed.Order(StringComparer.Ordinal), ballots.Select(b => b.GetProperty("draws")[0].GetProperty("ticket").GetString()!).Order(StringComparer.Ordinal));

        Record(sample);
        var gov = Closed(_canvass.Run("audit", "close-round", "--json"), 0);
        var hand = gov.GetProperty("handCount");
        Assert.Equal("confirmed", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-gov-a"], Strings(hand.GetProperty("winners")));
        Assert.Equal((140L, 50L, 10L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"], Votes(gov)["cs-gov-c"]));
        Assert.True(gov.GetProperty("riskLimitMet").GetBoolean());

        Assert.Equal("full-hand-count-complete", Run("audit", "status").GetProperty("status").GetString());
        Assert.True(AuditPassed());
        Assert.Equal(2, _canvass.Run("audit", "sample", "--json").ExitCode);

        var report = _canvass.Run("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("######## FULL HAND TALLY ########", File.ReadAllText(_canvass.PathOf("report/audit-report.csv")), StringComparison.Ordinal);

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 audit round re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hand_count_that_flips_the_winner_says_the_reported_outcome_is_wrong()
    {
        // North County's paper shows Bo on every ballot counted for Ada: Ada 70, Bo 120.
        var gov = Closed(HandCount(i => i < 100 && AuditTestElection.Governor(i) == "cs-gov-a" ? "cs-gov-b" : AuditTestElection.Governor(i)), 1);
        var hand = gov.GetProperty("handCount");
        Assert.Equal("incorrect", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-gov-b"], Strings(hand.GetProperty("winners")));
        Assert.Equal(["cs-gov-a"], Strings(hand.GetProperty("reportedWinners")));
        Assert.Equal((70L, 120L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"]));
        Assert.False(gov.GetProperty("riskLimitMet").GetBoolean());
        Assert.False(AuditPassed());

        var status = _canvass.Run("audit", "status");
        Assert.Contains("cc-gov: full hand count incorrect: cs-gov-a 70, cs-gov-b 120, cs-gov-c 10", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tied_hand_count_is_reported_as_a_tie()
    {
        // The first 45 ballots counted for Ada show Bo: Ada 95, Bo 95.
        var flipped = Enumerable.Range(0, AuditTestElection.Ballots).Where(i => AuditTestElection.Governor(i) == "cs-gov-a").Take(45).ToHashSet();
        var gov = Closed(HandCount(i => flipped.Contains(i) ? "cs-gov-b" : AuditTestElection.Governor(i)), 1);
        var hand = gov.GetProperty("handCount");
        Assert.Equal("tie", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-gov-a", "cs-gov-b"], Strings(hand.GetProperty("tied")));
        Assert.Empty(Strings(hand.GetProperty("winners")));
        Assert.False(AuditPassed());
    }

    [Fact]
    public void A_size_reaching_the_ballots_not_yet_drawn_is_a_full_hand_tally_that_keeps_earlier_readings()
    {
        // Arlo calls a comparison sample whose draws reach the ballots a full hand count; drawn with replacement, dozens of
        // ballots would never be seen. Canvass makes that round count every ballot once instead.
        Run("audit", "create", "--contest", "cc-gov", "--type", "ballot-comparison", "--risk-limit", "5");
        Run("audit", "seed", "--seed", Seed);
        static string Overstated(int i) => AuditTestElection.Governor(i) == "cs-gov-a" ? "cs-gov-b" : AuditTestElection.Governor(i);
        var first = Run("audit", "sample", "--size", "8");
        Record(first, Overstated);
        Assert.Equal("next-round", Run("audit", "close-round").GetProperty("decision").GetString());

        var all = Run("audit", "sample", "--size", (AuditTestElection.Ballots - 8).ToString(CultureInfo.InvariantCulture), "--per-ballot");
        Assert.Equal(AuditTestElection.Ballots, all.GetProperty("ballots").GetInt32());
        Assert.Equal(AuditTestElection.Ballots, all.GetProperty("cvrsProven").GetInt32());

        // The boards enter only the ballots not audited in round 1; the others keep their round-1 reading.
        var audited = first.GetProperty("sampledBallots").EnumerateArray().Select(b => (b.GetProperty("batch").GetString(), b.GetProperty("position").GetInt32())).ToHashSet();
        Record(all, Overstated, b => !audited.Contains((b.GetProperty("batch").GetString(), b.GetProperty("position").GetInt32())));
        var gov = Closed(_canvass.Run("audit", "close-round", "--json"), 1);
        Assert.Equal("incorrect", gov.GetProperty("handCount").GetProperty("outcome").GetString());
        Assert.Equal((0L, 190L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"]));

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("2 audit rounds re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_hand_tally_of_one_of_two_targeted_contests_is_refused()
    {
        Run("audit", "create", "--contest", "cc-gov", "--contest", "bm-1", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var problems = await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "sample", "--option", "all-ballots");
        Assert.Equal(2, problems.Length);
        Assert.All(problems, p => Assert.Contains("this audit targets 2 (cc-gov, bm-1); as in Arlo, only an audit with one targeted contest may take it", p.GetProperty("message").GetString(), StringComparison.Ordinal));

        var custom = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "sample", "--size", "cc-gov=200", "--size", "bm-1=10"));
        Assert.Equal("--size", custom.GetProperty("path").GetString());
        Assert.Equal("seeded", Run("audit", "status").GetProperty("status").GetString());
    }

    /// <summary>District 1 is reported tied (Pat 100, Quinn 100: ballot i votes Pat when i is even). The paper shows what the
    /// CVR says, except where <paramref name="paper"/> says otherwise.</summary>
    private static CliRun TiedDistrictHandCount(Canvass canvass, Func<int, string?>? paper, string type)
    {
        JsonElement Run(params string[] args) => Json.Parse(canvass.Run([.. args, "--json"]));
        Run("audit", "create", "--contest", "cc-d1", "--type", type, "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var options = Run("audit", "options").GetProperty("contests")[0].GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(("all-ballots", AuditTestElection.Ballots), (Assert.Single(options).GetProperty("id").GetString(), options[0].GetProperty("size").GetInt32()));

        // With no option named, the sample takes the only one.
        var sample = Run("audit", "sample", "--per-ballot");
        Assert.Equal(AuditTestElection.Ballots, sample.GetProperty("ballots").GetInt32());
        var files = new Dictionary<string, StringBuilder>();
        foreach (var b in sample.GetProperty("sampledBallots").EnumerateArray())
        {
            var county = b.GetProperty("county").GetString()!;
            var (batch, position) = (b.GetProperty("batch").GetString()!, b.GetProperty("position").GetInt32());
            var i = AuditTestElection.Index(batch, position);
            if (!files.TryGetValue(county, out var sb))
            {
                files[county] = sb = new StringBuilder("Batch Name,Ballot Number,Contest,Interpretation,Choices\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"{batch},{position},cc-d1,vote,{paper?.Invoke(i) ?? (i % 2 == 0 ? "cs-d1-p" : "cs-d1-q")}\n");
        }

        foreach (var (county, sb) in files)
        {
            var record = canvass.Run("audit", "record", "--county", county, "--file", canvass.Write($"d1-{county}.csv", sb.ToString()));
            Assert.True(record.ExitCode == 0, record.ToString());
        }

        return canvass.Run("audit", "close-round", "--json");
    }

    [Theory]
    [InlineData("ballot-polling")]
    [InlineData("ballot-comparison")]
    public async Task A_reported_tie_is_audited_by_a_full_hand_tally_only_and_the_count_settles_it(string type)
    {
        // Refused before: "only a full hand count can settle it", but no audit could count it.
        using var tied = new Canvass();
        AuditTestElection.Commit(tied, district: true);
        using (var refused = new Canvass())
        {
            AuditTestElection.Commit(refused, district: true);
            Assert.Equal(0, refused.Run("audit", "create", "--contest", "cc-d1", "--type", type, "--risk-limit", "10").ExitCode);
            refused.Run("audit", "seed", "--seed", Seed);
            var problem = Assert.Single(await StoreProbe.RefusedProblemsAsync(refused, "audit", "sample", "--size", "20"));
            Assert.Contains("Contest cc-d1 is tied in the reported count", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // The paper shows one ballot for Quinn that the CVR gave Pat (ballot 0): Quinn wins by two.
        var d1 = Closed(TiedDistrictHandCount(tied, i => i == 0 ? "cs-d1-q" : null, type), 1);
        var hand = d1.GetProperty("handCount");
        Assert.Equal("incorrect", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-d1-q"], Strings(hand.GetProperty("winners")));
        Assert.Empty(Strings(hand.GetProperty("reportedWinners")));
        Assert.Equal((99L, 101L), (Votes(d1)["cs-d1-p"], Votes(d1)["cs-d1-q"]));
    }

    [Fact]
    public void A_reported_tie_the_paper_confirms_stays_a_tie_for_the_law_to_settle()
    {
        using var tied = new Canvass();
        AuditTestElection.Commit(tied, district: true);
        var hand = Closed(TiedDistrictHandCount(tied, null, "ballot-polling"), 1).GetProperty("handCount");
        Assert.Equal("tie", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-d1-p", "cs-d1-q"], Strings(hand.GetProperty("tied")));
    }

    [Fact]
    public async Task A_reported_tie_next_to_another_targeted_contest_is_refused_at_create()
    {
        using var tied = new Canvass();
        AuditTestElection.Commit(tied, district: true);
        var problem = Assert.Single(await StoreProbe.RefusedProblemsAsync(tied, "audit", "create", "--contest", "cc-gov", "--contest", "cc-d1", "--risk-limit", "10"));
        Assert.Contains("Contest cc-d1 cannot be audited: it is tied", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("only as the one targeted contest", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
