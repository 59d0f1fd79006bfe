using System.Globalization;
using System.Text;
using System.Text.Json;
using static Canvass.Cli.Tests.HandCountJson;

namespace Canvass.Cli.Tests;

/// <summary>A full hand tally entered as Arlo enters one, per batch on tally sheets, through <c>canvass audit</c> on
/// <see cref="AuditTestElection"/> (North County batch-0 and batch-1, South County batch-2 and batch-3, 50 ballots each;
/// Ada 140, Bo 50, Cy 10), run as the real tool: the round names its frame instead of listing ballots, the boards enter a
/// tally per batch, and the summed tallies are the result.</summary>
public sealed class AuditCliTallySheetTests : IDisposable
{
    private const string Seed = "12345678901234567890";
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly string[] Batches = ["batch-0", "batch-1", "batch-2", "batch-3"];
    private readonly Canvass _canvass = new();

    public AuditCliTallySheetTests() => AuditTestElection.Commit(_canvass);

    public void Dispose() => _canvass.Dispose();

    private JsonElement Run(params string[] args)
    {
        var run = _canvass.Run([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return Json.Parse(run);
    }

    /// <summary>What the CVRs give a batch: (Ada, Bo, Cy).</summary>
    private static (long Ada, long Bo, long Cy) Cvr(string batch)
    {
        var governors = Enumerable.Range(AuditTestElection.Index(batch, 1), 50).Select(AuditTestElection.Governor).ToList();
        return (governors.Count(g => g == "cs-gov-a"), governors.Count(g => g == "cs-gov-b"), governors.Count(g => g == "cs-gov-c"));
    }

    private static string Jurisdiction(string batch) => batch is "batch-0" or "batch-1" ? "North County" : "South County";

    /// <summary>A tally sheet of the given batches: what the CVRs say unless <paramref name="paper"/> says otherwise.</summary>
    private string Sheet(string name, IEnumerable<string> batches, Func<string, (long Ada, long Bo, long Cy)>? paper = null)
    {
        var sheet = new StringBuilder("Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\n");
        foreach (var batch in batches)
        {
            var (ada, bo, cy) = paper?.Invoke(batch) ?? Cvr(batch);
            sheet.Append(C, $"{Jurisdiction(batch)},{batch},{ada},{bo},{cy},50\n");
        }

        return _canvass.Write(name, sheet.ToString());
    }

    /// <summary>Each county's board enters its batches' sheet.</summary>
    private void RecordAll(Func<string, (long Ada, long Bo, long Cy)>? paper = null, params string[] batches)
    {
        foreach (var county in (batches.Length == 0 ? Batches : batches).GroupBy(Jurisdiction))
        {
            var run = _canvass.Run("audit", "record", "--county", county.Key, "--file", Sheet($"sheet-{county.Key.Replace(' ', '-')}.csv", county, paper));
            Assert.True(run.ExitCode == 0, run.ToString());
        }
    }

    private JsonElement FullHandTally(string type = "ballot-polling", string contest = "cc-gov")
    {
        Run("audit", "create", "--contest", contest, "--type", type, "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        return Run("audit", "sample", "--option", "all-ballots");
    }

    private bool AuditPassed() => HandCountJson.AuditPassed(_canvass);

    [Fact]
    public void A_polling_full_hand_tally_names_its_frame_lists_no_ballot_and_tally_sheets_that_match_confirm_the_outcome()
    {
        var sample = FullHandTally();
        var size = Assert.Single(sample.GetProperty("sizes").EnumerateArray());
        Assert.Equal(("full-hand-tally", AuditTestElection.Ballots), (size.GetProperty("option").GetString(), size.GetProperty("size").GetInt32()));
        Assert.Equal((4L, 200L), (sample.GetProperty("batches").GetInt64(), sample.GetProperty("ballots").GetInt64()));
        Assert.False(sample.TryGetProperty("sampledBallots", out _));

        // The frame is each county's committed manifest, by import and root.
        var manifest = Run("audit", "status").GetProperty("manifests")[0];
        var frame = sample.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(["ru-north", "ru-south"], frame.Select(m => m.GetProperty("county").GetString()));
        Assert.All(frame, m => Assert.Equal(
            (manifest.GetProperty("importId").GetString(), manifest.GetProperty("merkleRoot").GetString(), 2, 100L),
            (m.GetProperty("importId").GetString(), m.GetProperty("merkleRoot").GetString(), m.GetProperty("batches").GetInt32(), m.GetProperty("ballots").GetInt64())));

        // Each county's retrieval list is its batches.
        var lists = _canvass.Run("audit", "retrieval-list", "--out", _canvass.PathOf("lists"), "--json");
        Assert.True(lists.ExitCode == 0, lists.ToString());
        Assert.Equal(
            ["Jurisdiction,Container,Tabulator,Batch Name,Number of Ballots", "North County,Box 1,,batch-0,50", "North County,Box 1,,batch-1,50"],
            File.ReadAllLines(_canvass.PathOf("lists/retrieval-list-round-1-ru-north.csv")));

        RecordAll();
        var status = Run("audit", "status").GetProperty("rounds")[0].GetProperty("handTally");
        Assert.Equal((4L, 4L), (status.GetProperty("batches").GetInt64(), status.GetProperty("tallied").GetInt64()));

        var close = _canvass.Run("audit", "close-round", "--json");
        var gov = Closed(close, 0);
        var hand = gov.GetProperty("handCount");
        Assert.Equal("confirmed", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-gov-a"], Strings(hand.GetProperty("winners")));

        // A full hand tally logs its ballot accounting even when every batch fits its manifest.
        Assert.Equal(0, JsonDocument.Parse(close.Stdout).RootElement.GetProperty("accountingDiscrepancies").GetArrayLength());
        Assert.Equal((200L, 0L, 4L, 0L), (hand.GetProperty("ballots").GetInt64(), hand.GetProperty("uncounted").GetInt64(), hand.GetProperty("batches").GetInt64(), hand.GetProperty("uncountedBatches").GetInt64()));
        Assert.Equal((140L, 50L, 10L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"], Votes(gov)["cs-gov-c"]));
        Assert.True(gov.GetProperty("riskLimitMet").GetBoolean());
        Assert.True(AuditPassed());

        var report = _canvass.Run("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.True(report.ExitCode == 0, report.ToString());
        var csv = File.ReadAllLines(_canvass.PathOf("report/audit-report.csv"));
        var tally = Array.IndexOf(csv, "######## FULL HAND TALLY ########");
        Assert.Equal("Round,Contest Name,Outcome,Counted,Uncounted,Batches Tallied,Batches Without Tally,Hand Count Votes,Hand Count Winners,Tied,Reported Winners", csv[tally + 1]);
        Assert.StartsWith("1,Governor,confirmed,200,0,4,0,cs-gov-a: 140; cs-gov-b: 50; cs-gov-c: 10,cs-gov-a,,cs-gov-a", csv[tally + 2], StringComparison.Ordinal);
        var batches = Array.IndexOf(csv, "######## FULL HAND TALLY BATCH RESULTS ########");
        Assert.Equal("1,North County,Box 1,,batch-0,50,Yes,50,cc-gov: cs-gov-a 38, cs-gov-b 10, cs-gov-c 2", csv[batches + 2].Replace("\"", "", StringComparison.Ordinal));
        Assert.Empty(csv.SkipWhile(l => l != "######## SAMPLED BALLOTS ########").Skip(2).TakeWhile(l => l.Length > 0));

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 audit round re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Tally_sheets_that_flip_the_winner_say_the_reported_outcome_is_wrong()
    {
        // North County's sheets give Bo every vote the CVRs gave Ada: Ada 70, Bo 120.
        FullHandTally();
        RecordAll(b => Jurisdiction(b) == "North County" ? (0, Cvr(b).Ada + Cvr(b).Bo, Cvr(b).Cy) : Cvr(b));
        var gov = Closed(_canvass.Run("audit", "close-round", "--json"), 1);
        var hand = gov.GetProperty("handCount");
        Assert.Equal("incorrect", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-gov-b"], Strings(hand.GetProperty("winners")));
        Assert.Equal(["cs-gov-a"], Strings(hand.GetProperty("reportedWinners")));
        Assert.Equal((70L, 120L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"]));
        Assert.False(AuditPassed());
        Assert.Contains("cc-gov: full hand count incorrect: cs-gov-a 70, cs-gov-b 120, cs-gov-c 10", _canvass.Run("audit", "status").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Tally_sheets_that_tie_the_contest_are_reported_as_a_tie()
    {
        // batch-0 gives all of Ada's 38 to Bo, batch-1 seven of her 32: Ada 95, Bo 95.
        FullHandTally();
        RecordAll(b => b switch { "batch-0" => (0, 48, 2), "batch-1" => (25, 22, 3), _ => Cvr(b) });
        var gov = Closed(_canvass.Run("audit", "close-round", "--json"), 1);
        var hand = gov.GetProperty("handCount");
        Assert.Equal("tie", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-gov-a", "cs-gov-b"], Strings(hand.GetProperty("tied")));
        Assert.Equal((95L, 95L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"]));
        Assert.False(AuditPassed());
    }

    [Fact]
    public async Task A_batch_with_no_tally_sheet_is_uncounted_and_can_leave_the_count_undecided()
    {
        FullHandTally();
        RecordAll(null, "batch-0", "batch-1");

        // Closing with batches untallied is refused unless the uncounted batches are accepted.
        var problems = await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "close-round");
        Assert.Equal(["Batch batch-2 of South County has no tally sheet.", "Batch batch-3 of South County has no tally sheet."], problems.Select(p => p.GetProperty("message").GetString()));

        // South County's 100 ballots could hold votes for anyone: they reach Ada's lead of 45 (70 to 25).
        var gov = Closed(_canvass.Run("audit", "close-round", "--allow-uncounted", "--json"), 1);
        var hand = gov.GetProperty("handCount");
        Assert.Equal("undecided", hand.GetProperty("outcome").GetString());
        Assert.Equal((100L, 100L, 2L, 2L), (hand.GetProperty("ballots").GetInt64(), hand.GetProperty("uncounted").GetInt64(), hand.GetProperty("batches").GetInt64(), hand.GetProperty("uncountedBatches").GetInt64()));
        Assert.Equal((70L, 25L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"]));
        Assert.False(AuditPassed());
    }

    [Fact]
    public void An_uncounted_batch_smaller_than_the_margin_leaves_the_outcome_confirmed()
    {
        // Without batch-3's 50 ballots the sheets give Ada 108, Bo 35: a lead of 73 that 50 ballots cannot overturn.
        FullHandTally();
        RecordAll(null, "batch-0", "batch-1", "batch-2");
        var close = _canvass.Run("audit", "close-round", "--allow-uncounted");
        Assert.True(close.ExitCode == 0, close.ToString());
        Assert.Contains("cc-gov: CONFIRMED. The full hand tally counted 150 ballots in 3 batches (50 ballots in 1 batch with no tally sheet are uncounted): it confirms the reported outcome (winner(s) cs-gov-a).",
            close.Stdout, StringComparison.Ordinal);
        var gov = Run("audit", "status").GetProperty("rounds")[0].GetProperty("outcomes")[0];
        var hand = gov.GetProperty("handCount");
        Assert.Equal("confirmed", hand.GetProperty("outcome").GetString());
        Assert.Equal((150L, 50L, 1L), (hand.GetProperty("ballots").GetInt64(), hand.GetProperty("uncounted").GetInt64(), hand.GetProperty("uncountedBatches").GetInt64()));
        Assert.Equal((108L, 35L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"]));
    }

    [Theory]
    [InlineData("North County,batch-9,38,10,2,50\n", 3, "Batch Name", "Batch batch-9 of North County is not in the full hand tally's frame (round 1).")]
    [InlineData("North County,batch-0,-1,10,2,50\n", 3, "cs-gov-a", "'-1' is not a whole, non-negative number of votes for cs-gov-a (contest cc-gov).")]
    [InlineData("North County,batch-0,38,ten,2,50\n", 3, "cs-gov-b", "'ten' is not a whole, non-negative number of votes for cs-gov-b (contest cc-gov).")]
    [InlineData("North County,batch-0,38,10,2,50\nNorth County,batch-0,38,10,2,50\n", 4, "Batch Name", "Batch batch-0 of North County is entered more than once.")]
    [InlineData("South County,batch-2,38,10,2,50\n", 3, "Jurisdiction", "Batch batch-2 is ru-south's, not ru-north's; a county's audit board cannot enter another county's batch.")]
    [InlineData("Nowhere,batch-0,38,10,2,50\n", 3, "Jurisdiction", "'Nowhere' is not a county of the election.")]
    [InlineData("North County,\"batch-0\"x,38,10,2,50\n", 3, "Batch Name", "\"batch-0\"x is not a CSV field: a field with a quote in it must be wholly quoted, with each quote inside doubled (\"say \"\"hi\"\"\").")]
    [InlineData("North County,batch-0,38,10,2\n", 3, null, "The row has 5 fields; the header has 6.")]
    [InlineData("North County,batch-0,38,10,2,49\n", 3, "Ballots", "The votes of contest cc-gov in batch batch-0 add up to 50, more than the 49 ballots its sheet counts (Ballots) can hold (49 votes, 1 a ballot).")]
    [InlineData("North County,batch-0,45,0,0,40\n", 3, "cs-gov-a", "45 votes for cs-gov-a (contest cc-gov) in batch batch-0, more than the 40 ballots its sheet counts (Ballots); a ballot marks a selection at most once.")]
    public async Task A_bad_tally_sheet_is_refused_whole_and_stores_nothing(string rows, int line, string? column, string message)
    {
        FullHandTally();

        // A good row first: nothing of the sheet is kept when any row is bad.
        var sheet = _canvass.Write("bad.csv", "Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\nNorth County,batch-1,32,15,3,50\n" + rows);
        var problem = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "record", "--county", "North County", "--file", sheet));
        Assert.Equal(message, problem.GetProperty("message").GetString());
        Assert.Equal(sheet, problem.GetProperty("file").GetString());
        Assert.Equal((column, line), (problem.TryGetProperty("path", out var path) ? path.GetString() : null, problem.GetProperty("line").GetInt32()));
        Assert.Equal(0L, Run("audit", "status").GetProperty("rounds")[0].GetProperty("handTally").GetProperty("tallied").GetInt64());
    }

    [Theory]
    [InlineData("ballot-polling")]
    [InlineData("ballot-comparison")]
    public async Task A_sheet_that_does_not_add_up_is_refused_even_though_the_hand_count_records_the_paper_as_found(string type)
    {
        // A full hand tally records votes beyond the manifest as found, but not a sheet that contradicts itself: batch-0's
        // 38 + 10 + 2 = 50 votes on the 48 ballots its board counted, batch-2's 38 + 10 + 2 on 49. Every such row of the
        // file is listed with its line; nothing is recorded for either county.
        FullHandTally(type);
        var sheet = _canvass.Write("both.csv", "Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\n"
            + "North County,batch-0,38,10,2,48\nNorth County,batch-1,32,15,3,50\nSouth County,batch-2,38,10,2,49\n");
        var problems = await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "record", "--file", sheet);
        Assert.Equal(
            [(sheet, 2, "Ballots", "The votes of contest cc-gov in batch batch-0 add up to 50, more than the 48 ballots its sheet counts (Ballots) can hold (48 votes, 1 a ballot)."),
             (sheet, 4, "Ballots", "The votes of contest cc-gov in batch batch-2 add up to 50, more than the 49 ballots its sheet counts (Ballots) can hold (49 votes, 1 a ballot).")],
            problems.Select(p => (p.GetProperty("file").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString(), p.GetProperty("message").GetString())));
        Assert.Equal(0L, Run("audit", "status").GetProperty("rounds")[0].GetProperty("handTally").GetProperty("tallied").GetInt64());

        // At the limit, 38 + 10 = 48 votes on 48 ballots (two left blank), it is the paper as found: recorded, and its
        // Ballots, two short of the manifest, is a ballot-accounting discrepancy as before.
        var atLimit = _canvass.Run("audit", "record", "--county", "North County", "--file",
            _canvass.Write("limit.csv", "Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\nNorth County,batch-0,38,10,0,48\n"));
        Assert.True(atLimit.ExitCode == 0, atLimit.ToString());
        Assert.Contains("warning: Batch batch-0 of North County: the board entered 48 ballots, 2 fewer than the 50 the manifest gives it.", atLimit.Stderr, StringComparison.Ordinal);
        Assert.Equal(1L, Run("audit", "status").GetProperty("rounds")[0].GetProperty("handTally").GetProperty("tallied").GetInt64());
    }

    [Fact]
    public async Task A_sheet_is_read_as_every_csv_is_blank_lines_skipped_and_a_column_named_twice_refused()
    {
        FullHandTally();
        var twice = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "record", "--county", "North County", "--file",
            _canvass.Write("twice.csv", "Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots,ballots\nNorth County,batch-0,38,10,2,50,50\n")));
        Assert.Equal(("The column 'ballots' appears twice.", "ballots"), (twice.GetProperty("message").GetString(), twice.GetProperty("path").GetString()));

        // A spreadsheet's blank lines, before the header or after the last row, hold nothing and are not errors.
        var (ada, bo, cy) = Cvr("batch-0");
        var blank = _canvass.Write("blank.csv", $"\nJurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\nNorth County,batch-0,{ada},{bo},{cy},50\n\n");
        var run = _canvass.Run("audit", "record", "--county", "North County", "--file", blank);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task A_sheet_without_a_selection_column_or_a_ballot_entry_in_a_tally_round_is_refused()
    {
        FullHandTally();
        var missing = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "record", "--file",
            _canvass.Write("no-cy.csv", "Jurisdiction,Batch Name,cs-gov-a,cs-gov-b\nNorth County,batch-0,38,10\n")));
        Assert.Equal("The column 'cs-gov-c' (a selection of audited contest cc-gov) is missing.", missing.GetProperty("message").GetString());

        var ballot = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "record", "--county", "North County", "--batch", "batch-0", "--position", "1", "--vote", "cc-gov=cs-gov-a"));
        Assert.StartsWith("A full hand tally records batch tallies from a tally sheet: give --file", ballot.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Entering_the_same_sheet_again_changes_nothing_and_a_corrected_sheet_replaces_the_earlier()
    {
        FullHandTally();

        // North County first enters a sheet that gives Bo all of Ada's votes, then corrects it; South County enters twice.
        RecordAll(b => (0, Cvr(b).Ada + Cvr(b).Bo, Cvr(b).Cy), "batch-0", "batch-1");
        RecordAll(null, "batch-0", "batch-1");
        RecordAll(null, "batch-2", "batch-3");
        RecordAll(null, "batch-2", "batch-3");
        var round = Run("audit", "status").GetProperty("rounds")[0];
        Assert.Equal((4L, 4), (round.GetProperty("handTally").GetProperty("tallied").GetInt64(), round.GetProperty("recorded").GetInt32()));

        var gov = Closed(_canvass.Run("audit", "close-round", "--json"), 0);
        Assert.Equal("confirmed", gov.GetProperty("handCount").GetProperty("outcome").GetString());
        Assert.Equal((140L, 50L, 10L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"], Votes(gov)["cs-gov-c"]));
    }

    [Fact]
    public void A_ballot_comparison_full_hand_tally_after_a_sampled_round_is_tallied_per_batch_too()
    {
        // Round 1 draws 8 ballots whose paper shows Bo for Ada; a size reaching the other 192 makes round 2 a full hand
        // tally, which needs no CVR: its sheets count every batch again, whatever round 1 read.
        Run("audit", "create", "--contest", "cc-gov", "--type", "ballot-comparison", "--risk-limit", "5");
        Run("audit", "seed", "--seed", Seed);
        AuditTestElection.Record(_canvass, Run("audit", "sample", "--size", "8"), i => AuditTestElection.Governor(i) == "cs-gov-a" ? "cs-gov-b" : AuditTestElection.Governor(i));
        Assert.Equal("next-round", Run("audit", "close-round").GetProperty("decision").GetString());

        var all = Run("audit", "sample", "--size", "192");
        Assert.Equal(("full-hand-tally", 200L, 4L), (all.GetProperty("sizes")[0].GetProperty("option").GetString(), all.GetProperty("ballots").GetInt64(), all.GetProperty("batches").GetInt64()));
        RecordAll();
        var gov = Closed(_canvass.Run("audit", "close-round", "--json"), 0);
        Assert.Equal("confirmed", gov.GetProperty("handCount").GetProperty("outcome").GetString());
        Assert.Equal((140L, 50L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"]));

        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("2 audit rounds re-drawn from the public seed and matched", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reported_tie_in_ballot_comparison_is_settled_by_tally_sheets()
    {
        // District 1 is reported tied, Pat 100, Quinn 100 (25 each per batch); batch-0's sheet shows Pat 26, Quinn 24.
        using var tied = new Canvass();
        AuditTestElection.Commit(tied, district: true);
        Assert.Equal(0, tied.Run("audit", "create", "--contest", "cc-d1", "--type", "ballot-comparison", "--risk-limit", "10").ExitCode);
        Assert.Equal(0, tied.Run("audit", "seed", "--seed", Seed).ExitCode);
        var sample = Json.Parse(tied.Run("audit", "sample", "--json"));
        Assert.Equal(4L, sample.GetProperty("batches").GetInt64());
        var sheet = new StringBuilder("Jurisdiction,Batch Name,cs-d1-p,cs-d1-q\n");
        foreach (var batch in Batches)
        {
            sheet.Append(C, $"{Jurisdiction(batch)},{batch},{(batch == "batch-0" ? "26,24" : "25,25")}\n");
        }

        var record = tied.Run("audit", "record", "--file", tied.Write("d1.csv", sheet.ToString()));
        Assert.True(record.ExitCode == 0, record.ToString());
        var d1 = Closed(tied.Run("audit", "close-round", "--json"), 1);
        var hand = d1.GetProperty("handCount");
        Assert.Equal("incorrect", hand.GetProperty("outcome").GetString());
        Assert.Equal(["cs-d1-p"], Strings(hand.GetProperty("winners")));
        Assert.Empty(Strings(hand.GetProperty("reportedWinners")));
        Assert.Equal((101L, 99L), (Votes(d1)["cs-d1-p"], Votes(d1)["cs-d1-q"]));
    }

    [Fact]
    public async Task A_batch_name_under_two_tabulators_is_tallied_per_tabulator()
    {
        // South County reported totals only, and its manifest names batch "b" under two tabulators: a batch there is its
        // tabulator and name, so its sheet needs the Tabulator column.
        using var split = new Canvass();
        Assert.Equal(0, split.Run("init", "--election", TestElection.WriteJson(split)).ExitCode);
        Assert.Equal(0, split.Run("import", "cvr", split.Write("north-cvrs.csv", HybridTestElection.NorthCvrs())).ExitCode);
        Assert.Equal(0, split.Run("import", "results", split.Write("south-results.csv", HybridTestElection.SouthResults())).ExitCode);
        var manifest = split.Run("import", "manifest", split.Write("manifest.csv",
            "Jurisdiction,Tabulator,Batch Name,Number of Ballots\nNorth County,,batch-0,50\nNorth County,,batch-1,50\nSouth County,T1,b,50\nSouth County,T2,b,50\n"));
        Assert.True(manifest.ExitCode == 0, manifest.ToString());
        Assert.Equal(0, split.Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10").ExitCode);
        Assert.Equal(0, split.Run("audit", "seed", "--seed", Seed).ExitCode);
        Assert.Equal(4L, Json.Parse(split.Run("audit", "sample", "--option", "all-ballots", "--json")).GetProperty("batches").GetInt64());

        var ambiguous = Assert.Single(await StoreProbe.RefusedProblemsAsync(split, "audit", "record", "--file",
            split.Write("no-tabulator.csv", "Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c\nSouth County,b,38,10,2\n")));
        Assert.Equal(("Batch b of South County is under 2 tabulators (T1, T2); name its tabulator in a Tabulator column.", "Tabulator"),
            (ambiguous.GetProperty("message").GetString(), ambiguous.GetProperty("path").GetString()));

        var sheet = split.Write("sheet.csv", "Jurisdiction,Tabulator,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c\n"
            + "North County,,batch-0,38,10,2\nNorth County,,batch-1,32,15,3\nSouth County,T1,b,38,10,2\nSouth County,T2,b,32,15,3\n");
        var record = split.Run("audit", "record", "--file", sheet);
        Assert.True(record.ExitCode == 0, record.ToString());
        var gov = Closed(split.Run("audit", "close-round", "--json"), 0);
        Assert.Equal((4L, 0L), (gov.GetProperty("handCount").GetProperty("batches").GetInt64(), gov.GetProperty("handCount").GetProperty("uncountedBatches").GetInt64()));
        Assert.Equal((140L, 50L, 10L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"], Votes(gov)["cs-gov-c"]));
    }

    [Fact]
    public async Task An_opportunistic_contest_within_the_frame_is_a_column_of_the_sheet_and_gets_its_own_hand_count()
    {
        // The measure's columns are required; its CVRs say No on every third ballot (67 of 200), Yes on the rest (133).
        Run("audit", "create", "--contest", "cc-gov", "--opportunistic", "bm-1", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        Run("audit", "sample", "--option", "all-ballots");
        var missing = await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "record", "--file", Sheet("gov-only.csv", Batches));
        Assert.Equal(["The column 'bm-1-yes' (a selection of audited contest bm-1) is missing.", "The column 'bm-1-no' (a selection of audited contest bm-1) is missing."],
            missing.Select(p => p.GetProperty("message").GetString()));

        var sheet = new StringBuilder("Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,bm-1-yes,bm-1-no\n");
        foreach (var batch in Batches)
        {
            var (ada, bo, cy) = Cvr(batch);
            var no = Enumerable.Range(AuditTestElection.Index(batch, 1), 50).Count(i => i % 3 == 0);
            sheet.Append(C, $"{Jurisdiction(batch)},{batch},{ada},{bo},{cy},{50 - no},{no}\n");
        }

        var record = _canvass.Run("audit", "record", "--file", _canvass.Write("both.csv", sheet.ToString()));
        Assert.True(record.ExitCode == 0, record.ToString());
        var contests = Json.Parse(_canvass.Run("audit", "close-round", "--json")).GetProperty("contests").EnumerateArray().ToList();
        var measure = contests.Single(c => c.GetProperty("contest").GetString() == "bm-1");
        Assert.Equal(("confirmed", 4L), (measure.GetProperty("handCount").GetProperty("outcome").GetString(), measure.GetProperty("handCount").GetProperty("batches").GetInt64()));
        Assert.Equal((133L, 67L), (Votes(measure)["bm-1-yes"], Votes(measure)["bm-1-no"]));
    }

    [Fact]
    public async Task Per_ballot_is_only_for_a_full_hand_tally_of_a_ballot_audit()
    {
        Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        var problem = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "sample", "--size", "20", "--per-ballot"));
        Assert.Equal("--per-ballot", problem.GetProperty("path").GetString());
        Assert.Contains("--per-ballot applies only to a full hand tally", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
