using System.Globalization;
using System.Text.Json;
using Canvass.Audit;

namespace Canvass.Cli.Tests;

/// <summary>A hybrid (SUITE) audit through <c>canvass audit</c> on <see cref="HybridTestElection"/>, run as the real tool:
/// North County's ballots are compared with their CVRs, South County's (totals only) are tallied.</summary>
public sealed class AuditCliHybridTests : IDisposable
{
    private const string Seed = "12345678901234567890";
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly Canvass _canvass = new();

    public AuditCliHybridTests() => HybridTestElection.Commit(_canvass);

    public void Dispose() => _canvass.Dispose();

    private JsonElement Run(params string[] args) => Json.Parse(_canvass.Run([.. args, "--json"]));

    private void Record(JsonElement sample, Func<int, string>? paper = null, Func<int, bool>? notFound = null)
    {
        foreach (var (county, file) in AuditTestElection.Interpretations(_canvass, sample, paper))
        {
            if (notFound is not null)
            {
                var lines = File.ReadAllLines(file);
                File.WriteAllLines(file, [lines[0], .. lines.Skip(1).Select(l =>
                {
                    var cells = l.Split(',');
                    return notFound(AuditTestElection.Index(cells[0], int.Parse(cells[1], C))) ? $"{cells[0]},{cells[1]},,not-found," : l;
                })]);
            }

            var run = _canvass.Run("audit", "record", "--county", county, "--file", file);
            Assert.True(run.ExitCode == 0, run.ToString());
        }
    }

    private static List<(string County, string Batch, int Position, JsonElement Ballot)> Ballots(JsonElement sample) =>
        [.. sample.GetProperty("sampledBallots").EnumerateArray().Select(b => (b.GetProperty("county").GetString()!, b.GetProperty("batch").GetString()!, b.GetProperty("position").GetInt32(), b))];

    private static string[] Tickets(IEnumerable<JsonElement> ballots) =>
        [.. ballots.SelectMany(b => b.GetProperty("draws").EnumerateArray()).Select(d => d.GetProperty("ticket").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>What an observer draws from one county's published manifest with the stateless calculator.</summary>
    private string[] Observed(string manifest, int count, int from, bool withReplacement) =>
        [.. Json.Parse(_canvass.Run(false, ["rla", "sample", "--seed", Seed, "--manifest", _canvass.PathOf(manifest), "--count", count.ToString(C), "--round-from", from.ToString(C),
                .. withReplacement ? (string[])["--with-replacement"] : [], "--json"]))
            .GetProperty("draws").EnumerateArray().Select(d => d.GetProperty("ticketNumber").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>The non-CVR stratum's votes on the paper of the given South ballots (the paper follows the pattern).</summary>
    private static Dictionary<string, long> PaperVotes(IEnumerable<int> ballots, Func<int, bool>? notFound = null)
    {
        var votes = new Dictionary<string, long>(StringComparer.Ordinal) { ["cs-gov-a"] = 0, ["cs-gov-b"] = 0, ["cs-gov-c"] = 0 };
        foreach (var i in ballots.Where(i => notFound?.Invoke(i) != true))
        {
            votes[AuditTestElection.Governor(i)]++;
        }

        return votes;
    }

    /// <summary>The same one-vote overstatements for every winner–loser pair (Ada against Bo, Ada against Cy).</summary>
    private static IReadOnlyDictionary<(string, string), SuiteMisstatements> Misstatements(long o1 = 0)
    {
        var contest = HybridTestElection.Governor;
        return contest.Winners.SelectMany(w => contest.Losers.Select(l => (w.Key, l.Key))).ToDictionary(p => p, _ => new SuiteMisstatements(o1, 0, 0, 0));
    }

    [Fact]
    public void Hybrid_audit_with_clean_paper_completes_with_suites_sizes_and_risk()
    {
        var created = Run("audit", "create", "--contest", "cc-gov", "--type", "hybrid", "--risk-limit", "10");
        Assert.Equal("hybrid", created.GetProperty("auditType").GetString());
        var strata = created.GetProperty("strata").EnumerateArray().ToList();
        Assert.Equal(2, strata.Count);
        Assert.Equal(("cvr", "ru-north", 100L), (strata[0].GetProperty("stratum").GetString(), strata[0].GetProperty("counties")[0].GetString(), strata[0].GetProperty("ballots").GetInt64()));
        Assert.Equal(("non-cvr", "ru-south", 100L), (strata[1].GetProperty("stratum").GetString(), strata[1].GetProperty("counties")[0].GetString(), strata[1].GetProperty("ballots").GetInt64()));
        foreach (var (stratum, from) in new[] { (strata[0], 0), (strata[1], 100) })
        {
            var votes = stratum.GetProperty("votes").EnumerateArray().ToDictionary(v => v.GetProperty("selection").GetString()!, v => v.GetProperty("votes").GetInt64());
            Assert.Equal(HybridTestElection.Votes(from), votes);
        }

        Run("audit", "seed", "--seed", Seed);

        // Round 1's options are Arlo's suite.get_sample_size over the two strata, nothing sampled yet.
        var polling = new SuitePollingStratum(100, HybridTestElection.Votes(100), [], 0);
        var comparison = new SuiteComparisonStratum(100, HybridTestElection.Votes(0), Misstatements(), 0);
        var expected = Suite.GetSampleSize(10, HybridTestElection.Governor, polling, comparison);
        Assert.False(expected.RecountNeeded);
        var options = Run("audit", "options").GetProperty("contests")[0].GetProperty("options");
        var suite = options[0];
        Assert.Equal("suite", suite.GetProperty("id").GetString());
        Assert.Equal((expected.Cvr, expected.NonCvr, expected.Cvr + expected.NonCvr),
            (suite.GetProperty("sizeCvr").GetInt64(), suite.GetProperty("sizeNonCvr").GetInt64(), suite.GetProperty("size").GetInt64()));
        var all = options[1];
        Assert.Equal(("all-ballots", 100, 100, 200), (all.GetProperty("id").GetString(), all.GetProperty("sizeCvr").GetInt32(), all.GetProperty("sizeNonCvr").GetInt32(), all.GetProperty("size").GetInt32()));

        var sample = Run("audit", "sample");
        var ballots = Ballots(sample);
        var north = ballots.Where(b => b.County == "ru-north").ToList();
        var south = ballots.Where(b => b.County == "ru-south").ToList();
        Assert.Equal(expected.Cvr, sample.GetProperty("cvrDraws").GetInt32());
        Assert.Equal(expected.Cvr + expected.NonCvr, sample.GetProperty("draws").GetInt32());
        Assert.Equal(north.Count, sample.GetProperty("cvrsProven").GetInt32());

        // Without replacement: every non-CVR ballot once. Every CVR ballot's CVR is the one at its manifest position.
        Assert.Equal(expected.NonCvr, south.Count);
        Assert.All(south, b => Assert.Equal(1, b.Ballot.GetProperty("draws").GetArrayLength()));
        Assert.All(south, b => Assert.False(b.Ballot.TryGetProperty("ballotId", out _)));
        Assert.All(north, b => Assert.Equal($"B{AuditTestElection.Index(b.Batch, b.Position):D3}", b.Ballot.GetProperty("ballotId").GetString()));

        // An observer re-draws each stratum from its county's published manifest and the public seed: Arlo draws the CVR
        // stratum with replacement and the non-CVR stratum without, each as its own stream.
        Assert.Equal(Tickets(north.Select(b => b.Ballot)), Observed("north-manifest.csv", (int)expected.Cvr, 0, withReplacement: true));
        Assert.Equal(Tickets(south.Select(b => b.Ballot)), Observed("south-manifest.csv", (int)expected.NonCvr, 0, withReplacement: false));

        var lists = _canvass.Run("audit", "retrieval-list", "--out", _canvass.PathOf("lists"));
        Assert.True(lists.ExitCode == 0, lists.ToString());
        var southList = File.ReadAllLines(_canvass.PathOf("lists/retrieval-list-round-1-ru-south.csv"));
        Assert.Equal("Container,Tabulator,Batch Name,Ballot Number,Imprinted ID,Ticket Numbers,Already Audited,Stratum", southList[0]);
        Assert.Equal(south.Count, southList.Length - 1);
        Assert.All(southList.Skip(1), l => Assert.EndsWith(",non-CVR", l, StringComparison.Ordinal));
        Assert.All(File.ReadAllLines(_canvass.PathOf("lists/retrieval-list-round-1-ru-north.csv")).Skip(1), l => Assert.EndsWith(",CVR", l, StringComparison.Ordinal));

        Record(sample);
        var closed = Run("audit", "close-round");
        Assert.Equal("complete", closed.GetProperty("decision").GetString());
        var gov = closed.GetProperty("contests")[0];
        Assert.True(gov.GetProperty("riskLimitMet").GetBoolean());
        Assert.Equal(0, gov.GetProperty("overstatements1").GetInt32() + gov.GetProperty("overstatements2").GetInt32());

        // The measured risk is Arlo's suite.compute_risk over the same strata: no misstatements in the CVR stratum, and
        // the paper's votes in the non-CVR stratum.
        var paper = PaperVotes(south.Select(b => AuditTestElection.Index(b.Batch, b.Position)));
        var risk = Suite.ComputeRisk(10, HybridTestElection.Governor,
            polling with { Sample = [paper], SampleSize = expected.NonCvr },
            comparison with { SampleSize = expected.Cvr });
        Assert.True(risk.Finished);
        Assert.Equal(risk.PValue.ToString("R", C), gov.GetProperty("pValue").GetString());
        Assert.Equal(paper, gov.GetProperty("sampleVotes").EnumerateArray().ToDictionary(v => v.GetProperty("selection").GetString()!, v => v.GetProperty("votes").GetInt64()));

        var status = Run("audit", "status");
        Assert.Equal("complete", status.GetProperty("status").GetString());
        Assert.Equal([expected.Cvr], status.GetProperty("strata")[0].GetProperty("drawsByRound").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal([expected.NonCvr], status.GetProperty("strata")[1].GetProperty("drawsByRound").EnumerateArray().Select(d => d.GetInt64()));
        var text = _canvass.Run("audit", "status");
        Assert.Contains("cc-gov non-cvr stratum (without replacement, tallied): 100 ballots in ru-south", text.Stdout, StringComparison.Ordinal);

        var finality = Run("finality", "--contest", "cc-gov", "--policy", "audit_passed");
        Assert.True(finality[0].GetProperty("final").GetBoolean(), finality.ToString());

        var report = _canvass.Run("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.True(report.ExitCode == 0, report.ToString());
        var csv = File.ReadAllText(_canvass.PathOf("report/audit-report.csv"));
        Assert.Contains("######## HYBRID STRATA ########", csv, StringComparison.Ordinal);
        Assert.Contains(",hybrid,SUITE,10%,", csv, StringComparison.Ordinal);
        Assert.Contains(string.Create(C, $"Governor,non-cvr,without replacement (tallied),ru-south,100,cs-gov-a: 70; cs-gov-b: 25; cs-gov-c: 5,1,{expected.NonCvr},{expected.NonCvr},"), csv, StringComparison.Ordinal);
        Assert.Contains(string.Create(C, $"Governor,cvr,with replacement (compared with CVRs),ru-north,100,cs-gov-a: 70; cs-gov-b: 25; cs-gov-c: 5,1,{expected.Cvr},{expected.Cvr},\"o1 0, o2 0, u1 0, u2 0\""), csv, StringComparison.Ordinal);
        Assert.Contains("<h2>HYBRID STRATA</h2>", File.ReadAllText(_canvass.PathOf("report/audit-report.html")), StringComparison.Ordinal);

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 manifest commitment re-derived; 1 audit round re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_SuiteRiskALastBitApart_PassesButNotFurther(bool lastBit)
    {
        // SUITE's risk goes through the platform's logarithm and exponential, so a log closed on another operating system
        // may differ in the last bit; verify allows that much (1e-9 relative), not a risk that was changed.
        Run("audit", "create", "--contest", "cc-gov", "--type", "hybrid", "--risk-limit", "5");
        Run("audit", "seed", "--seed", Seed);
        Record(Run("audit", "sample", "--size", "6+30"));
        var honest = await Tamper.ClosingOfACopyAsync(_canvass);
        var risk = double.Parse(honest.Contests[0].PValue, C);
        var logged = (lastBit ? Math.BitIncrement(risk) : risk * (1 + 1e-6)).ToString("R", C);
        Assert.NotEqual(honest.Contests[0].PValue, logged);
        await Tamper.AppendSignedAsync(_canvass.Store, honest with { Contests = honest.Contests.SetItem(0, honest.Contests[0] with { PValue = logged }) });

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        if (lastBit)
        {
            Assert.True(verify.ExitCode == 0, verify.ToString());
            Assert.Contains("1 closed round measured again as close-round measures them and matched", verify.Stdout, StringComparison.Ordinal);
            return;
        }

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("round 1's measurement of cc-gov is not what close-round measures from the log: ", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains($"risk {logged} (", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Overstatement_and_lost_ballot_send_the_audit_to_a_second_round_that_continues_both_streams()
    {
        Run("audit", "create", "--contest", "cc-gov", "--type", "hybrid", "--risk-limit", "5");
        Run("audit", "seed", "--seed", Seed);
        var first = Run("audit", "sample", "--size", "6+30");
        var north = Ballots(first).Where(b => b.County == "ru-north").ToList();
        var south = Ballots(first).Where(b => b.County == "ru-south").Select(b => AuditTestElection.Index(b.Batch, b.Position)).ToList();
        Assert.Equal(6, first.GetProperty("cvrDraws").GetInt32());
        Assert.Equal(30, south.Count);

        // The first North ballot whose CVR says Ada is blank on paper (a one-vote overstatement of Ada over Bo and over
        // Cy), and the first South ballot cannot be found: it counts in the sample but for no one, as in Arlo.
        var overstated = north.Select(b => AuditTestElection.Index(b.Batch, b.Position)).Where(i => AuditTestElection.Governor(i) == "cs-gov-a").Min();
        var lost = south[0];
        string Paper(int i) => i == overstated ? "" : AuditTestElection.Governor(i);
        Record(first, Paper, i => i == lost);
        var closed = Run("audit", "close-round");
        Assert.Equal("next-round", closed.GetProperty("decision").GetString());
        var gov = closed.GetProperty("contests")[0];
        Assert.Equal(north.Single(b => AuditTestElection.Index(b.Batch, b.Position) == overstated).Ballot.GetProperty("draws").GetArrayLength(),
            gov.GetProperty("overstatements1").GetInt32());

        // SUITE's misstatements: per winner–loser pair, the overstated ballot once (whatever its draws).
        var contest = HybridTestElection.Governor;
        var paper1 = PaperVotes(south, i => i == lost);
        var polling = new SuitePollingStratum(100, HybridTestElection.Votes(100), [paper1], 30);
        var comparison = new SuiteComparisonStratum(100, HybridTestElection.Votes(0), Misstatements(o1: 1), 6);
        var risk = Suite.ComputeRisk(5, contest, polling, comparison);
        Assert.False(risk.Finished);
        Assert.Equal(risk.PValue.ToString("R", C), gov.GetProperty("pValue").GetString());
        Assert.Equal(paper1, gov.GetProperty("sampleVotes").EnumerateArray().ToDictionary(v => v.GetProperty("selection").GetString()!, v => v.GetProperty("votes").GetInt64()));

        // Round 2's option continues SUITE's search from what was seen (Arlo draws its size as new ballots).
        var expected = Suite.GetSampleSize(5, contest, polling, comparison);
        Assert.False(expected.RecountNeeded);
        var suite = Run("audit", "options").GetProperty("contests")[0].GetProperty("options")[0];
        Assert.Equal(("suite", expected.Cvr, expected.NonCvr), (suite.GetProperty("id").GetString(), suite.GetProperty("sizeCvr").GetInt64(), suite.GetProperty("sizeNonCvr").GetInt64()));

        // A custom size counts what each stratum has left: 6 CVR draws and 30 non-CVR ballots are already taken.
        var tooMany = _canvass.Run("audit", "sample", "--size", "95+71");
        CliAssert.Failed(tooMany, 2, "95 CVR-stratum draws is more than the stratum's 100 ballots less the 6 draws made so far.");
        Assert.Contains("71 non-CVR-stratum draws is more than the stratum's 70 ballots not yet drawn", tooMany.Stderr, StringComparison.Ordinal);

        // Round 2 continues each stratum's ticket stream past round 1's draws.
        var second = Run("audit", "sample");
        Assert.Equal(2, second.GetProperty("round").GetInt32());
        var north2 = Ballots(second).Where(b => b.County == "ru-north").ToList();
        var south2 = Ballots(second).Where(b => b.County == "ru-south").Select(b => AuditTestElection.Index(b.Batch, b.Position)).ToList();
        Assert.Equal(Tickets(north2.Select(b => b.Ballot)), Observed("north-manifest.csv", (int)expected.Cvr, 6, withReplacement: true));
        Assert.Equal(Tickets(Ballots(second).Where(b => b.County == "ru-south").Select(b => b.Ballot)), Observed("south-manifest.csv", (int)expected.NonCvr, 30, withReplacement: false));
        Assert.Empty(south2.Intersect(south));

        // Round 2 is measured over both rounds: the CVR stratum's draws add up, the overstated ballot still counts once,
        // and the non-CVR sample holds both rounds' tallies.
        Record(second, Paper);
        var gov2 = Run("audit", "close-round").GetProperty("contests")[0];
        var paper2 = PaperVotes(south2);
        var risk2 = Suite.ComputeRisk(5, contest,
            polling with { Sample = [paper1, paper2], SampleSize = 30 + expected.NonCvr },
            comparison with { SampleSize = 6 + expected.Cvr });
        Assert.Equal(risk2.PValue.ToString("R", C), gov2.GetProperty("pValue").GetString());
        Assert.Equal(risk2.Finished, gov2.GetProperty("riskLimitMet").GetBoolean());
        Assert.Equal(36 + expected.Cvr + expected.NonCvr, gov2.GetProperty("draws").GetInt64());

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("2 audit rounds re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }
}
