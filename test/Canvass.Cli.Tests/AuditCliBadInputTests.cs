using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary>Every bad input the audit workflow refuses (issue 5): a clear problem, exit code 2, nothing stored.</summary>
public sealed class AuditCliBadInputTests : IDisposable
{
    private const string Seed = "31415926535897932384";
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private async Task<JsonElement> RefusedAsync(params string[] args)
    {
        var before = await StoreProbe.CountAsync(_canvass.Store);
        var run = _canvass.Run([.. args, "--json"]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(before, await StoreProbe.CountAsync(_canvass.Store));
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        if (report.ValueKind == JsonValueKind.Array)
        {
            Assert.Equal("rejected", report[0].GetProperty("status").GetString());
        }
        else
        {
            Assert.False(report.GetProperty("ok").GetBoolean());
        }

        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
        return report;
    }

    private static JsonElement[] Problems(JsonElement report) =>
        report.ValueKind == JsonValueKind.Array ? [.. report[0].GetProperty("problems").EnumerateArray()] : [.. report.GetProperty("problems").EnumerateArray()];

    private void Created()
    {
        AuditTestElection.Commit(_canvass);
        Assert.Equal(0, _canvass.Run("audit", "create", "--contest", "cc-gov", "--type", "ballot-comparison", "--risk-limit", "10").ExitCode);
    }

    private JsonElement Sampled()
    {
        Created();
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", Seed).ExitCode);
        return Json.Parse(_canvass.Run("audit", "sample", "--size", "12", "--json"));
    }

    /// <summary>Draws round 1 and returns the batch and position (as typed) of its first North County ballot.</summary>
    private (string Batch, string Position) SampledNorthBallot()
    {
        var north = Sampled().GetProperty("sampledBallots").EnumerateArray().First(b => b.GetProperty("county").GetString() == "ru-north");
        return (north.GetProperty("batch").GetString()!, north.GetProperty("position").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Manifest_whose_batch_counts_disagree_with_the_cvrs_is_refused_with_the_line()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("cvrs.csv", AuditTestElection.Cvrs())).ExitCode);
        var file = _canvass.Write("manifest.csv", AuditTestElection.Manifest.Replace("batch-1,50", "batch-1,49", StringComparison.Ordinal));
        var p = Assert.Single(Problems(await RefusedAsync("import", "manifest", file)));
        Assert.Equal(("inconsistent", 3, "Number of Ballots"), (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString()));
        Assert.Contains("49 ballots, but the committed CVRs hold 50", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_missing_a_batch_the_cvrs_have_is_refused()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("cvrs.csv", AuditTestElection.Cvrs())).ExitCode);
        var file = _canvass.Write("manifest.csv", AuditTestElection.Manifest.Replace("South County,Box 9,batch-3,50\n", "", StringComparison.Ordinal));
        var p = Assert.Single(Problems(await RefusedAsync("import", "manifest", file)));
        Assert.Contains("batch 'batch-3', which the manifest does not list", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cvrs_for_a_county_whose_manifest_is_committed_are_refused()
    {
        AuditTestElection.Commit(_canvass);
        var late = _canvass.Write("late.csv", "ballot_id,county,precinct,batch,vote_method,cc-gov\nLATE1,ru-south,ru-s1,batch-2,election-day,cs-gov-b\n");
        var p = Assert.Single(Problems(await RefusedAsync("import", "cvr", late)));
        Assert.Contains("manifest of ru-south is already committed", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_with_duplicate_batches_is_refused_with_both_lines()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var file = _canvass.Write("manifest.csv", AuditTestElection.Manifest + "North County,Box 2,batch-0,50\n");
        var p = Assert.Single(Problems(await RefusedAsync("import", "manifest", file)));
        Assert.Equal(("duplicate-id", 6), (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32()));
        Assert.Contains("first on line 2", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_with_problems_of_every_stage_on_several_rows_lists_them_all_in_one_run()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("cvrs.csv", AuditTestElection.Cvrs())).ExitCode);
        var file = _canvass.Write("manifest.csv", """
            Jurisdiction,Container,Batch Name,Number of Ballots
            North County,Box 1,batch-0,fifty
            North County,Box 1,batch-1,49
            Suoth County,Box 9,batch-2,50
            South County,Box 9,batch-3,50
            Nowhere,Box 9,batch-9,x
            South County,Box 9,batch-3,50

            """);
        var problems = Problems(await RefusedAsync("import", "manifest", file))
            .Select(p => (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString())).ToArray();

        // Batch-0 and batch-2, whose rows are refused, are not reported again as batches the CVRs have and the manifest leaves out.
        Assert.Equal(
            [
                ("bad-count", 2, "Number of Ballots"), ("bad-count", 6, "Number of Ballots"), ("duplicate-id", 7, "Batch Name"),
                ("unknown-reference", 4, "Jurisdiction"), ("unknown-reference", 6, "Jurisdiction"), ("inconsistent", 3, "Number of Ballots"),
            ],
            problems);

        var mended = _canvass.Write("mended.csv", AuditTestElection.Manifest);
        Assert.Equal(0, _canvass.Run("import", "manifest", mended).ExitCode);
        Assert.Contains("unchanged", _canvass.Run("import", "manifest", mended).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_for_audited_counties_with_a_bad_row_lists_every_locked_county_too()
    {
        Created();
        var file = _canvass.Write("manifest2.csv", "Jurisdiction,Batch Name,Number of Ballots\nNorth County,batch-0,50\nNorth County,batch-1,50\nSouth County,batch-2,5x\nSouth County,batch-3,50\n");
        var problems = Problems(await RefusedAsync("import", "manifest", file));
        Assert.Equal(["bad-count", "inconsistent", "inconsistent"], problems.Select(p => p.GetProperty("code").GetString()).ToArray());
        Assert.Contains("manifest of county ru-north;", problems[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("manifest of county ru-south;", problems[2].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_before_the_commitments_is_refused()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        await RefusedAsync("audit", "seed", "--seed", Seed);

        // Nor can the audit be created before the manifests are committed.
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("cvrs.csv", AuditTestElection.Cvrs())).ExitCode);
        var p = Problems(await RefusedAsync("audit", "create", "--contest", "cc-gov", "--risk-limit", "10"));
        Assert.Contains("No ballot manifest is committed", p[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_seed_is_refused()
    {
        Created();
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", Seed).ExitCode);
        var report = await RefusedAsync("audit", "seed", "--seed", "99999999999999999999");
        Assert.Contains("already set", report.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_seed_is_refused()
    {
        Created();
        await RefusedAsync("audit", "seed", "--seed", "12345");
    }

    [Fact]
    public async Task Imports_affecting_an_audited_contest_are_refused_once_the_seed_is_set()
    {
        Created();
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", Seed).ExitCode);
        var late = _canvass.Write("late.csv", "ballot_id,county,precinct,batch,vote_method,cc-gov\nLATE1,ru-north,ru-n1,batch-9,election-day,cs-gov-b\n");
        var p = Problems(await RefusedAsync("import", "cvr", late));
        Assert.Contains("Audit audit-1 exists, so its inputs are locked: this file affects audited contest cc-gov", p[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        var manifest = _canvass.Write("manifest2.csv", "Jurisdiction,Batch Name,Number of Ballots\nSouth County,batch-2,50\nSouth County,batch-3,50\n");
        await RefusedAsync("import", "manifest", manifest);
    }

    [Fact]
    public async Task Imports_affecting_an_audited_contest_are_refused_from_the_audits_creation()
    {
        // North County's CVRs and manifest are committed and South County has reported nothing yet, so the audit of the
        // Governor checks North's count alone. South's totals or CVRs now would change the Governor's count, not what the
        // audit checks: refused before the seed is set, too (Canvass before 4 December 2026 took them until then).
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north-cvrs.csv", HybridTestElection.NorthCvrs())).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "manifest", _canvass.Write("north-manifest.csv", HybridTestElection.NorthManifest)).ExitCode);
        Assert.Equal(0, _canvass.Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10").ExitCode);

        var results = Problems(await RefusedAsync("import", "results", _canvass.Write("south-results.csv", HybridTestElection.SouthResults())));
        Assert.Contains("Audit audit-1 exists, so its inputs are locked: this file affects audited contest cc-gov", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var southCvrs = string.Join('\n', AuditTestElection.Cvrs().Split('\n').Where((l, i) => i == 0 || l.Contains(",ru-south,", StringComparison.Ordinal))) + "\n";
        var cvrs = Problems(await RefusedAsync("import", "cvr", _canvass.Write("south-cvrs.csv", southCvrs)));
        Assert.Contains(cvrs, p => p.GetProperty("message").GetString()!.Contains("this file affects audited contest cc-gov", StringComparison.Ordinal));

        // Totals of a contest the audit does not cover are still taken.
        var council = _canvass.Write("south-council.csv", "county,precinct,office,district,party,candidate,votes\nSouth County,,Council at large,,,Xia,40\nSouth County,,Council at large,,,Yul,35\nSouth County,,Council at large,,,Zed,25\n");
        var taken = _canvass.Run("import", "results", council);
        Assert.True(taken.ExitCode == 0, taken.ToString());
    }

    [Fact]
    public async Task Entries_for_ballots_not_in_the_sample_are_refused()
    {
        var sample = Sampled();
        var sampled = sample.GetProperty("sampledBallots").EnumerateArray()
            .Where(b => b.GetProperty("county").GetString() == "ru-north")
            .Select(b => (b.GetProperty("batch").GetString(), b.GetProperty("position").GetInt32())).ToHashSet();
        var notSampled = Enumerable.Range(1, 50).First(p => !sampled.Contains(("batch-0", p)));
        var file = _canvass.Write("board.csv", $"Batch Name,Ballot Number,Contest,Interpretation,Choices\nbatch-0,{notSampled},cc-gov,vote,cs-gov-a\n");
        var p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file)));
        Assert.Equal(("unknown-reference", 2, "Ballot Number"), (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString()));
        Assert.Contains("is not in round 1's sample", p.GetProperty("message").GetString(), StringComparison.Ordinal);

        await RefusedAsync("audit", "record", "--county", "ru-north", "--batch", "batch-0", "--position", notSampled.ToString(System.Globalization.CultureInfo.InvariantCulture), "--vote", "cc-gov=cs-gov-a");
    }

    [Fact]
    public async Task Entries_from_a_county_for_another_countys_ballot_are_refused()
    {
        var sample = Sampled();
        var south = sample.GetProperty("sampledBallots").EnumerateArray().First(b => b.GetProperty("county").GetString() == "ru-south");
        var batch = south.GetProperty("batch").GetString();
        var position = south.GetProperty("position").GetInt32();

        // North County's board names the ballot's county…
        var named = _canvass.Write("named.csv", $"Jurisdiction,Batch Name,Ballot Number,Contest,Interpretation,Choices\nSouth County,{batch},{position},cc-gov,vote,cs-gov-a\n");
        var p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", named)));
        Assert.Equal(("inconsistent", "Jurisdiction"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));

        // …or leaves it out: the ballot is still South County's.
        var unnamed = _canvass.Write("unnamed.csv", $"Batch Name,Ballot Number,Contest,Interpretation,Choices\n{batch},{position},cc-gov,vote,cs-gov-a\n");
        p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "North County", "--file", unnamed)));
        Assert.Contains("is in ru-south", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_interpretations_are_each_listed_with_line_and_column()
    {
        var sample = Sampled();
        var north = sample.GetProperty("sampledBallots").EnumerateArray().First(b => b.GetProperty("county").GetString() == "ru-north");
        var (batch, position) = (north.GetProperty("batch").GetString(), north.GetProperty("position").GetInt32());
        var file = _canvass.Write("board.csv",
            "Batch Name,Ballot Number,Contest,Interpretation,Choices\n"
            + $"{batch},{position},cc-gov,smudged,\n"
            + $"{batch},{position},cc-mayor,vote,cs-gov-a\n"
            + $"{batch},{position},bm-1,vote,cs-gov-a\n"
            + $"{batch},x,cc-gov,blank,\n");
        var problems = Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file));
        Assert.Equal([(2, "Interpretation"), (3, "Contest"), (4, "Contest"), (5, "Ballot Number")],
            problems.Select(p => (p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString())).ToArray());
    }

    [Fact]
    public async Task A_choice_that_is_not_a_selection_is_refused_naming_the_contests_selections()
    {
        // A board that types a candidate's name a little wrong was told only that it is not a selection.
        var (batch, position) = SampledNorthBallot();
        var p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--batch", batch, "--position", position, "--vote", "cc-gov=Adda")));
        Assert.Equal("'Adda' is not a selection of cc-gov: give one of cs-gov-a (Ada), cs-gov-b (Bo), cs-gov-c (Cy), by id or name.", p.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_entry_file_is_read_as_every_csv_is()
    {
        var sample = Sampled();
        var north = sample.GetProperty("sampledBallots").EnumerateArray().First(b => b.GetProperty("county").GetString() == "ru-north");
        var (batch, position) = (north.GetProperty("batch").GetString(), north.GetProperty("position").GetInt32());

        // A quote inside a field that is not wholly quoted was read leniently ("B"1 as B1); the header twice went unnoticed.
        var quoted = _canvass.Write("quoted.csv", $"Batch Name,Ballot Number,Contest,Interpretation,Choices\n\"{batch}\"x,{position},cc-gov,vote,cs-gov-a\n");
        var p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", quoted)));
        Assert.Equal(("malformed", 2, "Batch Name"), (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString()));
        var twice = _canvass.Write("twice.csv", $"Batch Name,Ballot Number,Contest,Interpretation,contest\n{batch},{position},cc-gov,blank,\n");
        p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", twice)));
        Assert.Equal(("schema", 1, "contest"), (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString()));

        // Blank lines (a spreadsheet's trailing one, or before the header) hold no entry and are not an error.
        var blank = _canvass.Write("blank.csv", $"\nBatch Name,Ballot Number,Contest,Interpretation,Choices\n{batch},{position},cc-gov,vote,cs-gov-a\n\n");
        var run = _canvass.Run("audit", "record", "--county", "ru-north", "--file", blank);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    [InlineData("-5")]
    public async Task Risk_limit_out_of_range_is_refused(string limit)
    {
        AuditTestElection.Commit(_canvass);
        var p = Problems(await RefusedAsync("audit", "create", "--contest", "cc-gov", "--risk-limit", limit));
        Assert.Equal("--risk-limit", p[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_tied_contest_is_refused_unless_it_is_audited_alone_by_a_full_hand_tally()
    {
        // Alone, in ballot polling, it is accepted and counted by hand (AuditCliFullHandTallyTests); as an opportunistic
        // contest no sample could measure it.
        AuditTestElection.Commit(_canvass, district: true);
        var p = Assert.Single(Problems(await RefusedAsync("audit", "create", "--contest", "cc-gov", "--opportunistic", "cc-d1", "--risk-limit", "10")));
        Assert.Contains("tied (100 votes", p.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("only as the one targeted contest of a ballot-polling or ballot-comparison audit", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--contest")]
    [InlineData("--opportunistic")]
    public async Task A_measure_that_needs_two_thirds_is_refused_since_an_audit_checks_only_the_most_votes(string option)
    {
        // The test election's Measure 1 needs two thirds: Yes 133 of 200 is the most votes, yet the measure fails. Every
        // audit type checks that the winners have the most votes, so it would confirm a pass the count did not report.
        AuditTestElection.Commit(_canvass, TestElection.Definition);
        string[] contests = option == "--contest" ? ["--contest", "bm-1"] : ["--contest", "cc-gov", "--opportunistic", "bm-1"];
        var p = Assert.Single(Problems(await RefusedAsync(["audit", "create", .. contests, "--risk-limit", "10"])));
        Assert.Equal("unsupported", p.GetProperty("code").GetString());
        Assert.Equal("Contest bm-1 cannot be audited: it passes with at least 2/3 of the votes, and an audit checks only which answer has the most votes.", p.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_contest_whose_winner_needs_a_majority_is_refused()
    {
        var definition = TestElection.Definition with
        {
            Contests = TestElection.Definition.Contests.SetItem(0, TestElection.Definition.Contests[0] with { VoteVariation = Domain.Elections.VoteVariation.Majority }),
        };
        AuditTestElection.Commit(_canvass, definition);
        var p = Assert.Single(Problems(await RefusedAsync("audit", "create", "--contest", "cc-gov", "--risk-limit", "10")));
        Assert.Contains("needs a majority of the votes", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_before_the_audit_exists_is_refused_once_as_out_of_order()
    {
        // The store has an election, so this is not 'no-election'; the message was printed twice.
        AuditTestElection.Commit(_canvass);
        var p = Assert.Single(Problems(await RefusedAsync("audit", "options")));
        Assert.Equal("inconsistent", p.GetProperty("code").GetString());
        var text = _canvass.Run("audit", "sample");
        Assert.Equal(2, text.ExitCode);
        Assert.Single(text.Stderr.Split('\n'), l => l.Contains("This store has no audit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Steps_after_the_audit_is_over_say_it_is_over_rather_than_to_draw_a_round()
    {
        Created();
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", Seed).ExitCode);
        Assert.Equal(0, _canvass.Run("audit", "sample").ExitCode);
        Assert.Equal(0, _canvass.Run("demo", "paper", "--out", _canvass.PathOf("paper")).ExitCode);
        var paper = _canvass.PathOf("paper/paper-round-1.csv");
        Assert.Equal(0, _canvass.Run("audit", "record", "--file", paper).ExitCode);
        var closed = _canvass.Run("audit", "close-round");
        Assert.True(closed.ExitCode == 0 && closed.Stdout.Contains("complete", StringComparison.Ordinal), closed.ToString());

        foreach (var step in new[] { new[] { "audit", "record", "--file", paper }, ["audit", "close-round"], ["audit", "options"] })
        {
            var p = Assert.Single(Problems(await RefusedAsync(step)));
            Assert.StartsWith("The audit is over (complete): no round is open, and no more are drawn.", p.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_contest_with_no_losers_is_refused()
    {
        // District 1 elects two: Pat and Quinn both win, so there is no outcome to check.
        var definition = TestElection.Definition with
        {
            Contests = TestElection.Definition.Contests.SetItem(3, TestElection.Definition.Contests[3] with { NumberElected = 2, VotesAllowed = 2 }),
        };
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass, definition, "election.json")).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("cvrs.csv", AuditTestElection.Cvrs(district: true))).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "manifest", _canvass.Write("manifest.csv", AuditTestElection.Manifest)).ExitCode);
        var p = Assert.Single(Problems(await RefusedAsync("audit", "create", "--contest", "cc-d1", "--risk-limit", "10")));
        Assert.Contains("no losers", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_audit_result_under_the_audits_own_source_is_refused_so_verify_never_fails_for_it()
    {
        Created();
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", Seed).ExitCode);

        // No round has ended the audit: verify would fail the log for good over this result.
        var p = Assert.Single(Problems(await RefusedAsync("record", "audit-result", "--contest", "cc-gov", "--source", "canvass audit audit-1",
            "--kind", "risk-limiting", "--outcome", "passed", "--at", "2026-11-20T12:00:00-05:00")));
        Assert.Equal(("inconsistent", "source"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
        Assert.Contains("'canvass verify' would fail the log for good: the audit's risk-limiting result of cc-gov (passed) was recorded when no round of the audit had ended it",
            p.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Any audit's source is the store's own, whatever the kind or the case; an outside report names who made it.
        p = Assert.Single(Problems(await RefusedAsync("record", "audit-result", "--contest", "cc-gov", "--source", "Canvass Audit audit-2",
            "--kind", "hand-count", "--outcome", "passed", "--at", "2026-11-20T12:00:00-05:00")));
        Assert.Contains("The source 'Canvass Audit audit-2' is reserved for the store's own audit", p.GetProperty("message").GetString(), StringComparison.Ordinal);
        var outside = _canvass.Run("record", "audit-result", "--contest", "cc-gov", "--source", "County clerk", "--kind", "risk-limiting", "--outcome", "passed",
            "--at", "2026-11-20T12:00:00-05:00");
        Assert.True(outside.ExitCode == 0, outside.ToString());
    }

    [Theory]
    [InlineData("ballot-polling")]
    [InlineData("hybrid")]
    public async Task A_manifest_too_small_for_a_countys_reported_votes_is_refused_whatever_the_audit_type(string type)
    {
        // South County reports 100 Governor votes (vote for 1), but its manifest lists 2 ballots: the diluted margin
        // would be measured over ballots that cannot exist.
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north-cvrs.csv", HybridTestElection.NorthCvrs())).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("south-results.csv", HybridTestElection.SouthResults())).ExitCode);
        var manifest = _canvass.Write("manifest.csv", HybridTestElection.NorthManifest + "South County,Box 9,batch-2,2\n");
        Assert.Equal(0, _canvass.Run("import", "manifest", manifest).ExitCode);

        var p = Assert.Single(Problems(await RefusedAsync("audit", "create", "--contest", "cc-gov", "--type", type, "--risk-limit", "10")));
        Assert.Equal(("inconsistent", "--contest"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
        Assert.Contains("Contest cc-gov: its votes in ru-south add up to 100, more than ru-south's manifest's 2 ballots times the 1 vote allowed.",
            p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("                    ", "at its start")]
    [InlineData("12345678901234567890 ", "at its end")]
    [InlineData(" 12345678901234567890", "at its start")]
    [InlineData("1234567890  1234567890", "after another at character 12")]
    [InlineData("\u200b1234567890123456789", "character 1 is U+200B")]
    [InlineData("1234567890\t1234567890", "character 11 is U+0009")]
    [InlineData("12345678901234567890\u00a0", "character 21 is U+00A0")]
    [InlineData("1234567890123456789\u0430", "character 20 is U+0430")]
    public async Task A_seed_with_a_character_observers_cannot_see_or_type_back_is_refused(string seed, string why)
    {
        Created();
        var report = await RefusedAsync("audit", "seed", "--seed", seed);
        var p = Assert.Single(Problems(report));
        Assert.Equal(("bad-value", "--seed"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
        Assert.Contains(why, p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3 1 4 1 5 9 2 6 5 3 5 8 9 7 9 3 2 3 8 4")]
    [InlineData("dice:31415-92653-58979-32384!")]
    public void A_seed_of_printable_ascii_with_single_inner_spaces_is_taken(string seed)
    {
        Created();
        var run = _canvass.Run("audit", "seed", "--seed", seed, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(seed, Json.Parse(run).GetProperty("seed").GetString());
    }

    [Fact]
    public async Task A_ballot_entered_both_as_not_found_and_with_a_reading_is_refused_naming_the_ballot()
    {
        var (batch, position) = SampledNorthBallot();

        var p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--batch", batch, "--position", position, "--not-found", "--vote", "cc-gov=cs-gov-b")));
        Assert.Equal(("inconsistent", "Interpretation"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
        Assert.Equal($"Ballot ru-north/{batch}/{position} is entered with a reading of cc-gov and as not found: a ballot that was not found has no reading; enter one or the other.",
            p.GetProperty("message").GetString());

        // In a file, whichever comes first, with the other's line.
        var file = _canvass.Write("board.csv", $"Batch Name,Ballot Number,Contest,Interpretation,Choices\n{batch},{position},cc-gov,vote,cs-gov-b\n{batch},{position},,not-found,\n");
        p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file)));
        Assert.Equal(3, p.GetProperty("line").GetInt32());
        Assert.Contains($"Ballot ru-north/{batch}/{position} is entered as not found and with a reading of cc-gov (the other on line 2)", p.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overvote_of_no_more_choices_than_allowed_is_refused_naming_the_ballot()
    {
        var (batch, position) = SampledNorthBallot();

        var p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--batch", batch, "--position", position, "--overvote", "cc-gov=cs-gov-a")));
        Assert.Equal(("bad-value", "Overvote"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
        Assert.Equal($"Ballot ru-north/{batch}/{position}'s cc-gov is entered as an overvote of 1 choice, but an overvote marks more than the 1 allowed: enter it as a vote, or name every choice marked.",
            p.GetProperty("message").GetString());

        var file = _canvass.Write("board.csv", $"Batch Name,Ballot Number,Contest,Interpretation,Choices,Overvote\n{batch},{position},cc-gov,vote,cs-gov-a,yes\n");
        p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--file", file)));
        Assert.Equal((2, "Overvote"), (p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString()));

        // Two choices in the vote-for-1 contest are an overvote, flagged or not.
        var run = _canvass.Run("audit", "record", "--county", "ru-north", "--batch", batch, "--position", position, "--overvote", "cc-gov=cs-gov-a|cs-gov-b");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task A_contest_entered_twice_on_the_command_line_is_refused_without_a_line_to_point_at()
    {
        var (batch, position) = SampledNorthBallot();

        var p = Assert.Single(Problems(await RefusedAsync("audit", "record", "--county", "ru-north", "--batch", batch, "--position", position, "--vote", "cc-gov=cs-gov-a", "--blank", "cc-gov")));
        Assert.Equal($"Ballot ru-north/{batch}/{position} has contest cc-gov entered twice on the command line.", p.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" audit-1")]
    public async Task An_empty_audit_id_or_one_with_space_at_an_end_is_refused(string id)
    {
        AuditTestElection.Commit(_canvass);
        var p = Assert.Single(Problems(await RefusedAsync("audit", "create", "--contest", "cc-gov", "--risk-limit", "10", "--id", id)));
        Assert.Equal(("bad-value", "--id"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Closing_a_round_with_unrecorded_ballots_is_refused()
    {
        Sampled();
        await RefusedAsync("audit", "close-round");
    }
}
