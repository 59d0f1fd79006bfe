using System.Globalization;
using System.Text;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>Every kind of bad input: a clear message naming file, line and reason; exit code 2; nothing stored.</summary>
public sealed class BadInputTests : IDisposable
{
    private const string H = TestElection.Header;
    private const string Good = "B1,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x,bm-1-yes,cs-d1-p";
    private readonly Canvass _canvass = new();

    public BadInputTests() => Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);

    public void Dispose() => _canvass.Dispose();

    /// <summary>The run exited 2, said each of <paramref name="says"/>, and the store still holds <paramref name="stored"/>
    /// (events, ballots).</summary>
    private async Task RejectedAsync(CliRun run, (long Events, long Ballots) stored, params string[] says)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        foreach (var text in says)
        {
            Assert.Contains(text, run.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(stored, await StoreProbe.CountAsync(_canvass.Store));
    }

    public static TheoryData<string, string, string, string, int?> CvrCases => new()
    {
        // name, file name, content, expected problem code, expected line (null: not checked)
        { "unterminated quote", "quote.csv", $"{H}\n{Good}\nB2,ru-north,ru-n1,b1,election-day,\"cs-gov-a,cs-co-x,bm-1-yes,cs-d1-p\n", "malformed", null },
        { "wrong field count", "fields.csv", $"{H}\n{Good}\nB2,ru-north,ru-n1,b1,election-day,cs-gov-a\n", "malformed", 3 },
        { "unknown contest", "contest.csv", $"{H},cc-nope\n{Good},x\n", "unknown-reference", 1 },
        { "unknown candidate", "candidate.csv", $"{H}\n{Good}\nB2,ru-north,ru-n1,b1,election-day,cs-gov-zz,,,\n", "unknown-reference", 3 },
        { "unknown county", "county.csv", $"{H}\nB1,ru-nowhere,,b1,election-day,cs-gov-a,,,\n", "unknown-reference", 2 },
        { "contest not on ballot style", "style.csv", $"{H}\nB3,ru-north,ru-n2,b1,election-day,cs-gov-a,,,cs-d1-p\n", "contest-not-on-ballot", 2 },
        { "bad vote method", "method.csv", $"{H}\nB1,ru-north,ru-n1,b1,by-pigeon,cs-gov-a,,,\n", "bad-value", 2 },
        { "duplicate ballot id in one file", "dup.csv", $"{H}\n{Good}\n{Good}\n", "duplicate-ballot", 3 },
        { "precinct outside its row's county", "elsewhere.csv", $"{H}\n{Good}\nB2,ru-south,ru-n1,b1,election-day,cs-gov-a,,,\n", "inconsistent", 3 },
        { "a precinct in the county column", "notcounty.csv", $"{H}\nB2,ru-n1,,b1,election-day,cs-gov-a,,,\n", "inconsistent", 2 },
        { "truncated mid-row", "cut.csv", $"{H}\n{Good}\nB2,ru-north,ru-n1,b1,elec", "malformed", 3 },
        { "empty file", "empty.csv", "", "empty-file", null },
        { "header only", "header.csv", H + "\n", "empty-file", null },
        { "malformed NIST CVR JSON", "cvr.json", "{\"@type\": \"CVR.CastVoteRecordReport\", \"CVR\": [ {\"@type\": \"CVR.CVR\", ", "malformed", null },
        { "wrong schema JSON", "other.json", "{\"@type\": \"ElectionResults.ElectionReport\", \"Election\": []}", "schema", null },
        // The last ContestSelectionId was counted from JSON, the first from XML: the same ballot counted for Bo or for Ada.
        { "member named twice in a NIST CVR JSON object", "twice.json", NistCvr("\"ContestSelectionId\": \"cs-gov-a\", \"ContestSelectionId\": \"cs-gov-b\""), "malformed", 3 },
        { "element given twice that NIST CVR XML allows once", "twice.xml", NistCvrXml("<ContestSelectionId>cs-gov-a</ContestSelectionId><ContestSelectionId>cs-gov-b</ContestSelectionId>"), "schema", 3 },
        { "malformed NIST CVR XML", "cvr.xml", "<?xml version=\"1.0\"?><CastVoteRecordReport xmlns=\"http://itl.nist.gov/ns/voting/1500-103/v1\"><CVR><BallotAuditId>1</Ball", "malformed", null },
    };

    /// <summary>A NIST SP 1500-103 JSON report of one good ballot and, on line 3, one whose selection is <paramref name="selection"/>.</summary>
    private static string NistCvr(string selection) =>
        "{\"@type\": \"CVR.CastVoteRecordReport\", \"Version\": \"1.0.0\", \"CVR\": [\n" + NistCvrJson("B1", "\"ContestSelectionId\": \"cs-gov-a\"") + ",\n"
        + NistCvrJson("B2", selection) + "\n]}";

    private static string NistCvrJson(string id, string selection) =>
        $$"""{"@type": "CVR.CVR", "BallotAuditId": "{{id}}", "BallotStyleUnitId": "ru-n1", "CurrentSnapshotId": "s", "CVRSnapshot": [{"@id": "s", "Type": "original", "CVRContest": [{"ContestId": "cc-gov", "CVRContestSelection": [{{{selection}}, "SelectionPosition": [{"HasIndication": "yes", "IsAllocable": "yes", "NumberVotes": 1}]}]}]}]}""";

    /// <summary>The XML encoding of <see cref="NistCvr"/>.</summary>
    private static string NistCvrXml(string selection) =>
        "<?xml version=\"1.0\"?><CastVoteRecordReport xmlns=\"http://itl.nist.gov/ns/voting/1500-103/v1\">\n" + NistCvrXmlCvr("B1", "<ContestSelectionId>cs-gov-a</ContestSelectionId>") + "\n"
        + NistCvrXmlCvr("B2", selection) + "\n<Version>1.0.0</Version></CastVoteRecordReport>";

    private static string NistCvrXmlCvr(string id, string selection) =>
        $"<CVR><BallotAuditId>{id}</BallotAuditId><BallotStyleUnitId>ru-n1</BallotStyleUnitId><CurrentSnapshotId>s</CurrentSnapshotId><CVRSnapshot ObjectId=\"s\"><CVRContest><ContestId>cc-gov</ContestId><CVRContestSelection>{selection}<SelectionPosition><HasIndication>yes</HasIndication><IsAllocable>yes</IsAllocable><NumberVotes>1</NumberVotes></SelectionPosition></CVRContestSelection></CVRContest><Type>original</Type></CVRSnapshot></CVR>";

    [Theory]
    [MemberData(nameof(CvrCases))]
    public async Task ImportCvr_BadFile_ListsProblemExitsTwoStoresNothing(string name, string file, string content, string code, int? line)
    {
        var path = _canvass.Write(file, content);
        var run = _canvass.Run("import", "cvr", path);
        Assert.True(run.ExitCode == 2, $"{name}: {run}");
        Assert.Contains($"[{code}]", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(line is { } l ? $"{file}:{l}:" : file, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), await StoreProbe.CountAsync(_canvass.Store));
    }

    /// <summary>A quote never closed near the top of a large file makes the rest of it one field, longer than the CSV reader
    /// buffers (16 MiB). That ended in the reader's NotSupportedException and exit 1, with no file or line; it is a
    /// <c>malformed</c> problem at the line where the quote opens.</summary>
    [Theory]
    [InlineData("cvr")]
    [InlineData("results")]
    public async Task Import_QuoteNeverClosedInALargeFile_IsMalformedAtItsLine(string kind)
    {
        var (header, row) = kind == "cvr"
            ? (H, "B{0},ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x,bm-1-yes,cs-d1-p")
            : ("county,precinct,office,district,party,candidate,votes", "North County,,Governor,,,Ada{0},5");
        var text = new StringBuilder(header).Append('\n').AppendFormat(CultureInfo.InvariantCulture, row, 1).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"B2,ru-north,ru-n1,\"b1,election-day").Append('\n');
        for (var i = 3; text.Length < 18 << 20; i++)
        {
            text.AppendFormat(CultureInfo.InvariantCulture, row, i).Append('\n');
        }

        var file = _canvass.Write("long.csv", text.ToString());
        var run = _canvass.Run("import", kind, file);

        await RejectedAsync(run, (1, 0), "[malformed]", "long.csv:3:", "16 MiB");
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A folder, or a file that cannot be opened, is named as such before anything is imported (exit 2), not
    /// reported as missing or as a failure of the system.</summary>
    [Fact]
    public async Task Import_AFolderAmongTheFiles_NothingImported()
    {
        var good = _canvass.Write("good.csv", $"{H}\n{Good}\n");
        var folder = Directory.CreateDirectory(_canvass.PathOf("folder.csv")).FullName;

        var run = _canvass.Run("import", "cvr", good, folder);

        await RejectedAsync(run, (1, 0), "[unreadable]", "This is a folder, not a file.", "nothing was imported");
    }

    [Fact]
    public async Task ImportCvr_NotUtf8_ListsProblemExitsTwoStoresNothing()
    {
        var bytes = Encoding.UTF8.GetBytes($"{H}\n{Good}\nB2,ru-north,ru-n1,b1,election-day,cs-gov-").Concat(new byte[] { 0xFF, 0xFE, 0x0A }).ToArray();
        var run = _canvass.Run("import", "cvr", _canvass.Write("latin.csv", bytes));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("[not-utf8]", run.Stderr, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), await StoreProbe.CountAsync(_canvass.Store));
    }

    [Fact]
    public async Task ImportCvr_NotUtf8_DeepInTheFile_NamesTheLineOfTheBadByte()
    {
        // The decoder reads ahead by a buffer, so the line the CSV reader had reached is thousands of lines short of
        // the bad byte; the problem names the bad byte's own line and offset.
        var text = new StringBuilder(H).Append('\n');
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"B{i},ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x,bm-1-yes,cs-d1-p\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var bad = Array.IndexOf(bytes, (byte)'\n', bytes.Length / 3 * 2) - 3; // in the contest cell of the line after two thirds
        bytes[bad] = 0xE9;
        var line = 1 + bytes.AsSpan(0, bad).Count((byte)'\n');
        var run = _canvass.Run("import", "cvr", _canvass.Write("deep.csv", bytes));
        await RejectedAsync(run, (1, 0), $"deep.csv:{line}: The file is not valid UTF-8 (byte offset {bad}, line {line})", "[not-utf8]");
    }

    [Fact]
    public async Task ImportCvr_Utf16WithByteOrderMark_IsRefusedAsNotUtf8()
    {
        // A spreadsheet's "Unicode text": the mark names the encoding, but the format is UTF-8 and the file is refused as
        // such rather than decoded by a decoder that would replace what it cannot read.
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes($"{H}\n{Good}\n")).ToArray();
        var run = _canvass.Run("import", "cvr", _canvass.Write("utf16.csv", bytes));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("[not-utf8]", run.Stderr, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), await StoreProbe.CountAsync(_canvass.Store));

        // A UTF-8 byte-order mark is skipped.
        var utf8 = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"{H}\n{Good}\n")).ToArray();
        var ok = _canvass.Run("import", "cvr", _canvass.Write("bom.csv", utf8));
        Assert.True(ok.ExitCode == 0, ok.ToString());
    }

    [Fact]
    public async Task ImportCvr_ManyProblems_ListsEveryOneWithItsLine()
    {
        var content = $"{H}\nB1,ru-nowhere,,b1,election-day,,,,\nB2,ru-north,ru-n1,b1,mail,cs-gov-a,,,\nB3,ru-north,ru-n1,b1,early,cs-gov-q,,,\n";
        var run = _canvass.Run("import", "cvr", _canvass.Write("three.csv", content));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("three.csv:2:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("three.csv:3:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("three.csv:4:", run.Stderr, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), await StoreProbe.CountAsync(_canvass.Store));
    }

    [Fact]
    public async Task ImportCvr_DuplicateIdsAndOtherProblems_ListsBoth()
    {
        // One run lists everything to mend: the repeated id is found among the rows that read well.
        var run = _canvass.Run("import", "cvr", _canvass.Write("both.csv", $"{H}\n{Good}\nB2,ru-north,ru-n1,b1,election-day,cs-gov-zz,,,\n{Good}\n"));
        await RejectedAsync(run, (1L, 0L), "both.csv:3: ", "[unknown-reference]",
            "both.csv:4: ballot_id: Ballot id 'B1' occurs twice (first seen on line 2). [duplicate-ballot]");
    }

    [Fact]
    public void ImportCvrAndResults_BlankLines_AreSkipped()
    {
        // A spreadsheet's trailing blank lines hold nothing; they are neither ballots nor errors.
        var cvr = _canvass.Run("import", "cvr", _canvass.Write("blank.csv", $"{H}\n{Good}\n\n\n"));
        Assert.True(cvr.ExitCode == 0, cvr.ToString());
        Assert.StartsWith("imported ", cvr.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 ballot", cvr.Stdout, StringComparison.Ordinal);
        var results = _canvass.Run("import", "results", _canvass.Write("blank-totals.csv", "county,precinct,office,district,party,candidate,votes\n\nSouth County,,Governor,,,Ada,5\n\n"));
        Assert.True(results.ExitCode == 0, results.ToString());
        Assert.Equal(1 + 5, Json.Votes(Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-gov"), "cs-gov-a"));
    }

    [Fact]
    public async Task ImportResults_ReportOverTheSizeItReadsWhole_IsRefusedUnread()
    {
        // A NIST SP 1500-100 report is read whole; a file past the limit is refused by its size (a sparse file: nothing
        // is written or read).
        var path = _canvass.PathOf("huge.json");
        await using (var file = File.Create(path))
        {
            file.SetLength((1L << 30) + 1);
        }

        var run = _canvass.Run("import", "results", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("read whole, up to 1,024 MB", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("[unsupported]", run.Stderr, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), await StoreProbe.CountAsync(_canvass.Store));
    }

    [Fact]
    public async Task ImportCvr_GoodFileThenBadFile_KeepsOnlyTheGoodOne()
    {
        var good = _canvass.Write("good.csv", $"{H}\n{Good}\n");
        var bad = _canvass.Write("bad.csv", $"{H}\nB2,ru-north,ru-n1,b1,election-day,cs-gov-a,,,\nB3,ru-north,ru-n1,b1,election-day,cs-gov-zz,,,\n");
        var run = _canvass.Run("import", "cvr", good, bad);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("imported", run.Stdout, StringComparison.Ordinal);
        Assert.Equal((2L, 1L), await StoreProbe.CountAsync(_canvass.Store));
    }

    [Fact]
    public async Task ImportCvr_JsonOutput_ListsProblemsAsData()
    {
        var run = _canvass.Run("import", "cvr", "--json", _canvass.Write("bad.csv", $"{H}\nB1,ru-north,ru-n1,b1,election-day,cs-gov-zz,,,\n"));
        Assert.Equal(2, run.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var problem = doc.RootElement[0].GetProperty("problems")[0];
        Assert.Equal("unknown-reference", problem.GetProperty("code").GetString());
        Assert.Equal(2, problem.GetProperty("line").GetInt64());
        Assert.Equal((1L, 0L), await StoreProbe.CountAsync(_canvass.Store));
    }

    public static TheoryData<string, string, string> ResultsCases => new()
    {
        { "negative count", "county,precinct,office,district,party,candidate,votes\nNorth County,,Governor,,,Ada,-5\n", "bad-count" },
        { "non-numeric count", "county,precinct,office,district,party,candidate,votes\nNorth County,,Governor,,,Ada,lots\n", "bad-count" },
        { "unknown candidate", "county,precinct,office,district,party,candidate,votes\nNorth County,,Governor,,,Nobody,5\n", "unknown-reference" },
        { "precinct outside its row's county", "county,precinct,office,district,party,candidate,votes\nSouth County,North 1,Governor,,,Ada,5\n", "inconsistent" },
        { "breakdown not equal to total", "county,precinct,office,district,party,candidate,votes,election_day,mail\nNorth County,,Governor,,,Ada,10,3,4\n", "inconsistent" },
        { "a unit outside the contest's district", "county,precinct,office,district,party,candidate,votes\nNorth County,North 2,District 1 Representative,,,Pat,5\n", "contest-not-on-ballot" },
    };

    [Theory]
    [MemberData(nameof(ResultsCases))]
    public async Task ImportResults_BadFile_ListsProblemExitsTwoStoresNothing(string name, string content, string code)
    {
        var run = _canvass.Run("import", "results", _canvass.Write("results.csv", content));
        Assert.True(run.ExitCode == 2, $"{name}: {run}");
        Assert.Contains($"[{code}]", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("results.csv:2", run.Stderr, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), await StoreProbe.CountAsync(_canvass.Store));
    }

    [Theory]
    [InlineData("totals.txt", "county,precinct,office,district,party,candidate,votes\nNorth County,,Governor,,,Ada,5\n")]
    [InlineData("report.dat", "<ElectionReport xmlns=\"http://itl.nist.gov/ns/voting/1500-100/v2\"/>")]
    public async Task ImportResults_AnUnknownExtension_IsUnsupportedAsForCvrs(string name, string content)
    {
        // An OpenElections file named .txt was read as a NIST report and refused as "not well-formed JSON".
        await RejectedAsync(_canvass.Run("import", "results", _canvass.Write(name, content)), (1L, 0L),
            $"{name}: Unknown results format: use .csv (OpenElections CSV), .json or .xml (NIST SP 1500-100). [unsupported]");
    }

    [Fact]
    public async Task Import_TheSameBytesAsAnotherKind_IsRefusedNotUnchanged()
    {
        var totals = _canvass.Write("totals.csv", "county,precinct,office,district,party,candidate,votes\nNorth County,,Governor,,,Ada,5\n");
        Assert.Equal(0, _canvass.Run("import", "results", totals).ExitCode);
        var stored = await StoreProbe.CountAsync(_canvass.Store);
        await RejectedAsync(_canvass.Run("import", "cvr", totals), stored, "imported before as results", "[inconsistent]");
        Assert.Contains("unchanged", _canvass.Run("import", "results", totals).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportResults_ForCountyWithBallots_IsRefusedAsDoubleCount()
    {
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("good.csv", $"{H}\n{Good}\n")).ExitCode);
        var run = _canvass.Run("import", "results", _canvass.Write("totals.csv", "county,precinct,office,district,party,candidate,votes\nNorth County,,Governor,,,Ada,5\n"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("totals.csv:2: votes: ru-north already has cast vote records", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("[double-count]", run.Stderr, StringComparison.Ordinal);
        Assert.Equal((2L, 1L), await StoreProbe.CountAsync(_canvass.Store));

        // The other county has no ballots, so its totals are welcome.
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("south.csv", "county,precinct,office,district,party,candidate,votes\nSouth County,,Governor,,,Ada,5\n")).ExitCode);
        var gov = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-gov");
        Assert.Equal(6, Json.Votes(gov, "cs-gov-a"));
    }

    private const string OpenElections = "county,precinct,office,district,party,candidate,votes\n";

    [Fact]
    public void ImportResults_CountyTotalAbovePartOfItsPrecincts_CountsTheRestOnTheCounty()
    {
        // North reported 10 for Ada; of its precincts only North 1 has reported (4). The county total was dropped as a
        // roll-up, and Ada had 4.
        var run = _canvass.Run("import", "results", _canvass.Write("north.csv", OpenElections
            + "North County,,Governor,,,Ada,10\nNorth County,North 1,Governor,,,Ada,4\n"));
        Assert.True(run.ExitCode == 0, run.ToString());

        var gov = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--by", "precinct", "--json")), "cc-gov");
        Assert.Equal(10, Json.Votes(gov, "cs-gov-a"));
        Assert.Equal(["ru-n1 4", "ru-north 6"], gov.GetProperty("breakdown").EnumerateArray()
            .Select(r => $"{r.GetProperty("key").GetString()} {r.GetProperty("votes")[0]}").Order());
    }

    [Fact]
    public async Task ImportResults_CountyTotalBelowItsPrecincts_IsRefused()
    {
        var run = _canvass.Run("import", "results", _canvass.Write("north.csv", OpenElections
            + "North County,,Governor,,,Ada,5\nNorth County,North 1,Governor,,,Ada,4\nNorth County,North 2,Governor,,,Ada,3\n"));
        await RejectedAsync(run, (1L, 0L), "[inconsistent]", "north.csv:2: votes: 'cs-gov-a' of contest 'cc-gov' in 'ru-north': the reported total is 5 but the units with counts inside it add up to 7");
        Assert.DoesNotContain("With the results imported before", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportResults_PrecinctsAboveAnEarlierCountyTotal_AreRefused()
    {
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("north.csv", OpenElections + "North County,,Governor,,,Ada,5\n")).ExitCode);
        var run = _canvass.Run("import", "results", _canvass.Write("n1.csv", OpenElections + "North County,North 1,Governor,,,Ada,6\n"));
        await RejectedAsync(run, (2L, 0L), "[inconsistent]", "n1.csv:2: votes: With the results imported before: 'cs-gov-a' of contest 'cc-gov' in 'ru-north': the reported total is 5", "import a newer total");

        // A newer county total is welcome, and then the precincts.
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("north2.csv", OpenElections + "North County,,Governor,,,Ada,9\n")).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("n1.csv", OpenElections + "North County,North 1,Governor,,,Ada,6\n")).ExitCode);
        Assert.Equal(9, Json.Votes(Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-gov"), "cs-gov-a"));
    }

    [Fact]
    public async Task ImportResults_StateTotalBelowTheBallotsAlreadyCounted_IsRefused()
    {
        // The check tabulated reports alone: the total was stored, and tabulation then left it out (with every vote only
        // it reports).
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("good.csv", $"{H}\n{Good}\nB2,ru-north,ru-n1,b1,election-day,cs-gov-a,,,\n")).ExitCode);
        var run = _canvass.Run("import", "results", _canvass.Write("state.csv", OpenElections + "Test State,,Governor,,,Ada,1\n"));
        await RejectedAsync(run, (2L, 2L), "[inconsistent]", "state.csv:2: votes: With the ballots and results imported before: 'cs-gov-a' of contest 'cc-gov' in 'ru-st': the reported total is 1 but the units with counts inside it add up to 2");
    }

    [Fact]
    public async Task ImportResults_PrecinctsAboveAnEarlierCountyTotal_ArePointedAtNotTheFirstRow()
    {
        // The problem named the file's first count of the contest, a South precinct that has nothing to do with North.
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("north.csv", OpenElections + "North County,,Governor,,,Ada,5\n")).ExitCode);
        var run = _canvass.Run("import", "results", _canvass.Write("parts.csv", OpenElections
            + "South County,South 1,Governor,,,Ada,1\nSouth County,South 1,Governor,,,Bo,1\nNorth County,North 1,Governor,,,Ada,6\n"));
        await RejectedAsync(run, (2L, 0L), "parts.csv:4: votes: With the results imported before: 'cs-gov-a' of contest 'cc-gov' in 'ru-north'");
    }

    [Fact]
    public async Task ImportResults_ADistrictTotalNextToACountysPartOfIt_IsRefused()
    {
        // North's part of District 1 (its precinct North 1) and the district's total were both counted: 8 votes for 5.
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("north.csv", OpenElections + "North County,,District 1 Representative,,,Pat,3\n")).ExitCode);
        var run = _canvass.Run("import", "results", _canvass.Write("d1.csv", OpenElections + "South County,,Governor,,,Ada,1\nDistrict 1,,District 1 Representative,,,Pat,5\n"));
        await RejectedAsync(run, (2L, 0L), "d1.csv:3: votes: 'ru-north' and 'ru-d1' both have counts for contest 'cc-d1' and share 'ru-n1', but neither lies inside the other");

        // Each county's part alone is welcome.
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("south.csv", OpenElections + "South County,,District 1 Representative,,,Pat,2\n")).ExitCode);
        Assert.Equal(5, Json.Votes(Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-d1"), "cs-d1-p"));
    }

    [Fact]
    public void Tabulate_StateTotalBelowTheBallotsInside_LeavesItOutAndSaysSo()
    {
        // Ballots are not read at a results import, so a roll-up their counts exceed can only be named at tabulation.
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("state.csv", OpenElections + "Test State,,Governor,,,Ada,1\n")).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("good.csv", $"{H}\n{Good}\nB2,ru-south,ru-s1,b1,election-day,cs-gov-a,,,\n")).ExitCode);

        var run = _canvass.Run("tabulate", "--contest", "cc-gov");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("roll-up left out of the count: 'cs-gov-a' of contest 'cc-gov' in 'ru-st': the reported total is 1 but the units with counts inside it add up to 2", run.Stdout, StringComparison.Ordinal);
        var gov = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-gov");
        Assert.Equal(2, Json.Votes(gov, "cs-gov-a"));
        Assert.Single(gov.GetProperty("ignoredRollUps").EnumerateArray());
    }

    /// <summary>A NIST CVR report of one ballot cast in District 1, a unit no county contains.</summary>
    private const string DistrictBallot = """
        {"@type": "CVR.CastVoteRecordReport", "GeneratedDate": "2026-11-04T00:00:00Z", "ReportGeneratingDeviceIds": ["rd"],
         "ReportingDevice": [{"@type": "CVR.ReportingDevice", "@id": "rd"}], "Version": "1.0.0",
         "CVR": [{"@type": "CVR.CVR", "UniqueId": "D1", "BallotStyleUnitId": "ru-d1", "CurrentSnapshotId": "s1",
           "CVRSnapshot": [{"@type": "CVR.CVRSnapshot", "@id": "s1", "Type": "original",
             "CVRContest": [{"@type": "CVR.CVRContest", "ContestId": "cc-d1",
               "CVRContestSelection": [{"@type": "CVR.CVRContestSelection", "ContestSelectionId": "cs-d1-p",
                 "SelectionPosition": [{"@type": "CVR.SelectionPosition", "HasIndication": "yes", "IsAllocable": "yes", "NumberVotes": 1}]}]}]}]}]}
        """;

    [Fact]
    public async Task ImportResults_ForAUnitUnderNoCountyThatHasBallots_IsRefusedAsDoubleCount()
    {
        // Ballots cast in a unit under no county were counted under the state, totals for it under the unit itself: the
        // check passed them both and tabulate then failed on every contest (exit 1). One rule now gives both the state.
        var ballots = _canvass.Run("import", "cvr", _canvass.Write("d1.json", DistrictBallot));
        Assert.True(ballots.ExitCode == 0, ballots.ToString());
        var run = _canvass.Run("import", "results", _canvass.Write("d1.csv", OpenElections + "District 1,,District 1 Representative,,,Pat,5\n"));
        await RejectedAsync(run, (2L, 1L), "[double-count]", "ru-st");
        Assert.Equal(0, _canvass.Run("tabulate").ExitCode);
    }

    /// <summary>A NIST results report of this election, as another store exports it, changed by <paramref name="edit"/>.</summary>
    private string ExportedResults(Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        using var other = new Canvass();
        Assert.Equal(0, other.Run("init", "--election", TestElection.WriteJson(other)).ExitCode);
        Assert.Equal(0, other.Run("import", "cvr", other.Write("ballots.csv", TestElection.Ballots)).ExitCode);
        var file = other.PathOf("results.json");
        Assert.Equal(0, other.Run("export", "cdf", "--out", file).ExitCode);
        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        edit(report);
        return _canvass.Write("results.json", report.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private static System.Text.Json.Nodes.JsonObject Governor(System.Text.Json.Nodes.JsonObject report) =>
        report["Election"]![0]!["Contest"]!.AsArray().Single(c => (string?)c!["@id"] == "cc-gov")!.AsObject();

    [Fact]
    public async Task ImportResults_NistIdNotInTheStoresElection_NamesItsLineAndPath()
    {
        // The file's own election has a fourth candidate; the store's does not. The problem had no line.
        var path = ExportedResults(report =>
        {
            var selections = Governor(report)["ContestSelection"]!.AsArray();
            var extra = selections[0]!.DeepClone().AsObject();
            extra["@id"] = "cs-gov-new";
            selections.Add(extra);
        });
        var run = _canvass.Run("import", "results", path);
        await RejectedAsync(run, (1L, 0L), "[unknown-reference]", "Selection 'cs-gov-new' is not in contest 'cc-gov'");
        Assert.Matches(@"results\.json: \$\.Election\[0\]\.Contest\[\d+\]\.ContestSelection\[3\]\.VoteCounts\[0\]: Selection 'cs-gov-new'", run.Stderr);
    }

    /// <summary>A report refused for its own content was never checked against the store's election: a count naming a
    /// unit the file lacks hid the unknown selection further on, which the next import then reported.</summary>
    [Fact]
    public async Task ImportResults_ProblemsOfTheFileAndOfTheStore_AreListedInOneRun()
    {
        var path = ExportedResults(report =>
        {
            var selections = Governor(report)["ContestSelection"]!.AsArray();
            selections[0]!["VoteCounts"]![0]!["GpUnitId"] = "ru-nowhere";
            var extra = selections[1]!.DeepClone().AsObject();
            extra["@id"] = "cs-gov-new";
            selections.Add(extra);
        });
        var run = _canvass.Run("import", "results", path);
        await RejectedAsync(run, (1L, 0L), "GpUnitId 'ru-nowhere' must name a GpUnit", "Selection 'cs-gov-new' is not in contest 'cc-gov'");
        Assert.Matches(@"ContestSelection\[0\]\.VoteCounts\[0\]\.GpUnitId: GpUnitId 'ru-nowhere'[^\n]*\n.*ContestSelection\[3\]\.VoteCounts\[0\]: Selection 'cs-gov-new'", run.Stderr);
        Assert.DoesNotContain("Unit 'ru-nowhere' is not in this store's election", run.Stderr, StringComparison.Ordinal); // said once, by the file's own check
    }

    [Fact]
    public async Task ImportResults_OvervotesForAUnitNotInTheStoresElection_AreRefusedAtTheirLine()
    {
        // Only vote counts were checked against the store's election: overvotes for an unknown unit were stored, and every
        // later tabulation and results import failed on them.
        var path = ExportedResults(report =>
        {
            report["GpUnit"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
            {
                ["@type"] = "ElectionResults.ReportingUnit", ["@id"] = "ru-elsewhere", ["Type"] = "county",
            });
            Governor(report)["OtherCounts"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
            {
                ["@type"] = "ElectionResults.OtherCounts", ["GpUnitId"] = "ru-elsewhere", ["Overvotes"] = 3,
            });
        });
        var run = _canvass.Run("import", "results", path);
        await RejectedAsync(run, (1L, 0L), "[unknown-reference]", "Unit 'ru-elsewhere' is not in this store's election");
        Assert.Matches(@"results\.json: \$\.Election\[0\]\.Contest\[\d+\]\.OtherCounts\[\d+\]: Unit 'ru-elsewhere'", run.Stderr);
        Assert.Equal(0, _canvass.Run("tabulate").ExitCode);
    }

    [Fact]
    public async Task ImportResults_OvervotesForACountyWithBallots_AreRefusedAsDoubleCount()
    {
        // Only vote counts were checked: an "Over Votes" row for a county counted from ballots was stored, and every later
        // tabulate, verify and export failed on the contest.
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("good.csv", $"{H}\n{Good}\n")).ExitCode);
        var run = _canvass.Run("import", "results", _canvass.Write("over.csv", OpenElections + "South County,,Governor,,,Ada,5\nNorth County,,Governor,,,Over Votes,3\n"));
        await RejectedAsync(run, (2L, 1L), "[double-count]", "over.csv:3: votes: ru-north already has cast vote records for contest cc-gov");
        Assert.Equal(0, _canvass.Run("tabulate").ExitCode);
    }

    [Fact]
    public async Task ImportCvr_ForACountyWithReportedOvervotes_IsRefusedAsDoubleCount()
    {
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("over.csv", OpenElections + "South County,,Governor,,,Ada,5\nNorth County,,Governor,,,Over Votes,3\n")).ExitCode);
        var run = _canvass.Run("import", "cvr", _canvass.Write("good.csv", $"{H}\n{Good}\n"));
        await RejectedAsync(run, (2L, 0L), "[double-count]", "ru-north already has reported totals for contest cc-gov");
        Assert.Equal(0, _canvass.Run("tabulate").ExitCode);
    }

    [Fact]
    public async Task ImportCvr_ForCountyWithReportedTotals_IsRefusedAsDoubleCount()
    {
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("totals.csv", "county,precinct,office,district,party,candidate,votes\nNorth County,,Governor,,,Ada,5\n")).ExitCode);
        var run = _canvass.Run("import", "cvr", _canvass.Write("good.csv", $"{H}\n{Good}\n"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("[double-count]", run.Stderr, StringComparison.Ordinal);
        Assert.Equal((2L, 0L), await StoreProbe.CountAsync(_canvass.Store));
    }

    [Fact]
    public async Task ImportCvr_CountyWhoseLaterBallotCarriesACoveredContest_IsRefusedAtThatBallot()
    {
        // North County reported totals for District 1, which only its precinct ru-n1 votes in. Its first ballots (ru-n2)
        // do not carry the contest; a South County ballot comes between; North's last ballot (ru-n1) carries it.
        var totals = _canvass.Run("import", "results", _canvass.Write("d1.csv", "county,precinct,office,district,party,candidate,votes\nNorth County,,District 1 Representative,,,Pat,5\n"));
        Assert.Equal(0, totals.ExitCode);
        var run = _canvass.Run("import", "cvr", _canvass.Write("mixed.csv", $"{H}\n"
            + "B1,ru-north,ru-n2,b1,election-day,cs-gov-a,,,\n"
            + "B2,ru-south,ru-s1,b1,election-day,cs-gov-a,,,cs-d1-p\n"
            + "B3,ru-north,ru-n2,b1,election-day,cs-gov-b,,,\n"
            + "B4,ru-north,ru-n1,b1,election-day,cs-gov-a,,,\n"));
        await RejectedAsync(run, (2L, 0L), "[double-count]", ":5", "cc-d1");
    }

    [Fact]
    public void Init_MalformedElection_ExitsTwoAndCreatesNothing()
    {
        using var other = new Canvass();
        var run = other.Run("init", "--election", other.Write("election.json", "{\"@type\": \"ElectionResults.ElectionReport\", \"GpUnit\": [ {"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("[malformed]", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(other.Store), "a store was created for a bad election file");
        Assert.False(File.Exists(other.Store + ".log-key"), "a log key was created for a bad election file");
    }

    /// <summary>A CSV given as the election (the ballots file, say) was refused as "not well-formed JSON", as if it were a
    /// broken report; a report under another extension, JSON or XML, is still read by its first character.</summary>
    [Fact]
    public void Init_AnElectionThatIsNeitherJsonNorXml_IsUnsupportedNotMalformedJson()
    {
        using var other = new Canvass();
        var run = other.Run("init", "--election", other.Write("ballots.csv", TestElection.Header + "\n"));

        CliAssert.Failed(run, 2, "ballots.csv: The file is neither a JSON object nor XML (it starts with 'b'): a NIST SP 1500-100 report is JSON (.json) or XML (.xml). [unsupported]");
        Assert.DoesNotContain("well-formed", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(other.Store), "a store was created for a bad election file");

        using var renamed = new Canvass();
        Assert.Equal(0, renamed.Run("init", "--election", renamed.Write("election.txt", File.ReadAllText(_canvass.PathOf("election.json")))).ExitCode);
    }

    [Fact]
    public void Init_XmlElectionWithMisspelledElement_ExitsTwoNamingFileAndLineAndCreatesNothing()
    {
        // NIST's GEN-01 with a 2/3 threshold on a ballot measure, misspelled: ignored, the measure would have passed at
        // a simple majority. NIST's XSD refuses it.
        using var other = new Canvass();
        var gen01 = File.ReadAllText(SharedFolder.Combine("standards", "nist-1500-100", "examples", "err-gen-01.xml"));
        var anchor = "</Contest>\n      <Contest ObjectId=\"bm-proposal-2\"";
        var at = gen01.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at > 0);
        var line = 1 + gen01.AsSpan(0, at).Count('\n');
        var path = other.Write("election.xml", gen01.Insert(at, "   <PasageThreshold><Text Language=\"en\">2/3</Text></PasageThreshold>\n      "));

        var run = other.Run("init", "--election", path);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"election.xml:{line}: /ElectionReport/Election[1]/Contest[9]/PasageThreshold[1]: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'PasageThreshold'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("[schema]", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(other.Store), "a store was created for a bad election file");
        Assert.False(File.Exists(other.Store + ".log-key"), "a log key was created for a bad election file");
    }

    [Fact]
    public void Init_ElectionWithDanglingReference_ExitsTwoNamingThePath()
    {
        using var other = new Canvass();
        var json = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(_canvass.PathOf("election.json")), "\"ElectionDistrictId\":\\s*\"ru-d1\"", "\"ElectionDistrictId\": \"ru-d9\"");
        Assert.Contains("ru-d9", json, StringComparison.Ordinal);
        var run = other.Run("init", "--election", other.Write("election.json", json));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("[unknown-reference]", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("$.", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(other.Store), "a store was created for a bad election file");
    }
}
