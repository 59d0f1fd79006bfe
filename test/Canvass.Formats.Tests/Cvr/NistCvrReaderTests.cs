using System.Collections.Immutable;
using System.Text;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain;
using Canvass.Formats.Common;
using Canvass.Formats.Cvr;
using Canvass.Formats.Tests.Utf8Files;

namespace Canvass.Formats.Tests.Cvr;

public sealed class NistCvrReaderTests
{
    private static ElectionIndex Extract(string name)
    {
        using var stream = File.OpenRead(TestData.Path(name));
        var result = name.EndsWith(".json", StringComparison.Ordinal)
            ? NistCvrElectionExtractor.FromJson(stream, name)
            : NistCvrElectionExtractor.FromXml(stream, name);
        Assert.True(result.IsSuccess, string.Join("\n", result.Problems));
        return new ElectionIndex(result.Value);
    }

    private static (List<CvrRecord> Records, ImmutableArray<Problem> Problems) ReadFile(string name, ElectionIndex index, byte[]? bytes = null)
    {
        ICvrReader reader = name.EndsWith(".json", StringComparison.Ordinal) ? new NistCvrJsonReader() : new NistCvrXmlReader();
        return TestElection.Read(reader, bytes ?? TestData.Bytes(name), index);
    }

    private static string Describe(CvrRecord r, ElectionIndex index)
    {
        var b = r.Ballot;
        var d = index.Definition;
        return $"{b.BallotId} {d.GpUnits[b.County].Id} {(b.Precinct >= 0 ? d.GpUnits[b.Precinct].Id.Value : "-")} {b.VoteMethod} {BallotEncoding.EncodeMarks(b, d)}";
    }

    [Fact]
    public void Gen03_json_and_xml_give_the_same_ballots()
    {
        var jsonIndex = Extract("cvr-gen-03.json");
        var xmlIndex = Extract("cvr-gen-03.xml");
        var (json, jsonProblems) = ReadFile("cvr-gen-03.json", jsonIndex);
        var (xml, xmlProblems) = ReadFile("cvr-gen-03.xml", xmlIndex);
        Assert.Empty(jsonProblems);
        Assert.Empty(xmlProblems);
        Assert.Equal(20, json.Count);
        Assert.Equal(json.Select(r => Describe(r, jsonIndex)), xml.Select(r => Describe(r, xmlIndex)));
        Assert.Equal(
            "b-1-prec-fs-23 ru-county-3 prec-fs-23 Other cc-president=cs-president-ak;cc-senate=cs-senate-cs;cc-congress-1=cs-congress-1-es;cc-assembly-1=cs-assembly-1-gc;bm-22.6=cs-22.6-yes;bm-25.3=cs-25.3-yes",
            Describe(json[0], jsonIndex));
        Assert.True(json[0].Line > 1);
        Assert.Equal(json.Select(r => r.Line).Order(), json.Select(r => r.Line).Distinct()); // the line each CVR begins on
        Assert.True(xml[0].Line > 1);
    }

    [Theory]
    [InlineData("cvr-gen-02.json", 63)]
    [InlineData("cvr-prim-03.json", 20)]
    public void Other_examples_read_without_problems(string name, int ballots)
    {
        var index = Extract(name);
        var (records, problems) = ReadFile(name, index);
        Assert.True(problems.IsEmpty, string.Join("\n", problems));
        Assert.Equal(ballots, records.Count);
    }

    [Fact]
    public void Gen02_ranked_marks_carry_their_rank()
    {
        var index = Extract("cvr-gen-02.json");
        var (records, _) = ReadFile("cvr-gen-02.json", index);
        Assert.Contains(records, r => r.Ballot.Contests.Any(c => c.Marks.Any(m => m.Rank > 1)));
    }

    [Fact]
    public void Example2_marks_awaiting_adjudication_are_problems()
    {
        var index = Extract("example_2.xml");
        var (records, problems) = ReadFile("example_2.xml", index);
        Assert.Empty(records);

        // example_2 has no ballot ids either (no BallotAuditId, UniqueId, ObjectId or BallotPrePrintedId).
        var pending = problems.Where(p => p.Code == ProblemCodes.Unsupported).ToArray();
        Assert.Equal([3L, 148L], pending.Select(p => p.Line!.Value).ToArray());
        Assert.All(pending, p => Assert.EndsWith("IsAllocable", p.Path, StringComparison.Ordinal));
        Assert.Equal([3L, 148L], problems.Where(p => p.Code == ProblemCodes.Schema).Select(p => p.Line!.Value).ToArray());
    }

    [Fact]
    public void Example1_reports_the_mark_awaiting_adjudication_and_reads_the_rest()
    {
        var index = Extract("example_1.xml");
        var (records, problems) = ReadFile("example_1.xml", index);
        Assert.Equal(5, records.Count);
        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.Unsupported, 120L, "CVR[4]/CVRSnapshot[0]/CVRContest[0]/CVRContestSelection[0]/SelectionPosition[0].IsAllocable"), (p.Code, p.Line, p.Path));
    }

    [Fact]
    public void Example2_non_allocable_marks_are_not_counted()
    {
        var index = Extract("example_2.xml");

        // Resolve the adjudication as an adjudicator would: the pending write-ins are not allocable.
        var n = 0;
        var text = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(TestData.Path("example_2.xml")).Replace("<cdf:IsAllocable>unknown<", "<cdf:IsAllocable>no<", StringComparison.Ordinal),
            "<cdf:BallotStyleId>",
            _ => $"<cdf:UniqueId>u{++n}</cdf:UniqueId><cdf:BallotStyleId>");
        var (records, problems) = ReadFile("example_2.xml", index, Encoding.UTF8.GetBytes(text));
        Assert.True(problems.IsEmpty, string.Join("\n", problems));
        Assert.Equal(2, records.Count);
        var first = records[0].Ballot;
        Assert.True(index.TryGetContest(new ContestId("_5TS"), out int overvoted));

        // NIST's "basic example" of an overvote: two indicated marks that are not allocable, and Overvotes 1. Both are
        // kept, so the contest counts as overvoted; they were dropped, and it counted as an undervote.
        Assert.Equal(2, first.Contests.Single(c => c.Contest == overvoted).Marks.Length);
        Assert.All(records, r => Assert.All(r.Ballot.Contests.Where(c => c.Contest != overvoted), c => Assert.Empty(c.Marks)));
    }

    private const string Report = """
        {"@type": "CVR.CastVoteRecordReport", "Version": "1.0.0", "CVR": [
        {"@type": "CVR.CVR", "UniqueId": "u1", "BallotStyleUnitId": "p1", "BatchId": "bt", "CurrentSnapshotId": "s2",
         "CVRSnapshot": [
          {"@id": "s1", "Type": "original", "CVRContest": [{"ContestId": "pres", "CVRContestSelection": [{"ContestSelectionId": "pres-b", "SelectionPosition": [{"HasIndication": "yes", "IsAllocable": "yes", "NumberVotes": 1}]}]}]},
          {"@id": "s2", "Type": "interpreted", "CVRContest": [
            {"ContestId": "pres", "CVRContestSelection": [{"ContestSelectionId": "pres-a", "SelectionPosition": [{"HasIndication": "yes", "NumberVotes": 1}]}]},
            {"ContestId": "council-a", "CVRContestSelection": [
              {"ContestSelectionId": "ca-1", "SelectionPosition": [{"HasIndication": "yes", "IsAllocable": "yes", "NumberVotes": 1}]},
              {"ContestSelectionId": "ca-2", "SelectionPosition": [{"HasIndication": "yes", "IsAllocable": "yes", "NumberVotes": 1}]},
              {"ContestSelectionId": "ca-3", "SelectionPosition": [{"HasIndication": "yes", "IsAllocable": "yes", "NumberVotes": 1}]}]},
            {"ContestId": "rcv", "CVRContestSelection": [{"ContestSelectionId": "r2", "SelectionPosition": [{"HasIndication": "yes", "IsAllocable": "yes", "NumberVotes": 1, "Rank": 1}]}]}]}]}
        ##
        ], "Election": []}
        """;

    private static (List<CvrRecord> Records, ImmutableArray<Problem> Problems) Json(string extraCvrs = "") =>
        TestElection.Read(new NistCvrJsonReader(CountItemType.AbsenteeMail), Report.Replace("##", extraCvrs, StringComparison.Ordinal));

    [Fact]
    public void Current_snapshot_counts_with_overvote_kept_and_ranks()
    {
        var (records, problems) = Json();
        Assert.Empty(problems);
        var b = Assert.Single(records).Ballot;
        Assert.Equal(("u1", "county-a", "p1", "bt", CountItemType.AbsenteeMail), (b.BallotId, TestElection.Index.Definition.GpUnits[b.County].Id.Value, TestElection.Index.Definition.GpUnits[b.Precinct].Id.Value, b.BatchId, b.VoteMethod));
        Assert.Equal("pres=pres-a;council-a=ca-1|ca-2|ca-3;rcv=r2@1", BallotEncoding.EncodeMarks(b, TestElection.Index.Definition));
    }

    private static string Cvr(string contest, string selection, string unit = "p1", string position = "\"HasIndication\": \"yes\", \"IsAllocable\": \"yes\", \"NumberVotes\": 1") =>
        $$""", {"UniqueId": "x", "BallotStyleUnitId": "{{unit}}", "CurrentSnapshotId": "s", "CVRSnapshot": [{"@id": "s", "CVRContest": [{"ContestId": "{{contest}}", "CVRContestSelection": [{"ContestSelectionId": "{{selection}}", "SelectionPosition": [{ {{position}} }]}]}]}]}""";

    [Theory]
    [InlineData("senate", "pres-a", "p1", ProblemCodes.UnknownReference, "$.CVR[1].CVRSnapshot[0].CVRContest[0].ContestId")]
    [InlineData("pres", "pres-z", "p1", ProblemCodes.UnknownReference, "$.CVR[1].CVRSnapshot[0].CVRContest[0].CVRContestSelection[0].ContestSelectionId")]
    [InlineData("mayor-b", "mb-1", "p1", ProblemCodes.ContestNotOnBallot, "$.CVR[1].CVRSnapshot[0].CVRContest[0]")]
    [InlineData("pres", "pres-a", "p7", ProblemCodes.UnknownReference, "$.CVR[1].BallotStyleUnitId")]
    public void Bad_reference_is_reported_and_other_ballots_still_read(string contest, string selection, string unit, string code, string path)
    {
        var (records, problems) = Json(Cvr(contest, selection, unit));
        Assert.Single(records);
        var p = Assert.Single(problems);
        Assert.Equal((code, path, "f"), (p.Code, p.Path, p.File));
        Assert.True(p.Line > 1);
    }

    [Fact]
    public void A_contest_not_on_the_ballot_is_named_with_the_reason()
    {
        var (_, problems) = Json(Cvr("mayor-b", "mb-1"));
        Assert.Equal("Contest 'mayor-b' is not on the ballots of 'p1', which lies outside its district 'county-b'.", Assert.Single(problems).Message);
    }

    /// <summary>A NUL (U+0000) in a ballot id or batch was kept by SQLite and failed on PostgreSQL as a system error.</summary>
    [Theory]
    [InlineData("\"UniqueId\": \"u\\u00002\"", "$.CVR[1]")]
    [InlineData("\"UniqueId\": \"u2\", \"BatchId\": \"b\\u0000\"", "$.CVR[1].BatchId")]
    public void A_NUL_in_a_ballot_id_or_batch_is_a_bad_value(string ids, string path)
    {
        var (records, problems) = Json(Cvr("pres", "pres-a").Replace("\"UniqueId\": \"x\"", ids, StringComparison.Ordinal));

        Assert.Single(records);
        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.BadValue, path), (p.Code, p.Path));
        Assert.Contains("NUL character (U+0000)", p.Message, StringComparison.Ordinal);
    }

    private static string Contest(string contest, string extra, params string[] selections) =>
        $$""", {"UniqueId": "x", "BallotStyleUnitId": "p1", "CurrentSnapshotId": "s", "CVRSnapshot": [{"@id": "s", "CVRContest": [{"ContestId": "{{contest}}", {{extra}} "CVRContestSelection": [{{string.Join(", ", selections.Select(sel =>
            $$"""{"ContestSelectionId": "{{sel}}", "SelectionPosition": [{"HasIndication": "yes", "IsAllocable": "no", "NumberVotes": 1}]}"""))}}]}]}]}""";

    [Theory]
    [InlineData("\"Overvotes\": 1,")]
    [InlineData("\"Status\": [\"overvoted\"],")]
    public void An_overvote_written_the_NIST_way_is_an_overvote(string extra)
    {
        var (records, problems) = Json(Contest("pres", extra, "pres-a", "pres-b"));
        Assert.Empty(problems);
        Assert.Equal(2, records[1].Ballot.Contests.Single().Marks.Length); // more marks than allowed: counted as an overvote

        var (_, single) = Json(Contest("pres", extra, "pres-a"));
        Assert.Equal(ProblemCodes.Inconsistent, Assert.Single(single).Code);
    }

    /// <summary>A contest's Overvotes that is not a count (negative, or words) was read as "overvoted", and the ballot's one
    /// mark then reported as an inconsistent overvote: it is a bad value at its path.</summary>
    [Theory]
    [InlineData("\"Overvotes\": -3,", "-3")]
    [InlineData("\"Overvotes\": \"lots\",", "lots")]
    [InlineData("\"Overvotes\": 1.5,", "1.5")]
    public void Overvotes_that_is_not_a_count_is_a_bad_value(string extra, string value)
    {
        var (_, problems) = Json(Contest("pres", extra, "pres-a"));

        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.BadValue, "$.CVR[1].CVRSnapshot[0].CVRContest[0].Overvotes"), (p.Code, p.Path));
        Assert.Contains($"'{value}'", p.Message, StringComparison.Ordinal);
    }

    /// <summary>Undervotes was not read at all, so words or a negative number there passed; NumberVotes in words was
    /// "not supported" (as if it were a count above one). Both are bad values at their paths, in JSON and in XML.</summary>
    [Theory]
    [InlineData("\"Undervotes\": \"lots\",", "Undervotes", "lots")]
    [InlineData("\"Undervotes\": -1,", "Undervotes", "-1")]
    [InlineData("\"Undervotes\": 0.5,", "Undervotes", "0.5")]
    public void Undervotes_that_is_not_a_count_is_a_bad_value(string extra, string name, string value)
    {
        var (_, problems) = Json(Contest("pres", extra, "pres-a"));

        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.BadValue, "$.CVR[1].CVRSnapshot[0].CVRContest[0]." + name), (p.Code, p.Path));
        Assert.Contains($"'{value}'", p.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"few\"", "few")]
    [InlineData("-1", "-1")]
    public void Number_votes_that_is_not_a_count_is_a_bad_value(string votes, string value)
    {
        var (_, problems) = Json(Cvr("pres", "pres-a", position: "\"HasIndication\": \"yes\", \"IsAllocable\": \"yes\", \"NumberVotes\": " + votes));

        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.BadValue, "$.CVR[1].CVRSnapshot[0].CVRContest[0].CVRContestSelection[0].SelectionPosition[0].NumberVotes"), (p.Code, p.Path));
        Assert.Contains($"'{value}'", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_undervotes_that_is_not_a_count_is_a_bad_value()
    {
        var bad = Xml.Replace("<c:ContestId>mayor-b</c:ContestId>", "<c:ContestId>mayor-b</c:ContestId><c:Undervotes>lots</c:Undervotes>", StringComparison.Ordinal);
        var (_, problems) = TestElection.Read(new NistCvrXmlReader(), bad);

        Assert.Contains(problems, p => p.Code == ProblemCodes.BadValue && p.Path == "CVR[0]/CVRSnapshot[0]/CVRContest[0].Undervotes" && p.Message.Contains("'lots'", StringComparison.Ordinal));
    }

    [Fact]
    public void One_selection_marked_twice_is_a_problem_not_two_votes()
    {
        var twice = Contest("council-a", "", "ca-1", "ca-1").Replace("\"IsAllocable\": \"no\"", "\"IsAllocable\": \"yes\"", StringComparison.Ordinal);
        var (_, problems) = Json(twice);
        Assert.Equal((ProblemCodes.BadValue, "$.CVR[1].CVRSnapshot[0].CVRContest[0].CVRContestSelection[1]"), (Assert.Single(problems).Code, problems[0].Path));
    }

    [Fact]
    public void Number_votes_above_one_is_unsupported()
    {
        var (_, problems) = Json(Cvr("pres", "pres-a", position: "\"HasIndication\": \"yes\", \"IsAllocable\": \"yes\", \"NumberVotes\": 2"));
        Assert.Equal(ProblemCodes.Unsupported, Assert.Single(problems).Code);
    }

    [Fact]
    public void Invalidated_indication_without_allocation_is_not_counted()
    {
        var (records, problems) = Json(Cvr("pres", "pres-a", position: "\"HasIndication\": \"yes\", \"NumberVotes\": 1, \"Status\": [\"invalidated-rules\"]"));
        Assert.Empty(problems);
        Assert.Empty(records[1].Ballot.Contests[0].Marks);
    }

    [Fact]
    public void Missing_snapshot_is_reported()
    {
        var (_, problems) = Json(Cvr("pres", "pres-a").Replace("\"CurrentSnapshotId\": \"s\"", "\"CurrentSnapshotId\": \"nope\"", StringComparison.Ordinal));
        Assert.Equal((ProblemCodes.UnknownReference, "$.CVR[1].CurrentSnapshotId"), (Assert.Single(problems).Code, problems[0].Path));
    }

    [Fact]
    public void Wrong_field_type_is_a_schema_problem()
    {
        var (_, problems) = Json(Cvr("pres", "pres-a").Replace("\"CVRSnapshot\": [", "\"CVRSnapshot\": {\"a\": [", StringComparison.Ordinal).Replace("}]}]}]}]}", "}]}]}]}]}}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == ProblemCodes.Schema && p.Path == "$.CVR[1].CVRSnapshot");
    }

    [Fact]
    public void A_ballot_s_line_is_where_its_CVR_begins()
    {
        var (records, problems) = Json("\n\n" + Cvr("pres", "pres-a"));
        Assert.Empty(problems);
        var text = Report.Replace("##", "\n\n" + Cvr("pres", "pres-a"), StringComparison.Ordinal);
        var expected = 1 + text[..text.IndexOf("{\"UniqueId\": \"x\"", StringComparison.Ordinal)].Count(c => c == '\n');
        Assert.Equal(expected, records[1].Line); // not its place in the array (2), which duplicate problems named as a line
    }

    [Fact]
    public void Malformed_json_deep_in_the_file_is_reported_at_its_own_line()
    {
        // The reader's state carries the line count across chunks; the line was counted twice.
        var text = Report.Replace("##", new string('\n', 100_000) + ", {\"UniqueId\": x}", StringComparison.Ordinal);
        var (_, problems) = TestElection.Read(new NistCvrJsonReader(), text);
        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.Malformed, 1 + text[..text.IndexOf("x}", StringComparison.Ordinal)].Count(c => c == '\n')), (p.Code, p.Line));
        Assert.DoesNotContain("LineNumber", p.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("]]] garbage {")]
    [InlineData("{\"@type\": \"CVR.CastVoteRecordReport\", \"CVR\": []}")]
    public void Anything_after_the_report_is_malformed(string after)
    {
        var text = Report.Replace("##", "", StringComparison.Ordinal) + "\n" + after + "\n";
        var (_, problems) = TestElection.Read(new NistCvrJsonReader(), text);
        Assert.Equal((ProblemCodes.Malformed, (long)text.Count(c => c == '\n')), (Assert.Single(problems).Code, problems[0].Line));
    }

    [Fact]
    public void A_member_the_schema_does_not_have_is_a_schema_problem_not_ignored()
    {
        // A misspelled CVRContest list stored the ballot with no contests; a misspelled CVR list dropped its ballots.
        var (_, inCvr) = Json(Cvr("pres", "pres-a").Replace("\"CVRContest\"", "\"CVRContests\"", StringComparison.Ordinal));
        Assert.Contains(inCvr, p => p.Code == ProblemCodes.Schema && p.Path == "$.CVR[1].CVRSnapshot[0].CVRContests");

        var (_, atRoot) = TestElection.Read(new NistCvrJsonReader(), Report.Replace("##", "", StringComparison.Ordinal).Replace("\"Election\": []", "\"Cvr\": []", StringComparison.Ordinal));
        Assert.Equal((ProblemCodes.Schema, "$.Cvr"), (Assert.Single(atRoot).Code, atRoot[0].Path));

        var (records, problems) = Json();
        Assert.Empty(problems); // every member of the report, CVR, snapshot, contest, selection and position used here is NIST's
        Assert.Single(records);
    }

    [Theory]
    [InlineData("\"ContestSelectionId\": \"pres-a\"", "\"ContestSelectionId\": \"pres-a\", \"ContestSelectionId\": \"pres-b\"", ".CVRSnapshot[0].CVRContest[0].CVRContestSelection[0].ContestSelectionId")]
    [InlineData("\"UniqueId\": \"x\"", "\"BallotAuditId\": \"a\", \"BallotAuditId\": \"b\"", ".BallotAuditId")]
    [InlineData("\"IsAllocable\": \"yes\"", "\"IsAllocable\": \"no\", \"IsAllocable\": \"yes\"", ".CVRSnapshot[0].CVRContest[0].CVRContestSelection[0].SelectionPosition[0].IsAllocable")]
    [InlineData("\"CurrentSnapshotId\": \"s\"", "\"CurrentSnapshotId\": \"s\", \"Current\\u0053napshotId\": \"t\"", ".CurrentSnapshotId")]
    [InlineData("\"CVRSnapshot\": [", "\"CVRSnapshot\": [], \"CVRSnapshot\": [", ".CVRSnapshot")]
    public void A_json_member_named_twice_is_malformed_not_the_last_one_taken(string from, string to, string path)
    {
        // The last one was counted ("ContestSelectionId": "ada", "ContestSelectionId": "ben" gave Ben the vote), where the
        // XML reader took the first: the same ballot counted differently in the two encodings.
        var cvr = Cvr("pres", "pres-a");
        Assert.Contains(from, cvr, StringComparison.Ordinal);
        var (records, problems) = Json(cvr.Replace(from, to, StringComparison.Ordinal));
        Assert.Single(records); // the report's first, good ballot: the bad one is not stored
        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.Malformed, "$.CVR[1]" + path), (p.Code, p.Path));
        Assert.True(p.Line > 1);
        Assert.Contains("more than once", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_member_named_twice_is_malformed()
    {
        // Two CVR arrays were both read; two @type members, the last taken.
        var text = Report.Replace("##", "", StringComparison.Ordinal).Replace("\"Election\": []", "\"CVR\": [], \"Version\": \"1.0.0\"", StringComparison.Ordinal);
        var (_, problems) = TestElection.Read(new NistCvrJsonReader(), text);
        Assert.Equal([(ProblemCodes.Malformed, "$.CVR"), (ProblemCodes.Malformed, "$.Version")], problems.Select(p => (p.Code, p.Path)));
        Assert.All(problems, p => Assert.Equal(1 + text[..text.LastIndexOf("\"" + p.Path![2..] + "\"", StringComparison.Ordinal)].Count(c => c == '\n'), p.Line));
    }

    [Theory]
    [InlineData("<c:ContestSelectionId>mb-2</c:ContestSelectionId>", "<c:ContestSelectionId>mb-2</c:ContestSelectionId><c:ContestSelectionId>mb-1</c:ContestSelectionId>", "CVR[0]/CVRSnapshot[0]/CVRContest[0]/CVRContestSelection[0]/ContestSelectionId[1]")]
    [InlineData("<c:UniqueId>u9</c:UniqueId>", "<c:UniqueId>u9</c:UniqueId><c:BallotAuditId>a</c:BallotAuditId><c:BallotAuditId>b</c:BallotAuditId>", "CVR[0]/BallotAuditId[1]")]
    [InlineData("<c:IsAllocable>yes</c:IsAllocable>", "<c:IsAllocable>yes</c:IsAllocable><c:IsAllocable>no</c:IsAllocable>", "CVR[0]/CVRSnapshot[0]/CVRContest[0]/CVRContestSelection[0]/SelectionPosition[0]/IsAllocable[1]")]
    [InlineData("<c:CurrentSnapshotId>s</c:CurrentSnapshotId>", "<c:CurrentSnapshotId>s</c:CurrentSnapshotId><CurrentSnapshotId>t</CurrentSnapshotId>", "CVR[0]/CurrentSnapshotId[1]")]
    public void An_xml_element_the_schema_allows_once_given_twice_is_a_schema_problem_not_the_first_taken(string from, string to, string path)
    {
        // The first was counted (two ContestSelectionIds gave the vote to the first), where the JSON reader took the last.
        var at = Xml.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at > 0);
        var text = Xml[..at] + to + Xml[(at + from.Length)..]; // in the first CVR only
        var (records, problems) = TestElection.Read(new NistCvrXmlReader(), text);
        Assert.Empty(records);
        var p = Assert.Single(problems, p => p.Path == path);
        Assert.Equal((ProblemCodes.Schema, 3L), (p.Code, p.Line));
        Assert.Contains("more than one", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_elements_the_schema_allows_many_of_may_repeat_and_report_elements_may_not()
    {
        var statuses = Xml.Replace("<c:NumberVotes>1</c:NumberVotes>", "<c:NumberVotes>1</c:NumberVotes><c:Status>other</c:Status><c:Status>other</c:Status>", StringComparison.Ordinal);
        var (records, baseProblems) = TestElection.Read(new NistCvrXmlReader(), statuses);
        Assert.Single(records);
        Assert.DoesNotContain(baseProblems, p => p.Code == ProblemCodes.Schema);

        var versions = Xml.Replace("  <c:Version>1.0.0</c:Version>", "  <c:Version>1.0.0</c:Version>\n  <c:Version>1.0.0</c:Version>", StringComparison.Ordinal);
        var (_, problems) = TestElection.Read(new NistCvrXmlReader(), versions);
        var p = Assert.Single(problems, p => p.Code == ProblemCodes.Schema);
        Assert.Equal(("Version[1]", 1L + versions[..versions.LastIndexOf("<c:Version>", StringComparison.Ordinal)].Count(c => c == '\n')), (p.Path, p.Line));
    }

    [Theory]
    [InlineData("<c:Cvr>", "</c:Cvr>")]
    [InlineData("<CVR xmlns=\"urn:other\">", "</CVR>")]
    public void Xml_elements_outside_the_schema_are_schema_problems(string open, string close)
    {
        var text = Xml.Replace("  <c:Version>", $"  {open}<UniqueId>u11</UniqueId>{close}\n  <c:Version>", StringComparison.Ordinal);
        var (records, problems) = TestElection.Read(new NistCvrXmlReader(), text);
        var (baseRecords, baseProblems) = TestElection.Read(new NistCvrXmlReader(), Xml);
        Assert.Equal(baseRecords.Count, records.Count);
        Assert.Equal(ProblemCodes.Schema, Assert.Single(problems.Except(baseProblems)).Code);
    }

    /// <summary>A report in another namespace (an older draft's, say) is named as such; the message said only that the root
    /// element was 'c:CastVoteRecordReport', which reads as the right one.</summary>
    [Fact]
    public void Xml_report_in_another_namespace_names_the_namespace()
    {
        var text = Xml.Replace("http://itl.nist.gov/ns/voting/1500-103/v1", "http://itl.nist.gov/ns/voting/1500-103/v0", StringComparison.Ordinal);
        var (records, problems) = TestElection.Read(new NistCvrXmlReader(), text);

        Assert.Empty(records);
        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.Schema, 2L), (p.Code, p.Line));
        Assert.Contains("in the namespace 'http://itl.nist.gov/ns/voting/1500-103/v0', not NIST SP 1500-103's", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_snapshots_with_the_current_id_are_a_problem()
    {
        var twice = Cvr("pres", "pres-a").Replace("\"CVRSnapshot\": [{\"@id\": \"s\"", "\"CVRSnapshot\": [{\"@id\": \"s\", \"CVRContest\": []}, {\"@id\": \"s\"", StringComparison.Ordinal);
        var (_, problems) = Json(twice);
        Assert.Equal((ProblemCodes.DuplicateId, "$.CVR[1].CVRSnapshot[1]"), (Assert.Single(problems).Code, problems[0].Path));
    }

    [Fact]
    public void A_doctype_is_refused_by_name_with_a_line()
    {
        var text = Xml.Replace("?>\n", "?>\n<!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n", StringComparison.Ordinal);
        var (records, problems) = TestElection.Read(new NistCvrXmlReader(), text);
        Assert.Empty(records);
        var p = Assert.Single(problems);
        Assert.Equal(ProblemCodes.Malformed, p.Code);
        Assert.True(p.Line >= 1);
        Assert.Contains("DOCTYPE", p.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("XmlReaderSettings", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comment_is_not_json()
    {
        var text = Report.Replace("##", ", {\"UniqueId\": /* note */ \"x\"}", StringComparison.Ordinal);
        var (_, problems) = TestElection.Read(new NistCvrJsonReader(), text);
        Assert.Equal((ProblemCodes.Malformed, 1 + text[..text.IndexOf("/*", StringComparison.Ordinal)].Count(c => c == '\n')), (Assert.Single(problems).Code, problems[0].Line));
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_a_problem_not_a_crash()
    {
        var (_, inCvr) = Json(Cvr("pres", "pres-a").Replace("\"UniqueId\": \"x\"", "\"UniqueId\": \"x\\ud800\"", StringComparison.Ordinal));
        Assert.Contains(inCvr, p => p.Code == ProblemCodes.Schema && p.Path == "$.CVR[1].UniqueId");

        // In a Status array too (a contest's and a selection position's), found by the mutated-input search.
        var (_, inStatus) = Json(Cvr("pres", "pres-a", position: "\"HasIndication\": \"yes\", \"NumberVotes\": 1, \"Status\": [\"x\\udc00\"]"));
        Assert.Contains(inStatus, p => p.Code == ProblemCodes.Schema && p.Path!.EndsWith(".SelectionPosition[0].Status[0]", StringComparison.Ordinal));

        var text = Report.Replace("\"Election\"", "\"Elec\\udc00tion\"", StringComparison.Ordinal).Replace("##", "", StringComparison.Ordinal);
        var (_, inKey) = TestElection.Read(new NistCvrJsonReader(), text);
        Assert.Equal((ProblemCodes.Malformed, 1 + text[..text.IndexOf("Elec", StringComparison.Ordinal)].Count(c => c == '\n')), (Assert.Single(inKey).Code, inKey[0].Line));
    }

    [Fact]
    public void A_boolean_id_is_a_schema_problem()
    {
        var (_, problems) = Json(Cvr("pres", "pres-a").Replace("\"UniqueId\": \"x\"", "\"UniqueId\": true", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == ProblemCodes.Schema && p.Path == "$.CVR[1].UniqueId");
    }

    [Fact]
    public void Truncated_json_is_malformed()
    {
        var text = Report.Replace("##", "", StringComparison.Ordinal);
        var cut = text[..(text.IndexOf("council-a", StringComparison.Ordinal))];
        var (records, problems) = TestElection.Read(new NistCvrJsonReader(), cut);
        Assert.Empty(records);
        var p = Assert.Single(problems);
        Assert.Equal(ProblemCodes.Malformed, p.Code);
        Assert.True(p.Line >= 2);
    }

    [Theory]
    [InlineData("{\"@type\": \"CVR.CastVoteRecordReport\", \"CVR\": [ {\"UniqueId\": \"a\",, } ]}", ProblemCodes.Malformed)]
    [InlineData("{\"@type\": \"CVR.CastVoteRecordReport\" \"CVR\": []}", ProblemCodes.Malformed)]
    [InlineData("[1, 2]", ProblemCodes.Schema)]
    [InlineData("{\"@type\": \"ElectionResults.ElectionReport\", \"Election\": []}", ProblemCodes.Schema)]
    [InlineData("{\"CVR\": []}", ProblemCodes.Schema)]
    [InlineData("{\"@type\": \"CVR.CastVoteRecordReport\", \"CVR\": {}}", ProblemCodes.Schema)]
    [InlineData("", ProblemCodes.EmptyFile)]
    [InlineData("   \n", ProblemCodes.Malformed)]
    public void Bad_json_documents(string text, string code)
    {
        var (records, problems) = TestElection.Read(new NistCvrJsonReader(), text);
        Assert.Empty(records);
        Assert.Equal(code, Assert.Single(problems).Code);
    }

    [Fact]
    public void Schema_problem_for_non_object_cvr()
    {
        var (_, problems) = TestElection.Read(new NistCvrJsonReader(), "{\"@type\": \"CVR.CastVoteRecordReport\", \"CVR\": [1]}");
        Assert.Equal((ProblemCodes.Schema, "$.CVR[0]"), (Assert.Single(problems).Code, problems[0].Path));
    }

    [Fact]
    public void Json_not_utf8_deep_in_the_file_is_reported_at_its_own_line()
    {
        var (bytes, line) = BadBytes.At(Report.Replace("##", new string('\n', 50_000) + "  ", StringComparison.Ordinal), "\"Election\"");
        var (_, problems) = TestElection.Read(new NistCvrJsonReader(), bytes);
        Assert.Equal((ProblemCodes.NotUtf8, line), (Assert.Single(problems).Code, problems[0].Line));
    }

    [Fact]
    public void Json_not_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Report.Replace("##", "", StringComparison.Ordinal).Replace("\"bt\"", "\"b?\"", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;
        var (_, problems) = TestElection.Read(new NistCvrJsonReader(), bytes);
        Assert.Equal(ProblemCodes.NotUtf8, Assert.Single(problems).Code);
    }

    [Fact]
    public void Json_is_read_in_small_chunks()
    {
        var bytes = TestData.Bytes("cvr-gen-02.json");
        var index = Extract("cvr-gen-02.json");
        var problems = new ProblemList("f");
        using var stream = new TrickleStream(bytes, 7);
        var records = new NistCvrJsonReader().Read(stream, index, problems, TestContext.Current.CancellationToken).ToList();
        Assert.False(problems.HasProblems);
        Assert.Equal(63, records.Count);
    }

    private const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <c:CastVoteRecordReport xmlns:c="http://itl.nist.gov/ns/voting/1500-103/v1">
          <c:CVR>
            <c:BallotStyleUnitId>p3</c:BallotStyleUnitId>
            <c:CurrentSnapshotId>s</c:CurrentSnapshotId>
            <c:CVRSnapshot ObjectId="s">
              <c:CVRContest><c:ContestId>mayor-b</c:ContestId>
                <c:CVRContestSelection><c:ContestSelectionId>mb-2</c:ContestSelectionId>
                  <c:SelectionPosition><c:HasIndication>yes</c:HasIndication><c:IsAllocable>yes</c:IsAllocable><c:NumberVotes>1</c:NumberVotes></c:SelectionPosition>
                </c:CVRContestSelection>
              </c:CVRContest>
            </c:CVRSnapshot>
            <c:UniqueId>u9</c:UniqueId>
          </c:CVR>
          <c:CVR>
            <c:BallotStyleUnitId>p3</c:BallotStyleUnitId>
            <c:CurrentSnapshotId>s</c:CurrentSnapshotId>
            <c:CVRSnapshot ObjectId="s"><c:CVRContest><c:ContestId>council-a</c:ContestId></c:CVRContest></c:CVRSnapshot>
            <c:UniqueId>u10</c:UniqueId>
          </c:CVR>
          <c:Version>1.0.0</c:Version>
        </c:CastVoteRecordReport>
        """;

    [Fact]
    public void Xml_with_any_prefix_reads_and_reports_with_line()
    {
        var (records, problems) = TestElection.Read(new NistCvrXmlReader(), Xml);
        var r = Assert.Single(records);
        Assert.Equal(("u9", 3L, "mayor-b=mb-2"), (r.Ballot.BallotId, r.Line, BallotEncoding.EncodeMarks(r.Ballot, TestElection.Index.Definition)));
        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.ContestNotOnBallot, 15L, "CVR[1]/CVRSnapshot[0]/CVRContest[0]"), (p.Code, p.Line, p.Path));
    }

    [Fact]
    public void Truncated_xml_is_malformed_after_the_complete_cvrs()
    {
        var cut = Xml[..Xml.IndexOf("<c:UniqueId>u10", StringComparison.Ordinal)];
        var (records, problems) = TestElection.Read(new NistCvrXmlReader(), cut);
        Assert.Single(records);
        Assert.Equal(ProblemCodes.Malformed, Assert.Single(problems).Code);
    }

    [Theory]
    [InlineData("", ProblemCodes.EmptyFile)]
    [InlineData("<CastVoteRecordReport><b></CastVoteRecordReport>", ProblemCodes.Malformed)]
    [InlineData("<ElectionReport xmlns=\"http://itl.nist.gov/ns/voting/1500-100/v2\"/>", ProblemCodes.Schema)]
    [InlineData("<CastVoteRecordReport xmlns=\"urn:other\"/>", ProblemCodes.Schema)]
    [InlineData("<CastVoteRecordReport><CVR><CurrentSnapshotId>s</CurrentSnapshotId></CVR></CastVoteRecordReport>", ProblemCodes.UnknownReference)]
    [InlineData("<CastVoteRecordReport><CVR></CVR><Version>1.0.0</Version></CastVoteRecordReport> trailing", ProblemCodes.Malformed)]
    public void Bad_xml_documents(string text, string code)
    {
        var (records, problems) = TestElection.Read(new NistCvrXmlReader(), text);
        Assert.Empty(records);
        Assert.True(problems.Any(p => p.Code == code), string.Join("\n", problems));
    }

    [Fact]
    public void Xml_not_utf8_deep_in_the_file_is_reported_at_its_own_line()
    {
        var padded = Xml.Replace("  <c:Version>", string.Concat(Enumerable.Repeat("  <!-- a comment -->\n", 20_000)) + "  <c:Version>", StringComparison.Ordinal);
        var (bytes, line) = BadBytes.At(padded, "1.0.0");
        var (_, problems) = TestElection.Read(new NistCvrXmlReader(), bytes);
        Assert.Equal((ProblemCodes.NotUtf8, line), (Assert.Single(problems).Code, problems[0].Line));
    }

    [Fact]
    public void Xml_not_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Xml.Replace("u10", "u?", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xE9;
        var (records, problems) = TestElection.Read(new NistCvrXmlReader(), bytes);
        Assert.Equal(ProblemCodes.NotUtf8, Assert.Single(problems).Code);
    }
}
