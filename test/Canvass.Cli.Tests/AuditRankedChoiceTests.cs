using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Canvass.Audit.Shangrla;
using Canvass.Audit.Workflow;
using Canvass.Cli.Verification;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;

namespace Canvass.Cli.Tests;

/// <summary>
/// A ranked-choice (IRV) contest audited end to end through <c>canvass audit</c> with RAIRE assertions, on a 200-ballot
/// election in one county (four batches of 50).
/// </summary>
/// <remarks>
/// Mayor, ballot i by i mod 20: 0–4 Ann&gt;Ben&gt;Cal, 5–9 Ann, 10–12 Ben&gt;Ann, 13–15 Ben, 16–17 Cal&gt;Ann, 18–19
/// Cal&gt;Ben. First choices Ann 100, Ben 60, Cal 40: no majority; Cal is eliminated and Ann wins 120–80. Council elects two
/// (STV); Tie splits 100–100.
/// </remarks>
public sealed class AuditRankedChoiceTests : IDisposable
{
    private const string Seed = "27182818284590452353";
    private const int Ballots = 200;
    private static readonly string[] Mayor = ["cs-m-ann", "cs-m-ben", "cs-m-cal"];
    private readonly Canvass _canvass = new();

    public AuditRankedChoiceTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass, Definition, "rcv-audit.json")).ExitCode);
        var cvr = _canvass.Run("import", "cvr", _canvass.Write("rcv-cvrs.csv", Cvrs()));
        Assert.True(cvr.ExitCode == 0, cvr.ToString());
        var manifest = _canvass.Run("import", "manifest", _canvass.Write("rcv-manifest.csv", Manifest));
        Assert.True(manifest.ExitCode == 0, manifest.ToString());
    }

    public void Dispose() => _canvass.Dispose();

    internal const string Manifest = """
        Jurisdiction,Container,Batch Name,Number of Ballots
        Rank City,Box 1,b0,50
        Rank City,Box 1,b1,50
        Rank City,Box 2,b2,50
        Rank City,Box 2,b3,50

        """;

    internal static string MayorRanking(int i) => (i % 20) switch
    {
        < 5 => "cs-m-ann>cs-m-ben>cs-m-cal",
        < 10 => "cs-m-ann",
        < 13 => "cs-m-ben>cs-m-ann",
        < 16 => "cs-m-ben",
        < 18 => "cs-m-cal>cs-m-ann",
        _ => "cs-m-cal>cs-m-ben",
    };

    /// <summary>A second IRV contest, with a clear winner: Dee first on two ballots in three, Eve first otherwise.</summary>
    private static string JudgeRanking(int i) => i % 3 == 0 ? "cs-j-eve>cs-j-dee" : "cs-j-dee>cs-j-eve";

    internal static string Cvrs()
    {
        var sb = new StringBuilder("ballot_id,county,precinct,batch,vote_method,cc-mayor,cc-council,cc-tie,cc-clerk,cc-judge\n");
        for (var i = 0; i < Ballots; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"M{i:D3},ru-c,ru-p1,b{i / 50},election-day,{MayorRanking(i)},cs-c-x>cs-c-y>cs-c-z,{(i % 2 == 0 ? "cs-t-p" : "cs-t-q")},{Clerk(i)},{JudgeRanking(i)}\n");
        }

        return sb.ToString();
    }

    private static string Clerk(int i) => i % 4 == 0 ? "cs-k-b" : "cs-k-a";

    internal static int Index(JsonElement ballot) =>
        (int.Parse(ballot.GetProperty("batch").GetString()!.AsSpan(1), CultureInfo.InvariantCulture) * 50) + ballot.GetProperty("position").GetInt32() - 1;

    internal static ElectionDefinition Definition { get; } = Build();

    private static ElectionDefinition Build()
    {
        ImmutableArray<GpUnit> units = [TestElection.Unit("ru-c", "Rank City", "county", "ru-p1"), TestElection.Unit("ru-p1", "Ward 1", "precinct")];
        ImmutableArray<Candidate> candidates =
        [
            new(new CandidateId("can-ann"), "Ann"), new(new CandidateId("can-ben"), "Ben"), new(new CandidateId("can-cal"), "Cal"),
            new(new CandidateId("can-x"), "Xi"), new(new CandidateId("can-y"), "Yu"), new(new CandidateId("can-z"), "Zoe"),
            new(new CandidateId("can-p"), "Pat"), new(new CandidateId("can-q"), "Quinn"),
            new(new CandidateId("can-ka"), "Kay"), new(new CandidateId("can-kb"), "Lee"),
            new(new CandidateId("can-dee"), "Dee"), new(new CandidateId("can-eve"), "Eve"),
        ];
        ImmutableArray<Contest> contests =
        [
            new(new ContestId("cc-mayor"), "Mayor", ContestKind.Candidate, new GpUnitId("ru-c"), 1, 1, VoteVariation.Rcv,
                [TestElection.Sel("cs-m-ann", "Ann", "can-ann"), TestElection.Sel("cs-m-ben", "Ben", "can-ben"), TestElection.Sel("cs-m-cal", "Cal", "can-cal")]),
            new(new ContestId("cc-council"), "Council", ContestKind.Candidate, new GpUnitId("ru-c"), 2, 2, VoteVariation.Rcv,
                [TestElection.Sel("cs-c-x", "Xi", "can-x"), TestElection.Sel("cs-c-y", "Yu", "can-y"), TestElection.Sel("cs-c-z", "Zoe", "can-z")]),
            new(new ContestId("cc-tie"), "Tie", ContestKind.Candidate, new GpUnitId("ru-c"), 1, 1, VoteVariation.Rcv,
                [TestElection.Sel("cs-t-p", "Pat", "can-p"), TestElection.Sel("cs-t-q", "Quinn", "can-q")]),
            new(new ContestId("cc-clerk"), "Clerk", ContestKind.Candidate, new GpUnitId("ru-c"), 1, 1, VoteVariation.Plurality,
                [TestElection.Sel("cs-k-a", "Kay", "can-ka"), TestElection.Sel("cs-k-b", "Lee", "can-kb")]),
            new(new ContestId("cc-judge"), "Judge", ContestKind.Candidate, new GpUnitId("ru-c"), 1, 1, VoteVariation.Rcv,
                [TestElection.Sel("cs-j-dee", "Dee", "can-dee"), TestElection.Sel("cs-j-eve", "Eve", "can-eve")]),
        ];
        return new ElectionDefinition("Rank City Audit", new GpUnitId("ru-c"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3),
            "general", "Rank City Clerk", "TS", units, [], [], candidates, contests, []);
    }

    private JsonElement Run(params string[] args)
    {
        var run = _canvass.Run([.. args, "--json"]);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        return Json.Parse(run);
    }

    /// <summary>The assertions RAIRE generates directly on the same 200 rankings.</summary>
    private static RaireResult Expected() =>
        Raire.Generate("cc-mayor", Mayor, "cs-m-ann", Enumerable.Range(0, Ballots).Select(i => (IReadOnlyList<string>)MayorRanking(i).Split('>')));

    private static string Key(Assertion a) => a.Assorter switch
    {
        NebAssorter neb => $"NEB {neb.Winner} {neb.Loser} [] {a.Margin.ToString("R", CultureInfo.InvariantCulture)}",
        NenAssorter nen => $"NEN {nen.Winner} {nen.Loser} [{string.Join(",", nen.Remaining)}] {a.Margin.ToString("R", CultureInfo.InvariantCulture)}",
        _ => throw new InvalidOperationException(),
    };

    private static string Key(JsonElement a) =>
        $"{a.GetProperty("kind").GetString()} {a.GetProperty("winner").GetString()} {a.GetProperty("loser").GetString()} [{string.Join(",", a.GetProperty("continuing").EnumerateArray().Select(c => c.GetString()))}] {a.GetProperty("margin").GetDouble().ToString("R", CultureInfo.InvariantCulture)}";

    // ALPHA with SHANGRLA's optimal_comparison η (p2 = 1e-5), with replacement (t = ½ every draw), on the overstatement
    // assorter of an assertion with margin v: u = 2/(2 − v), a clean draw x = 1/(2 − v), a one-vote overstatement ½/(2 − v).
    private static double Factor(double v, double x)
    {
        const double p2 = 1e-5;
        var u = 2 / (2 - v);
        var eta = ((1 - (u * (1 - p2))) / (2 - (2 * u))) + (u * (1 - p2)) - 0.5;
        return ((x * eta / 0.5) + ((u - x) * (u - eta) / (u - 0.5))) / u;
    }

    /// <summary>SHANGRLA's deterministic comparison sample size at rate₁ = 0.001: the first draw (a one-vote
    /// overstatement) then clean draws, until the product reaches 1/α.</summary>
    private static int IndependentSize(double v, double alpha)
    {
        var t = Factor(v, 0.5 / (2 - v));
        var n = 1;
        while (t < 1 / alpha)
        {
            t *= Factor(v, 1 / (2 - v));
            n++;
        }

        return n;
    }

    private void Record(JsonElement sample, Func<int, string>? paper = null)
    {
        var sb = new StringBuilder("Batch Name,Ballot Number,Contest,Interpretation,Choices\n");
        foreach (var b in sample.GetProperty("sampledBallots").EnumerateArray())
        {
            var ranking = paper?.Invoke(Index(b)) ?? MayorRanking(Index(b));
            sb.Append(CultureInfo.InvariantCulture, $"{b.GetProperty("batch").GetString()},{b.GetProperty("position").GetInt32()},cc-mayor,vote,{ranking}\n");
        }

        var run = _canvass.Run("audit", "record", "--county", "ru-c", "--file", _canvass.Write("rankings.csv", sb.ToString()));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public void Irv_contest_is_audited_with_the_assertions_raire_generates_and_a_clean_round_completes_at_the_independent_risk()
    {
        var created = Run("audit", "create", "--contest", "cc-mayor", "--type", "ballot-comparison", "--risk-limit", "10");
        var contest = Assert.Single(created.GetProperty("rankedChoice").EnumerateArray());
        Assert.Equal("cs-m-ann", contest.GetProperty("winner").GetString());
        Assert.Equal(Ballots, contest.GetProperty("cvrs").GetInt64());

        // The log's assertions are exactly RAIRE's on the same ballots (the frame is the 200 CVRs, so the margins agree).
        var expected = Expected();
        Assert.True(expected.IsSuccess);
        var logged = contest.GetProperty("assertions").EnumerateArray().ToList();
        Assert.Equal(expected.Assertions.Select(Key).Order(StringComparer.Ordinal), logged.Select(Key).Order(StringComparer.Ordinal));

        // Hand-checkable: Ann beats Ben 120–80 once Cal is out, a margin of 40/200.
        var hardest = logged.Min(a => a.GetProperty("margin").GetDouble());
        Assert.Equal(expected.Assertions.Min(a => a.Margin), hardest);
        Assert.Contains(logged, a => Key(a) == $"NEN cs-m-ann cs-m-ben [cs-m-ann,cs-m-ben] {0.2.ToString("R", CultureInfo.InvariantCulture)}");

        Run("audit", "seed", "--seed", Seed);
        var options = Run("audit", "options").GetProperty("contests")[0].GetProperty("options");
        Assert.Equal("raire-alpha", options[0].GetProperty("id").GetString());
        var size = options[0].GetProperty("size").GetInt32();
        Assert.Equal(IndependentSize(hardest, 0.10), size);
        Assert.Equal("all-ballots", options[1].GetProperty("id").GetString());

        var sample = Run("audit", "sample");
        Assert.Equal(size, sample.GetProperty("draws").GetInt32());
        Assert.Equal(sample.GetProperty("ballots").GetInt32(), sample.GetProperty("cvrsProven").GetInt32());

        Record(sample);
        var closed = Run("audit", "close-round");
        Assert.Equal("complete", closed.GetProperty("decision").GetString());
        var mayor = closed.GetProperty("contests")[0];
        Assert.True(mayor.GetProperty("riskLimitMet").GetBoolean());

        // Clean paper: each assertion's risk is Factor(v, 1/(2 − v))^−n; the contest's is the hardest assertion's.
        var cleanRisk = Math.Pow(Factor(hardest, 1 / (2 - hardest)), -size);
        Assert.Equal(cleanRisk, mayor.GetProperty("pValue").GetString()!.AsDouble(), 12);

        var status = Run("audit", "status");
        Assert.Equal("complete", status.GetProperty("status").GetString());
        foreach (var a in status.GetProperty("rankedChoice")[0].GetProperty("assertions").EnumerateArray())
        {
            var v = a.GetProperty("margin").GetDouble();
            Assert.Equal(Math.Pow(Factor(v, 1 / (2 - v)), -size), a.GetProperty("risk").GetDouble(), 12);
            Assert.True(a.GetProperty("riskLimitMet").GetBoolean());
        }

        var text = _canvass.Run("audit", "status");
        Assert.Contains("cs-m-ann NEN cs-m-ben | {cs-m-ann, cs-m-ben}", text.Stdout, StringComparison.Ordinal);

        var report = _canvass.Run("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.True(report.ExitCode == 0, report.ToString());
        var csv = File.ReadAllText(_canvass.PathOf("report/audit-report.csv"));
        Assert.Contains("######## RAIRE ASSERTIONS ########", csv, StringComparison.Ordinal);
        Assert.Contains("SUPERSIMPLE; RAIRE assertions with ALPHA for ranked-choice contests", csv, StringComparison.Ordinal);
        Assert.Contains("cc-mayor,cs-m-ann,NEN,cs-m-ann,cs-m-ben,cs-m-ann; cs-m-ben,0.2,1,", csv, StringComparison.Ordinal);
        Assert.Contains("cs-m-ann&gt;cs-m-ben", File.ReadAllText(_canvass.PathOf("report/audit-report.html")), StringComparison.Ordinal);

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 audit round re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("RAIRE assertions of 1 ranked-choice contest re-generated from the committed CVRs and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ballot_whose_paper_reverses_ann_and_ben_raises_the_risk_by_a_two_vote_overstatement()
    {
        Run("audit", "create", "--contest", "cc-mayor", "--type", "ballot-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var sample = Run("audit", "sample", "--size", "40");
        var ballots = sample.GetProperty("sampledBallots").EnumerateArray().ToList();

        // The first-drawn ballot whose CVR ranks Ann first: the paper shows Ben>Ann.
        var changed = ballots.Where(b => MayorRanking(Index(b)).StartsWith("cs-m-ann", StringComparison.Ordinal))
            .MinBy(b => b.GetProperty("draws").EnumerateArray().Min(d => d.GetProperty("ticket").GetString()!), StringComparer.Ordinal);
        var changedIndex = Index(changed);
        Record(sample, i => i == changedIndex ? "Ben>Ann" : MayorRanking(i));
        var closed = Run("audit", "close-round");
        var mayor = closed.GetProperty("contests")[0];
        Assert.True(mayor.GetProperty("overstatements2").GetInt32() >= 1);

        // For "Ann NEN Ben | {Ann, Ben}" (margin 0.2) the changed ballot's draws assort 0 (Ann counted on the CVR, Ben on
        // the paper); every other draw is clean. Its risk, in ticket order, computed here by hand:
        var draws = ballots.SelectMany(b => b.GetProperty("draws").EnumerateArray().Select(d => (Ticket: d.GetProperty("ticket").GetString()!, Changed: Index(b) == changedIndex)))
            .OrderBy(d => d.Ticket, StringComparer.Ordinal).ToList();
        double t = 1, max = 0;
        foreach (var d in draws)
        {
            t *= Factor(0.2, d.Changed ? 0 : 1 / 1.8);
            max = Math.Max(max, t);
        }

        var status = Run("audit", "status").GetProperty("rankedChoice")[0].GetProperty("assertions").EnumerateArray().ToList();
        var nen = status.Single(a => a.GetProperty("kind").GetString() == "NEN" && a.GetProperty("loser").GetString() == "cs-m-ben");
        Assert.Equal(Math.Min(1, 1 / max), nen.GetProperty("risk").GetDouble(), 12);

        // The same 40 draws on clean paper would measure far less risk.
        var clean = Math.Pow(Factor(0.2, 1 / 1.8), -draws.Count);
        Assert.True(nen.GetProperty("risk").GetDouble() > 10 * clean);
        Assert.True(mayor.GetProperty("pValue").GetString()!.AsDouble() >= nen.GetProperty("risk").GetDouble());
    }

    [Fact]
    public void Not_found_ballot_is_the_worst_case_for_every_assertion()
    {
        Run("audit", "create", "--contest", "cc-mayor", "--type", "ballot-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var sample = Run("audit", "sample", "--size", "20");
        var first = sample.GetProperty("sampledBallots")[0];
        Record(sample);
        var notFound = _canvass.Run("audit", "record", "--county", "ru-c", "--batch", first.GetProperty("batch").GetString()!,
            "--position", first.GetProperty("position").GetInt32().ToString(CultureInfo.InvariantCulture), "--not-found");
        Assert.True(notFound.ExitCode == 0, notFound.ToString());
        Run("audit", "close-round");
        // Every assertion counts the ballot's draws as two-vote overstatements (overstatement assorter 0).
        var draws = first.GetProperty("draws").GetArrayLength();
        foreach (var a in Run("audit", "status").GetProperty("rankedChoice")[0].GetProperty("assertions").EnumerateArray())
        {
            Assert.Equal(draws, a.GetProperty("overstatements2").GetInt32());
        }
    }

    [Fact]
    public void Two_irv_contests_get_the_assertions_raire_generates_for_each_from_one_create()
    {
        var created = Run("audit", "create", "--contest", "cc-mayor", "--opportunistic", "cc-judge", "--type", "ballot-comparison", "--risk-limit", "10");
        var ranked = created.GetProperty("rankedChoice").EnumerateArray().ToDictionary(c => c.GetProperty("contest").GetString()!);
        Assert.Equal(["cc-judge", "cc-mayor"], ranked.Keys.Order(StringComparer.Ordinal));

        var judge = Raire.Generate("cc-judge", ["cs-j-dee", "cs-j-eve"], "cs-j-dee",
            Enumerable.Range(0, Ballots).Select(i => (IReadOnlyList<string>)JudgeRanking(i).Split('>')));
        foreach (var (contest, winner, expected) in new[] { ("cc-mayor", "cs-m-ann", Expected()), ("cc-judge", "cs-j-dee", judge) })
        {
            Assert.True(expected.IsSuccess);
            Assert.Equal(winner, ranked[contest].GetProperty("winner").GetString());
            Assert.Equal(Ballots, ranked[contest].GetProperty("cvrs").GetInt64());
            Assert.Equal(expected.Assertions.Select(Key).Order(StringComparer.Ordinal),
                ranked[contest].GetProperty("assertions").EnumerateArray().Select(Key).Order(StringComparer.Ordinal));
        }

        // Dee beats Eve 133–67 head to head (67 ballots put Eve first): one NEB assertion with margin 66/200.
        var only = Assert.Single(ranked["cc-judge"].GetProperty("assertions").EnumerateArray());
        Assert.Equal(66.0 / 200, only.GetProperty("margin").GetDouble(), 12);
    }

    [Fact]
    public void Opportunistic_irv_contest_reads_rankings_entered_by_name_with_skipped_and_overvoted_ranks()
    {
        Run("audit", "create", "--contest", "cc-clerk", "--opportunistic", "cc-mayor", "--type", "ballot-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var sample = Run("audit", "sample", "--size", "30");
        var ballots = sample.GetProperty("sampledBallots").EnumerateArray().ToList();

        // The paper agrees with every CVR, written by name and with skipped ranks (the same effective ranking), except
        // one Ann>Ben>Cal ballot whose paper marks Ann and Ben at rank 1: an overvote, so it counts for no one.
        var overvoted = ballots.Select(Index).First(i => i % 20 < 5);
        var sb = new StringBuilder("Batch Name,Ballot Number,Contest,Interpretation,Choices\n");
        foreach (var b in ballots)
        {
            var i = Index(b);
            var names = MayorRanking(i).Replace("cs-m-ann", "Ann", StringComparison.Ordinal).Replace("cs-m-ben", "Ben", StringComparison.Ordinal).Replace("cs-m-cal", "Cal", StringComparison.Ordinal);
            var ranking = i == overvoted ? "Ann|Ben>Cal" : names.Replace(">", ">>", StringComparison.Ordinal);
            sb.Append(CultureInfo.InvariantCulture, $"{b.GetProperty("batch").GetString()},{b.GetProperty("position").GetInt32()},cc-mayor,vote,{ranking}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{b.GetProperty("batch").GetString()},{b.GetProperty("position").GetInt32()},cc-clerk,vote,{Clerk(i)}\n");
        }

        var record = _canvass.Run("audit", "record", "--county", "ru-c", "--file", _canvass.Write("rankings.csv", sb.ToString()));
        Assert.True(record.ExitCode == 0, record.ToString());
        var closed = Run("audit", "close-round");
        var mayor = closed.GetProperty("contests").EnumerateArray().Single(c => c.GetProperty("contest").GetString() == "cc-mayor");
        Assert.False(mayor.GetProperty("targeted").GetBoolean());
        Assert.Equal(30, mayor.GetProperty("draws").GetInt32());

        // Both assertions read the overvoted paper as ½ against the CVR's 1 (Ann first): one-vote overstatements, one
        // per draw of that ballot; every other paper matches its CVR.
        var draws = ballots.Single(b => Index(b) == overvoted).GetProperty("draws").GetArrayLength();
        foreach (var a in Run("audit", "status").GetProperty("rankedChoice")[0].GetProperty("assertions").EnumerateArray())
        {
            Assert.Equal((draws, 0, 0, 0), (a.GetProperty("overstatements1").GetInt32(), a.GetProperty("overstatements2").GetInt32(),
                a.GetProperty("understatements1").GetInt32(), a.GetProperty("understatements2").GetInt32()));
        }

        var report = _canvass.Run("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.True(report.ExitCode == 0, report.ToString());
        var csv = File.ReadAllText(_canvass.PathOf("report/audit-report.csv"));
        Assert.Contains("cc-mayor: cs-m-ann|cs-m-ben>cs-m-cal (overvote)", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_regenerates_the_assertions_from_the_cvrs_and_refuses_a_logged_margin_they_do_not_give()
    {
        var index = new ElectionIndex(Definition);
        index.TryGetContest(new ContestId("cc-mayor"), out int mayor);
        index.TryGetUnit(new GpUnitId("ru-c"), out int county);
        var cvrs = Enumerable.Range(0, Ballots).Select(i => new Domain.Ballots.CastVoteRecord($"M{i:D3}", county, -1, "b0", CountItemType.ElectionDay, -1,
            [new Domain.Ballots.ContestMarks(mayor, [.. MayorRanking(i).Split('>').Select((s, r) => new Domain.Ballots.Mark(Array.IndexOf(Mayor, s), r + 1))])])).ToList();
        var created = new Domain.Events.AuditCreated("audit-1", "ballot-comparison", 10,
            [new Domain.Audits.AuditedContest("cc-mayor", true, [], Ballots, 1, 1, ["ru-c"])], [], []);
        var assertions = Expected().Assertions.Select(RaireAuditMath.ToRecord).OrderBy(a => a.Margin, StringComparer.Ordinal).ToImmutableArray();

        (string? Note, string? Failure) Check(ImmutableArray<Domain.Audits.RaireAssertion> logged, long count = Ballots)
        {
            var check = RaireCheck.For([created, new Domain.Events.RaireAssertionsGenerated("audit-1", "cc-mayor", "cs-m-ann", count, logged)], index)!;
            cvrs.ForEach(check.Add);
            return check.Check();
        }

        Assert.Equal(("RAIRE assertions of 1 ranked-choice contest re-generated from the committed CVRs and matched", null), Check(assertions));

        var tampered = Check([assertions[0] with { Margin = "0.25" }, .. assertions.Skip(1)]);
        Assert.StartsWith("the RAIRE assertions of cc-mayor are not the ones the committed CVRs give", tampered.Failure, StringComparison.Ordinal);
        Assert.Contains("the RAIRE assertions of cc-mayor were generated from 199 CVRs", Check(assertions, 199).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_paper_writes_each_ranking_as_its_cvr_has_it_and_the_round_has_no_discrepancy()
    {
        Run("audit", "create", "--contest", "cc-mayor", "--type", "ballot-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var sample = Run("audit", "sample", "--size", "25");
        Assert.Equal(0, _canvass.Run("demo", "paper", "--out", _canvass.PathOf("paper")).ExitCode);
        var paper = File.ReadAllText(_canvass.PathOf("paper/paper-round-1.csv"));
        var first = sample.GetProperty("sampledBallots")[0];
        Assert.Contains($"{first.GetProperty("batch").GetString()},{first.GetProperty("position").GetInt32()},cc-mayor,vote,{MayorRanking(Index(first))},no", paper, StringComparison.Ordinal);

        var record = _canvass.Run("audit", "record", "--file", _canvass.PathOf("paper/paper-round-1.csv"));
        Assert.True(record.ExitCode == 0, record.ToString());
        var mayor = Run("audit", "close-round").GetProperty("contests")[0];
        Assert.Equal((0, 0, 0, 0), (mayor.GetProperty("overstatements1").GetInt32(), mayor.GetProperty("overstatements2").GetInt32(),
            mayor.GetProperty("understatements1").GetInt32(), mayor.GetProperty("understatements2").GetInt32()));
        Assert.Equal(Math.Pow(Factor(0.2, 1 / 1.8), -25), mayor.GetProperty("pValue").GetString()!.AsDouble(), 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_AssertionRisksNotWhatTheRoundGives_Fail(bool dropped)
    {
        Run("audit", "create", "--contest", "cc-mayor", "--type", "ballot-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        Run("audit", "sample", "--size", "25");
        Assert.Equal(0, _canvass.Run("demo", "paper", "--out", _canvass.PathOf("paper")).ExitCode);
        Assert.Equal(0, _canvass.Run("audit", "record", "--file", _canvass.PathOf("paper/paper-round-1.csv")).ExitCode);
        var closing = await Tamper.CloseOnACopyAsync(_canvass);
        var measured = closing.OfType<RaireAssertionsMeasured>().Single();
        var first = measured.Assertions[0];
        var changed = measured with { Assertions = measured.Assertions.SetItem(0, first with { PValue = (double.Parse(first.PValue, CultureInfo.InvariantCulture) / 2).ToString("R", CultureInfo.InvariantCulture) }) };
        await Tamper.AppendSignedAsync(_canvass.Store, [.. closing.Select(e => e is RaireAssertionsMeasured ? dropped ? null : changed : e).OfType<IEvent>()]);

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains(dropped ? "round 1 was closed without the assertion risks of cc-mayor that close-round logs"
            : $"round 1's assertion risks of cc-mayor are not what close-round measures from the log: {first.PValue} ", verify.Stderr, StringComparison.Ordinal);
    }

    private Task<JsonElement[]> RefusedAsync(params string[] args) => StoreProbe.RefusedProblemsAsync(_canvass, args);

    [Fact]
    public async Task Stv_contest_tied_irv_contest_and_polling_type_are_refused_with_nothing_stored()
    {
        var stv = Assert.Single(await RefusedAsync("audit", "create", "--contest", "cc-council", "--type", "ballot-comparison", "--risk-limit", "10"));
        Assert.Contains("RAIRE's assertions cover single-winner IRV only", stv.GetProperty("message").GetString(), StringComparison.Ordinal);

        var tie = Assert.Single(await RefusedAsync("audit", "create", "--contest", "cc-tie", "--type", "ballot-comparison", "--risk-limit", "10"));
        Assert.Contains("Contest cc-tie cannot be audited: RAIRE cannot confirm the reported IRV winner", tie.GetProperty("message").GetString(), StringComparison.Ordinal);

        var polling = Assert.Single(await RefusedAsync("audit", "create", "--contest", "cc-mayor", "--type", "ballot-polling", "--risk-limit", "10"));
        Assert.Equal("--type", polling.GetProperty("path").GetString());
        Assert.Contains("must be ballot-comparison", polling.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rankings_naming_an_unknown_candidate_or_a_ballot_outside_the_sample_are_refused()
    {
        Run("audit", "create", "--contest", "cc-mayor", "--type", "ballot-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var sample = Run("audit", "sample", "--size", "10");
        var b = sample.GetProperty("sampledBallots")[0];
        var sampled = sample.GetProperty("sampledBallots").EnumerateArray().Select(x => (x.GetProperty("batch").GetString(), x.GetProperty("position").GetInt32())).ToHashSet();
        var outside = Enumerable.Range(1, 50).Select(p => ("b0", p)).First(k => !sampled.Contains(k));
        var file = _canvass.Write("bad-rankings.csv", $"""
            Batch Name,Ballot Number,Contest,Interpretation,Choices
            {b.GetProperty("batch").GetString()},{b.GetProperty("position").GetInt32()},cc-mayor,vote,cs-m-ann>Dan>cs-m-cal
            {outside.Item1},{outside.Item2},cc-mayor,vote,cs-m-ben>cs-m-ann

            """);
        var problems = await RefusedAsync("audit", "record", "--county", "ru-c", "--file", file);
        Assert.Equal(2, problems.Length);
        Assert.Equal((2, "Choices"), (problems[0].GetProperty("line").GetInt32(), problems[0].GetProperty("path").GetString()));
        Assert.Contains("'Dan' is not a candidate of cc-mayor", problems[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((3, "Ballot Number"), (problems[1].GetProperty("line").GetInt32(), problems[1].GetProperty("path").GetString()));
        Assert.Contains("is not in round 1's sample", problems[1].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
