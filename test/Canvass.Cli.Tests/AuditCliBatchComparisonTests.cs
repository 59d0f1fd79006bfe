using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary>A batch-comparison (MACRO) audit through <c>canvass audit</c>, run as the real tool, on 20 batches of 20
/// ballots (North County batch-00 … batch-09, South County batch-10 … batch-19); every batch has Ada 14, Bo 5, Cy 1.</summary>
public sealed class AuditCliBatchComparisonTests : IDisposable
{
    private const string Seed = "12345678901234567890";
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    // Per batch and pair, u_p = (v_w − v_l + b_p) / V_wl; the largest is Ada–Bo: (14 − 5 + 20) / (20 · 9) = 29/180.
    private const double UpperBound = 20 * 29.0 / 180;

    private readonly Canvass _canvass = new();

    public AuditCliBatchComparisonTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var cvrs = new StringBuilder("ballot_id,county,precinct,batch,vote_method,cc-gov,bm-1\n");
        var manifest = new StringBuilder("Jurisdiction,Container,Batch Name,Number of Ballots\n");
        for (var batch = 0; batch < 20; batch++)
        {
            var north = batch < 10;
            manifest.Append(C, $"{(north ? "North County,Box 1" : "South County,Box 9")},{Batch(batch)},20\n");
            for (var j = 0; j < 20; j++)
            {
                var gov = j < 14 ? "cs-gov-a" : j < 19 ? "cs-gov-b" : "cs-gov-c";
                cvrs.Append(C, $"B{batch:D2}{j:D2},{(north ? "ru-north,ru-n1" : "ru-south,ru-s1")},{Batch(batch)},election-day,{gov},bm-1-yes\n");
            }
        }

        var cvr = _canvass.Run("import", "cvr", _canvass.Write("cvrs.csv", cvrs.ToString()));
        Assert.True(cvr.ExitCode == 0, cvr.ToString());
        var m = _canvass.Run("import", "manifest", _canvass.Write("manifest.csv", manifest.ToString()));
        Assert.True(m.ExitCode == 0, m.ToString());
    }

    public void Dispose() => _canvass.Dispose();

    private static string Batch(int i) => "batch-" + i.ToString("D2", C);

    private JsonElement Run(params string[] args)
    {
        var run = _canvass.Run([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return Json.Parse(run);
    }

    private JsonElement Sampled(int? size = null)
    {
        Run("audit", "create", "--contest", "cc-gov", "--type", "batch-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        return size is { } n ? Run("audit", "sample", "--size", n.ToString(C)) : Run("audit", "sample");
    }

    private static List<(string Jurisdiction, string Batch, int Draws)> Batches(JsonElement sample) =>
        [.. sample.GetProperty("sampledBatches").EnumerateArray().Select(b => (b.GetProperty("jurisdiction").GetString()!, b.GetProperty("batch").GetString()!, b.GetProperty("draws").GetArrayLength()))];

    /// <summary>A tally sheet per county: each batch's hand count is its CVR tally (Ada 14, Bo 5, Cy 1) unless
    /// <paramref name="paper"/> says otherwise.</summary>
    private void Record(JsonElement sample, Func<string, (int Ada, int Bo, int Cy)>? paper = null)
    {
        foreach (var county in Batches(sample).GroupBy(b => b.Jurisdiction))
        {
            var sheet = new StringBuilder("Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\n");
            foreach (var b in county)
            {
                var (ada, bo, cy) = paper?.Invoke(b.Batch) ?? (14, 5, 1);
                sheet.Append(C, $"{b.Jurisdiction},{b.Batch},{ada},{bo},{cy},20\n");
            }

            var file = _canvass.Write($"tallies-{county.Key.Replace(' ', '-')}.csv", sheet.ToString());
            var run = _canvass.Run("audit", "record", "--county", county.Key, "--file", file);
            Assert.True(run.ExitCode == 0, run.ToString());
        }
    }

    [Fact]
    public void Demo_paper_writes_the_drawn_batches_tally_sheet_as_their_cvrs_count_them()
    {
        // It wrote an interpretations file with no rows here (a batch round lists no ballots), and said "0 ballots".
        var sample = Sampled();
        var paper = _canvass.Run("demo", "paper", "--out", _canvass.PathOf("paper"));
        Assert.True(paper.ExitCode == 0, paper.ToString());
        var sheet = File.ReadAllLines(_canvass.PathOf("paper/tally-sheet-round-1.csv"));
        Assert.Equal("Jurisdiction,Tabulator,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c", sheet[0]);
        Assert.Equal(Batches(sample).Select(b => b.Batch).Order(StringComparer.Ordinal), sheet.Skip(1).Select(l => l.Split(',')[2]).Order(StringComparer.Ordinal));
        Assert.All(sheet.Skip(1), l => Assert.EndsWith(",14,5,1", l, StringComparison.Ordinal));

        var record = _canvass.Run("audit", "record", "--file", _canvass.PathOf("paper/tally-sheet-round-1.csv"));
        Assert.True(record.ExitCode == 0, record.ToString());
        Assert.Equal("complete", Run("audit", "close-round").GetProperty("decision").GetString());
    }

    [Fact]
    public void Status_says_to_close_the_round_once_every_drawn_batch_is_entered()
    {
        // It said to run retrieval-list and record even when nothing was left to record.
        var sample = Sampled();
        Assert.Equal("'canvass audit retrieval-list', 'canvass audit record', then 'canvass audit close-round'", Run("audit", "status").GetProperty("next").GetString());
        Record(sample);
        Assert.Equal("every ballot or batch of the round is entered: 'canvass audit close-round'", Run("audit", "status").GetProperty("next").GetString());
    }

    [Fact]
    public void Clean_batch_audit_sizes_with_macro_and_completes_in_round_one()
    {
        Run("audit", "create", "--contest", "cc-gov", "--type", "batch-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var option = Run("audit", "options").GetProperty("contests")[0].GetProperty("options")[0];
        Assert.Equal("macro", option.GetProperty("id").GetString());

        // MACRO: ⌈ln α / ln(1 − 1/U)⌉ + 1 with U = 20 · 29/180.
        var expectedSize = (int)Math.Ceiling(Math.Log(0.1) / Math.Log(1 - (1 / UpperBound))) + 1;
        Assert.Equal(8, expectedSize);
        Assert.Equal(expectedSize, option.GetProperty("size").GetInt32());

        var sample = Run("audit", "sample");
        Assert.Equal(expectedSize, sample.GetProperty("draws").GetInt32());
        Assert.Equal(expectedSize, Batches(sample).Sum(b => b.Draws));

        var lists = _canvass.Run("audit", "retrieval-list", "--out", _canvass.PathOf("lists"));
        Assert.True(lists.ExitCode == 0, lists.ToString());
        var files = Directory.GetFiles(_canvass.PathOf("lists"));
        Assert.NotEmpty(files);
        var rows = files.SelectMany(f => File.ReadAllLines(f).Skip(1)).ToList();
        Assert.Equal(Batches(sample).Count, rows.Count);
        Assert.StartsWith("Jurisdiction,Container,Tabulator,Batch Name,Ticket Numbers,Already Audited", File.ReadAllText(files[0]), StringComparison.Ordinal);

        Record(sample);
        var closed = Run("audit", "close-round");
        Assert.Equal("complete", closed.GetProperty("decision").GetString());
        var gov = closed.GetProperty("contests")[0];
        Assert.True(gov.GetProperty("riskLimitMet").GetBoolean());

        // No error in any drawn batch: p = (1 − 1/U)^n.
        Assert.Equal(Math.Pow(1 - (1 / UpperBound), expectedSize), gov.GetProperty("pValue").GetString()!.AsDouble(), 12);

        var report = _canvass.Run("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.True(report.ExitCode == 0, report.ToString());
        var csv = File.ReadAllText(_canvass.PathOf("report/audit-report.csv"));
        Assert.Contains("######## SAMPLED BATCHES ########", csv, StringComparison.Ordinal);
        Assert.Contains("MACRO", csv, StringComparison.Ordinal);

        // The verifier re-draws the batches from the public seed and the logged batch tallies.
        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 audit round re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_discrepant_batch_escalates_to_a_second_round()
    {
        var first = Sampled();
        var bad = Batches(first)[0];

        // The paper of one drawn batch shows Ada's and Bo's counts swapped: e = (9 − (−9))/180, taint e/u = 18/29.
        Record(first, b => b == bad.Batch ? (5, 14, 1) : (14, 5, 1));
        var closed = Run("audit", "close-round");
        Assert.Equal("next-round", closed.GetProperty("decision").GetString());
        var gov = closed.GetProperty("contests")[0];
        Assert.False(gov.GetProperty("riskLimitMet").GetBoolean());
        var expected = Math.Pow(1 - (1 / UpperBound), 8) / Math.Pow(1 - (18.0 / 29), bad.Draws);
        Assert.Equal(expected, gov.GetProperty("pValue").GetString()!.AsDouble(), 12);

        var next = Run("audit", "options").GetProperty("contests")[0].GetProperty("options")[0];
        Assert.True(next.GetProperty("size").GetInt32() > 0);
        var second = Run("audit", "sample", "--size", "4");
        Assert.Equal(2, second.GetProperty("round").GetInt32());
        Assert.Equal(4, second.GetProperty("draws").GetInt32());

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("2 audit rounds re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_hand_tally_of_the_batches_is_the_result_not_a_risk_of_zero()
    {
        // Arlo's MACRO calls every batch audited risk 0, met, whatever the tallies show. Here the paper of eleven
        // batches swaps Ada's and Bo's counts: Ada 11·5 + 9·14 = 181, Bo 11·14 + 9·5 = 199.
        Run("audit", "create", "--contest", "cc-gov", "--type", "batch-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var all = Run("audit", "options").GetProperty("contests")[0].GetProperty("options").EnumerateArray().Single(o => o.GetProperty("id").GetString() == "all-ballots");
        Assert.Equal(20, all.GetProperty("size").GetInt32());
        var sample = Run("audit", "sample", "--option", "all-ballots");
        Assert.Equal(20, Batches(sample).Count);
        Assert.All(Batches(sample), b => Assert.Equal(1, b.Draws));
        Assert.Equal("full-hand-tally", sample.GetProperty("sizes")[0].GetProperty("option").GetString());

        Record(sample, b => string.CompareOrdinal(b, Batch(11)) < 0 ? (5, 14, 1) : (14, 5, 1));
        var close = _canvass.Run("audit", "close-round", "--json");
        Assert.True(close.ExitCode == 1, close.ToString());
        var closed = JsonDocument.Parse(close.Stdout).RootElement;
        Assert.Equal("full-hand-count-complete", closed.GetProperty("decision").GetString());
        var gov = closed.GetProperty("contests")[0];
        Assert.False(gov.GetProperty("riskLimitMet").GetBoolean());
        var hand = gov.GetProperty("handCount");
        Assert.Equal(("incorrect", "cs-gov-b", 20L), (hand.GetProperty("outcome").GetString(), hand.GetProperty("winners")[0].GetString(), hand.GetProperty("ballots").GetInt64()));
        var votes = gov.GetProperty("sampleVotes").EnumerateArray().ToDictionary(v => v.GetProperty("selection").GetString()!, v => v.GetProperty("votes").GetInt64());
        Assert.Equal((181L, 199L), (votes["cs-gov-a"], votes["cs-gov-b"]));

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 audit round re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    private Task<JsonElement[]> RefusedAsync(params string[] args) => StoreProbe.RefusedProblemsAsync(_canvass, args);

    [Fact]
    public async Task Tallies_for_batches_not_in_the_sample_are_refused_with_the_line()
    {
        var sample = Sampled();
        var drawn = Batches(sample).Select(b => b.Batch).ToHashSet();
        var notDrawn = Enumerable.Range(0, 10).Select(Batch).First(b => !drawn.Contains(b));
        var file = _canvass.Write("tallies.csv", $"Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c\nNorth County,{notDrawn},14,5,1\n");
        var p = Assert.Single(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file));
        Assert.Equal(("unknown-reference", 2, "Batch Name"), (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString()));
        Assert.Contains($"Batch {notDrawn} of North County is not in round 1's sample", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Votes_a_batch_of_20_ballots_cannot_hold_are_refused_with_the_line()
    {
        // 21 votes for Ada, or 14 + 5 + 2 = 21 votes in a vote-for-one contest, in a batch the manifest gives 20 ballots.
        var drawn = Batches(Sampled()).First(b => b.Jurisdiction == "North County").Batch;
        var file = _canvass.Write("tallies.csv", $"Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c\nNorth County,{drawn},21,0,0\n");
        var p = Assert.Single(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file));
        Assert.Equal(("bad-count", 2, "cs-gov-a"), (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString()));
        Assert.Equal($"21 votes for cs-gov-a (contest cc-gov) in batch {drawn}, which holds 20 ballots in the manifest; a ballot marks a selection at most once.", p.GetProperty("message").GetString());

        var sum = _canvass.Write("sum.csv", $"Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c\nNorth County,{drawn},14,5,2\n");
        var q = Assert.Single(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", sum));
        Assert.Contains($"The votes of contest cc-gov in batch {drawn} add up to 21, more than its 20 ballots", q.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("macro")]
    [InlineData("all-ballots")]
    public async Task A_sheet_whose_votes_its_own_ballots_cannot_hold_is_refused_and_one_at_the_limit_recorded(string option)
    {
        // Within the manifest's 20 ballots, but not the sheet's own: 14 + 5 + 1 = 20 votes on 19 ballots counted, and
        // Ada's 14 on 13. Both rows are listed, each with its line; nothing of the sheet is kept.
        Run("audit", "create", "--contest", "cc-gov", "--type", "batch-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var sample = Run("audit", "sample", "--option", option);
        var drawn = Batches(sample).Where(b => b.Jurisdiction == "North County").Select(b => b.Batch).Distinct().Take(2).ToList();
        Assert.Equal(2, drawn.Count);
        var file = _canvass.Write("tallies.csv", $"Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\nNorth County,{drawn[0]},14,5,1,19\nNorth County,{drawn[1]},14,0,0,13\n");
        var problems = await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file);
        Assert.Equal(
            [("bad-count", file, 2, "Ballots", $"The votes of contest cc-gov in batch {drawn[0]} add up to 20, more than the 19 ballots its sheet counts (Ballots) can hold (19 votes, 1 a ballot)."),
             ("bad-count", file, 3, "cs-gov-a", $"14 votes for cs-gov-a (contest cc-gov) in batch {drawn[1]}, more than the 13 ballots its sheet counts (Ballots); a ballot marks a selection at most once.")],
            problems.Select(p => (p.GetProperty("code").GetString(), p.GetProperty("file").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString(), p.GetProperty("message").GetString())));
        Assert.Equal(0, Run("audit", "status").GetProperty("rounds")[0].GetProperty("recorded").GetInt32());

        // Votes the manifest cannot hold either are refused for both reasons.
        var both = await RefusedAsync("audit", "record", "--county", "ru-north", "--file",
            _canvass.Write("both.csv", $"Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\nNorth County,{drawn[0]},21,0,0,19\n"));
        Assert.Equal(
            [$"21 votes for cs-gov-a (contest cc-gov) in batch {drawn[0]}, more than the 19 ballots its sheet counts (Ballots); a ballot marks a selection at most once.",
             $"21 votes for cs-gov-a (contest cc-gov) in batch {drawn[0]}, which holds 20 ballots in the manifest; a ballot marks a selection at most once."],
            both.Select(p => p.GetProperty("message").GetString()));

        // At the limit: 14 + 5 = 19 votes on 19 ballots (one left blank), the sheet's Ballots one short of the manifest's.
        var atLimit = _canvass.Run("audit", "record", "--county", "ru-north", "--file",
            _canvass.Write("limit.csv", $"Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\nNorth County,{drawn[0]},14,5,0,19\n"));
        Assert.True(atLimit.ExitCode == 0, atLimit.ToString());
        Assert.Contains($"warning: Batch {drawn[0]} of North County: the board entered 19 ballots, 1 fewer than the 20 the manifest gives it.", atLimit.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Run("audit", "status").GetProperty("rounds")[0].GetProperty("recorded").GetInt32());
    }

    [Fact]
    public void A_ballot_count_that_differs_from_the_manifest_is_recorded_with_a_warning_and_leaves_macro_as_it_is()
    {
        // Arlo asks for no ballot count in batch comparison; Canvass keeps the sheet's and warns, but MACRO measures the
        // votes, which stay within the manifest's 20 ballots, so the clean round still completes.
        var sample = Sampled();
        var first = Batches(sample).First(b => b.Jurisdiction == "North County").Batch;
        foreach (var county in Batches(sample).GroupBy(b => b.Jurisdiction))
        {
            var rows = string.Concat(county.Select(b => $"{b.Jurisdiction},{b.Batch},14,5,1,{(b.Batch == first ? 22 : 20)}\n"));
            var run = _canvass.Run("audit", "record", "--county", county.Key, "--file", _canvass.Write("tallies.csv", "Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\n" + rows));
            Assert.True(run.ExitCode == 0, run.ToString());
            if (county.Key == "North County")
            {
                Assert.Contains($"warning: Batch {first} of North County: the board entered 22 ballots, 2 more than the 20 the manifest gives it.", run.Stderr, StringComparison.Ordinal);
                Assert.Contains("warning: Recorded as entered: MACRO measures the votes", run.Stderr, StringComparison.Ordinal);
            }
        }

        var close = _canvass.Run("audit", "close-round", "--json");
        Assert.True(close.ExitCode == 0, close.ToString());
        var closed = JsonDocument.Parse(close.Stdout).RootElement;
        Assert.Equal("complete", closed.GetProperty("decision").GetString());
        Assert.False(closed.TryGetProperty("accountingDiscrepancies", out _));

        // The report shows both counts beside the tallies, so an observer sees what the warning said.
        Assert.Equal(0, _canvass.Run("audit", "report", "--out", _canvass.PathOf("report")).ExitCode);
        var lines = File.ReadAllLines(_canvass.PathOf("report/audit-report.csv"));
        var section = Array.IndexOf(lines, "######## SAMPLED BATCHES ########");
        Assert.Equal("Round,Jurisdiction,Container,Tabulator,Batch Name,Manifest Ballots,Ticket Numbers,Reported Tally,Audited Tally,Audited Ballots", lines[section + 1]);
        var row = lines.Skip(section + 2).First(l => l.Contains($",{first},", StringComparison.Ordinal));
        Assert.StartsWith($"1,North County,Box 1,,{first},20,", row, StringComparison.Ordinal);
        Assert.EndsWith(",\"cc-gov: cs-gov-a 14, cs-gov-b 5, cs-gov-c 1\",\"cc-gov: cs-gov-a 14, cs-gov-b 5, cs-gov-c 1\",22", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_hand_tally_of_a_batch_comparison_still_refuses_votes_its_manifest_cannot_hold()
    {
        // The batches' tallies are MACRO's whether drawn or counted in full, so their votes stay bounded by the manifest.
        Run("audit", "create", "--contest", "cc-gov", "--type", "batch-comparison", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        Run("audit", "sample", "--option", "all-ballots");
        var file = _canvass.Write("tallies.csv", $"Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c\nNorth County,{Batch(0)},21,0,0\n");
        var p = Assert.Single(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file));
        Assert.Equal($"21 votes for cs-gov-a (contest cc-gov) in batch {Batch(0)}, which holds 20 ballots in the manifest; a ballot marks a selection at most once.", p.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_county_entering_another_countys_batch_is_refused()
    {
        // A large sample draws batches of both counties.
        var sample = Sampled(40);
        var south = Batches(sample).First(b => b.Jurisdiction == "South County");
        var north = Batches(sample).First(b => b.Jurisdiction == "North County");
        var file = _canvass.Write("tallies.csv",
            $"Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c\nNorth County,{north.Batch},14,5,1\nSouth County,{south.Batch},14,5,1\n");
        var p = Assert.Single(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file));
        Assert.Equal(3, p.GetProperty("line").GetInt32());
        Assert.Contains("cannot enter another county's batch", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>A county that reported totals only has no batch tallies: a batch-comparison audit of its contest is refused.</summary>
public sealed class AuditCliBatchComparisonCreateTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public async Task A_county_with_reported_totals_only_cannot_be_batch_audited()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var north = new StringBuilder("ballot_id,county,precinct,batch,vote_method,cc-gov,bm-1\n");
        for (var j = 0; j < 20; j++)
        {
            north.Append(CultureInfo.InvariantCulture, $"N{j:D2},ru-north,ru-n1,batch-00,election-day,{(j < 14 ? "cs-gov-a" : "cs-gov-b")},bm-1-yes\n");
        }

        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north.csv", north.ToString())).ExitCode);
        var totals = _canvass.Run("import", "results", _canvass.Write("south.csv", "county,precinct,office,district,party,candidate,votes\nSouth County,,Governor,,,Ada,5\n"));
        Assert.True(totals.ExitCode == 0, totals.ToString());
        var manifest = _canvass.Run("import", "manifest", _canvass.Write("manifest.csv",
            "Jurisdiction,Container,Batch Name,Number of Ballots\nNorth County,Box 1,batch-00,20\nSouth County,Box 9,batch-10,5\n"));
        Assert.True(manifest.ExitCode == 0, manifest.ToString());

        var before = await StoreProbe.CountAsync(_canvass.Store);
        var run = _canvass.Run("audit", "create", "--contest", "cc-gov", "--type", "batch-comparison", "--risk-limit", "10", "--json");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(before, await StoreProbe.CountAsync(_canvass.Store));
        var p = Assert.Single(JsonDocument.Parse(run.Stdout).RootElement.GetProperty("problems").EnumerateArray());
        Assert.Contains("a batch-comparison audit needs committed CVRs", p.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("ru-south reported totals only", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
