using System.Globalization;
using System.Text;
using System.Text.Json;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using static Canvass.Cli.Tests.HandCountJson;

namespace Canvass.Cli.Tests;

/// <summary>A full hand tally whose paper does not fit the committed manifest, through <c>canvass audit</c> on
/// <see cref="AuditTestElection"/> (batches of 50 ballots: batch-0 Ada 38, Bo 10, Cy 2; batch-1 32, 15, 3; batch-2 38, 10,
/// 2; batch-3 32, 15, 3): the hand count records the paper as found, each batch that does not fit is a ballot-accounting
/// discrepancy that close-round lists and fails on, and the audit passes only once the officials explain each.</summary>
public sealed class AuditCliBallotAccountingTests : IDisposable
{
    private const string Seed = "12345678901234567890";
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly Canvass _canvass = new();

    public AuditCliBallotAccountingTests() => AuditTestElection.Commit(_canvass);

    public void Dispose() => _canvass.Dispose();

    private JsonElement Run(params string[] args)
    {
        var run = _canvass.Run([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return Json.Parse(run);
    }

    private JsonElement FullHandTally(params string[] sampleOptions)
    {
        Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10");
        Run("audit", "seed", "--seed", Seed);
        return Run(["audit", "sample", "--option", "all-ballots", .. sampleOptions]);
    }

    /// <summary>Records a county's tally sheet, rows "batch,Ada,Bo,Cy,Ballots"; returns the run.</summary>
    private CliRun Sheet(string county, params string[] rows)
    {
        var sheet = new StringBuilder("Jurisdiction,Batch Name,cs-gov-a,cs-gov-b,cs-gov-c,Ballots\n");
        foreach (var row in rows)
        {
            sheet.Append(C, $"{county},{row}\n");
        }

        return _canvass.Run("audit", "record", "--county", county, "--file", _canvass.Write($"sheet-{county.Replace(' ', '-')}.csv", sheet.ToString()));
    }

    private CliRun Explain(string county, string batch, string explanation = "The board found a second box of this batch; the county re-certified with its ballots.") =>
        _canvass.Run("audit", "explain", "--county", county, "--batch", batch, "--explanation", explanation, "--json");

    private void Verified()
    {
        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    private string[] ReportSection(string title)
    {
        var report = _canvass.Run("audit", "report", "--out", _canvass.PathOf("report"));
        Assert.True(report.ExitCode == 0, report.ToString());
        var csv = File.ReadAllLines(_canvass.PathOf("report/audit-report.csv"));
        return [.. csv.SkipWhile(l => l != $"######## {title} ########").Skip(1).TakeWhile(l => l.Length > 0)];
    }

    private static (string Kind, string Batch, int Manifest, long Shown, long Allowed) Discrepancy(JsonElement d) =>
        (d.GetProperty("kind").GetString()!, d.GetProperty("batch").GetString()!, d.GetProperty("manifestBallots").GetInt32(), d.GetProperty("shown").GetInt64(), d.GetProperty("allowed").GetInt64());

    [Fact]
    public void A_sheet_beyond_its_manifest_is_recorded_as_found_and_the_audit_fails_until_the_officials_explain_it()
    {
        FullHandTally();

        // The board found 53 ballots in batch-0, which the manifest gives 50: three more votes for Ada than the CVRs.
        var north = Sheet("North County", "batch-0,41,10,2,53", "batch-1,32,15,3,50");
        Assert.True(north.ExitCode == 0, north.ToString());
        Assert.Contains("warning: Batch batch-0 of North County: the board entered 53 ballots, 3 more than the 50 the manifest gives it.", north.Stderr, StringComparison.Ordinal);
        Assert.Contains("warning: Batch batch-0 of North County: the votes of contest cc-gov add up to 53, 3 more than its 50 ballots in the manifest can hold (50 votes).", north.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Sheet("South County", "batch-2,38,10,2,50", "batch-3,32,15,3,50").ExitCode);

        // The hand count is the paper as entered, and still confirms Ada; but the round fails and no result is recorded.
        var close = _canvass.Run("audit", "close-round", "--json");
        var gov = Closed(close, 1);
        Assert.Equal("confirmed", gov.GetProperty("handCount").GetProperty("outcome").GetString());
        Assert.Equal((143L, 50L, 10L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"], Votes(gov)["cs-gov-c"]));
        var discrepancies = JsonDocument.Parse(close.Stdout).RootElement.GetProperty("accountingDiscrepancies").EnumerateArray().ToList();
        Assert.Equal([("ballots", "batch-0", 50, 53L, 50L), ("contest-votes", "batch-0", 50, 53L, 50L)], discrepancies.Select(Discrepancy));
        Assert.All(discrepancies, d => Assert.Equal("ru-north", d.GetProperty("county").GetString()));
        Assert.False(AuditPassed(_canvass));

        var status = _canvass.Run("audit", "status");
        Assert.Contains("ballot accounting: 2 discrepancies, 2 unexplained", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Next: the full hand tally's paper does not fit its manifest: explain each batch with 'canvass audit explain'", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            ["Round,Jurisdiction,Container,Tabulator,Batch Name,Manifest Ballots,Discrepancy,Contest,Selection,Entered,Manifest Allows,Explained?,Explanation",
             "1,North County,Box 1,,batch-0,50,ballots,,,53,50,No,", "1,North County,Box 1,,batch-0,50,contest-votes,cc-gov,,53,50,No,"],
            ReportSection("BALLOT ACCOUNTING DISCREPANCIES"));
        Verified();

        // One explanation of the batch answers both; the hand count's result follows, and verify re-derives it all.
        var explain = Explain("North County", "batch-0");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        var explained = JsonDocument.Parse(explain.Stdout).RootElement;
        Assert.Equal((2, 0), (explained.GetProperty("explained").GetInt32(), explained.GetProperty("standing").GetArrayLength()));
        Assert.Equal(("cc-gov", "hand-count", "passed"), (explained.GetProperty("results")[0].GetProperty("contest").GetString(),
            explained.GetProperty("results")[0].GetProperty("kind").GetString(), explained.GetProperty("results")[0].GetProperty("outcome").GetString()));
        Assert.True(AuditPassed(_canvass));
        Assert.Contains("1,North County,Box 1,,batch-0,50,ballots,,,53,50,Yes,The board found a second box of this batch; the county re-certified with its ballots.",
            ReportSection("BALLOT ACCOUNTING DISCREPANCIES"));
        Assert.Contains("Next: the full hand count is the result", _canvass.Run("audit", "status").Stdout, StringComparison.Ordinal);
        Verified();
    }

    [Fact]
    public async Task Close_round_names_every_batch_and_each_needs_its_own_explanation()
    {
        FullHandTally();
        var early = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "explain", "--county", "North County", "--batch", "batch-0", "--explanation", "Too early."));
        Assert.StartsWith("No closed round has a ballot-accounting discrepancy to explain", early.GetProperty("message").GetString(), StringComparison.Ordinal);

        // batch-2's board counted 48 ballots; batch-3's counted 52 and gives Ada 52 votes, two more than its 50 ballots.
        Assert.Equal(0, Sheet("North County", "batch-0,38,10,2,50", "batch-1,32,15,3,50").ExitCode);
        var south = Sheet("South County", "batch-2,38,10,0,48", "batch-3,52,0,0,52");
        Assert.True(south.ExitCode == 0, south.ToString());
        Assert.Contains("'canvass audit close-round' will list it, and the audit cannot pass until the officials explain it", south.Stderr, StringComparison.Ordinal);

        var close = _canvass.Run("audit", "close-round");
        Assert.True(close.ExitCode == 1, close.ToString());
        Assert.Contains("cc-gov: CONFIRMED.", close.Stdout, StringComparison.Ordinal);
        Assert.Contains("hand count: cs-gov-a 160, cs-gov-b 35, cs-gov-c 5", close.Stdout, StringComparison.Ordinal);
        Assert.Contains("Ballot accounting: 2 batches do not fit the ballots the committed manifest gives them.", close.Stdout, StringComparison.Ordinal);
        Assert.Contains("Batch batch-2 of South County: the board entered 48 ballots, 2 fewer than the 50 the manifest gives it.", close.Stdout, StringComparison.Ordinal);
        Assert.Contains("Batch batch-3 of South County: the board entered 52 ballots, 2 more than the 50 the manifest gives it.", close.Stdout, StringComparison.Ordinal);
        Assert.Contains("Batch batch-3 of South County: 52 votes for cs-gov-a (contest cc-gov), 2 more than its 50 ballots in the manifest can hold (a ballot marks a selection at most once).", close.Stdout, StringComparison.Ordinal);

        // A batch without a discrepancy, an unknown county and an empty explanation are refused.
        var clean = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "explain", "--county", "North County", "--batch", "batch-0", "--explanation", "Nothing."));
        Assert.Equal(("Batch batch-0 of North County has no ballot-accounting discrepancy in round 1. Still to explain: batch-2 of South County; batch-3 of South County.", "--batch"),
            (clean.GetProperty("message").GetString(), clean.GetProperty("path").GetString()));
        var nowhere = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "explain", "--county", "Nowhere", "--batch", "batch-2", "--explanation", "x"));
        Assert.Equal("--county", nowhere.GetProperty("path").GetString());
        var empty = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "explain", "--county", "South County", "--batch", "batch-2", "--explanation", "  "));
        Assert.Equal(("The explanation must be 1 to 1,000 printable characters on one line (it is blank).", "--explanation"),
            (empty.GetProperty("message").GetString(), empty.GetProperty("path").GetString()));
        var broken = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "explain", "--county", "South County", "--batch", "batch-2", "--explanation", "Found\nlater."));
        Assert.EndsWith("(it holds a line break or another control character).", broken.GetProperty("message").GetString(), StringComparison.Ordinal);

        // The first explanation leaves batch-3 standing: still no result, still exit 1; the same batch cannot be explained twice.
        var first = Explain("South County", "batch-2", "Two ballots of batch-2 were found in batch-3's box.");
        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Equal([("ballots", "batch-3", 50, 52L, 50L), ("selection-votes", "batch-3", 50, 52L, 50L)], JsonDocument.Parse(first.Stdout).RootElement.GetProperty("standing").EnumerateArray().Select(Discrepancy));
        Assert.False(AuditPassed(_canvass));
        var twice = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "explain", "--county", "South County", "--batch", "batch-2", "--explanation", "Again."));
        Assert.StartsWith("Batch batch-2 of South County is already explained in round 1.", twice.GetProperty("message").GetString(), StringComparison.Ordinal);

        var last = _canvass.Run("audit", "explain", "--county", "South County", "--batch", "batch-3", "--explanation", "Batch-3's tally counted the two ballots from batch-2 as Ada's; 52 is right for the box.");
        Assert.True(last.ExitCode == 0, last.ToString());
        Assert.Contains("No ballot-accounting discrepancy stands: the audit result of cc-gov is recorded, hand-count passed.", last.Stdout, StringComparison.Ordinal);
        Assert.True(AuditPassed(_canvass));
        Verified();
    }

    [Fact]
    public void A_hand_count_that_does_not_confirm_the_outcome_fails_after_the_explanation_too()
    {
        // North County's paper gives Bo Ada's votes, and batch-1 holds 52 ballots.
        FullHandTally();
        Assert.Equal(0, Sheet("North County", "batch-0,0,48,2,50", "batch-1,0,49,3,52").ExitCode);
        Assert.Equal(0, Sheet("South County", "batch-2,38,10,2,50", "batch-3,32,15,3,50").ExitCode);
        Assert.Equal("incorrect", Closed(_canvass.Run("audit", "close-round", "--json"), 1).GetProperty("handCount").GetProperty("outcome").GetString());

        var explain = Explain("North County", "batch-1");
        Assert.True(explain.ExitCode == 1, explain.ToString());
        Assert.Equal("failed", JsonDocument.Parse(explain.Stdout).RootElement.GetProperty("results")[0].GetProperty("outcome").GetString());
        Assert.False(AuditPassed(_canvass));
        Verified();
    }

    [Fact]
    public async Task A_ballot_found_past_its_batchs_manifest_count_is_entered_in_a_per_ballot_hand_count()
    {
        // Ballot by ballot the round lists the manifest's 200 ballots; batch-0's box holds a 51st ballot, for Bo.
        AuditTestElection.Record(_canvass, FullHandTally("--per-ballot"));
        var extra = _canvass.Run("audit", "record", "--county", "North County", "--batch", "batch-0", "--position", "51", "--vote", "cc-gov=cs-gov-b");
        Assert.True(extra.ExitCode == 0, extra.ToString());
        Assert.Contains("warning: Batch batch-0 of North County: the board entered 51 ballots, 1 more than the 50 the manifest gives it.", extra.Stderr, StringComparison.Ordinal);

        // Still refused: a ballot past the manifest entered as not found, and a batch the frame does not have.
        var notFound = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "record", "--county", "North County", "--batch", "batch-0", "--position", "52", "--not-found"));
        Assert.Equal(("Ballot ru-north/batch-0/52 is past the 50 ballots the manifest gives batch batch-0: only a ballot that was found can be entered there.", "Interpretation"),
            (notFound.GetProperty("message").GetString(), notFound.GetProperty("path").GetString()));
        var unknown = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "record", "--county", "North County", "--batch", "batch-9", "--position", "51", "--vote", "cc-gov=cs-gov-b"));
        Assert.Equal("Ballot ru-north/batch-9/51 is not in round 1's sample.", unknown.GetProperty("message").GetString());

        var close = _canvass.Run("audit", "close-round", "--json");
        var gov = Closed(close, 1);
        Assert.Equal(("confirmed", 201L), (gov.GetProperty("handCount").GetProperty("outcome").GetString(), gov.GetProperty("handCount").GetProperty("ballots").GetInt64()));
        Assert.Equal((140L, 51L), (Votes(gov)["cs-gov-a"], Votes(gov)["cs-gov-b"]));
        Assert.Equal([("ballots", "batch-0", 50, 51L, 50L)], JsonDocument.Parse(close.Stdout).RootElement.GetProperty("accountingDiscrepancies").EnumerateArray().Select(Discrepancy));
        Assert.False(AuditPassed(_canvass));
        Verified();

        Assert.Equal(0, Explain("North County", "batch-0", "A ballot stuck to another was fed once; the manifest counted 50.").ExitCode);
        Assert.True(AuditPassed(_canvass));
        Verified();
    }

    private Task ForgeAsync(params IEvent[] events) => Tamper.AppendSignedAsync(_canvass.Store, events);

    [Fact]
    public async Task Verify_fails_a_log_whose_result_was_recorded_while_a_discrepancy_stood()
    {
        FullHandTally();
        Assert.Equal(0, Sheet("North County", "batch-0,38,10,2,51", "batch-1,32,15,3,50").ExitCode);
        Assert.Equal(0, Sheet("South County", "batch-2,38,10,2,50", "batch-3,32,15,3,50").ExitCode);
        Assert.Equal(1, _canvass.Run("audit", "close-round").ExitCode);
        Verified();

        // The audit's result recorded as passed although batch-0's 51st ballot is unexplained.
        await ForgeAsync(new AuditResultRecorded("cc-gov", "hand-count", "passed", null, "canvass audit audit-1", DateTimeOffset.UnixEpoch, null));
        Assert.True(AuditPassed(_canvass));
        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("the audit result of cc-gov was recorded (passed) while 1 ballot-accounting discrepancies of round 1 stood unexplained", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_round_refuses_a_sheet_that_does_not_add_up_that_an_older_canvass_took_until_it_is_entered_again()
    {
        // batch-0's sheet gives 38 + 10 + 2 = 50 votes on the 48 ballots its board counted: 'audit record' refuses it now,
        // but a store an older Canvass wrote can hold it.
        FullHandTally();
        await ForgeAsync(new BatchTalliesRecorded("audit-1", 1, "ru-north", "older.csv",
            [new AuditedBatchTally("ru-north", "batch-0", "cc-gov", 48, [new ReportedChoice("cs-gov-a", 38), new ReportedChoice("cs-gov-b", 10), new ReportedChoice("cs-gov-c", 2)])]));
        Assert.Equal(0, Sheet("North County", "batch-1,32,15,3,50").ExitCode);
        Assert.Equal(0, Sheet("South County", "batch-2,38,10,2,50", "batch-3,32,15,3,50").ExitCode);

        var problem = Assert.Single(await StoreProbe.RefusedProblemsAsync(_canvass, "audit", "close-round"));
        Assert.Equal(("bad-count", "ru-north", "The votes of contest cc-gov in batch batch-0 of North County add up to 50, more than the 48 ballots its sheet counts (Ballots) can hold (48 votes, 1 a ballot)."),
            (problem.GetProperty("code").GetString(), problem.GetProperty("path").GetString(), problem.GetProperty("message").GetString()));

        // The board enters the batch again, corrected: the round closes on the paper found and verifies.
        Assert.Equal(0, Sheet("North County", "batch-0,38,10,2,50").ExitCode);
        var close = _canvass.Run("audit", "close-round");
        Assert.True(close.ExitCode == 0, close.ToString());
        Verified();
    }

    [Fact]
    public async Task Verify_fails_a_tally_of_a_batch_the_frame_does_not_have()
    {
        FullHandTally();
        await ForgeAsync(new BatchTalliesRecorded("audit-1", 1, "ru-north", "forged.csv",
            [new AuditedBatchTally("ru-north", "batch-9", "cc-gov", 50, [new ReportedChoice("cs-gov-a", 50), new ReportedChoice("cs-gov-b", 0), new ReportedChoice("cs-gov-c", 0)])]));
        var verify = _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("round 1's tally of cc-gov in batch batch-9 of ru-north, entered by ru-north's board, names no batch of the full hand tally's frame (round 1) that holds the contest", verify.Stderr, StringComparison.Ordinal);
    }
}
