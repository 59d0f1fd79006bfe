using System.Collections.Frozen;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Formats.Common;

namespace Canvass.Formats.Cvr;

/// <summary>Streams a NIST SP 1500-103 <c>CastVoteRecordReport</c> in JSON, one <c>CVR</c> element at a time.</summary>
/// <remarks>
/// <para>Ids are resolved against the store's election, which is authoritative: the report's own <c>Election</c>,
/// <c>GpUnit</c> and <c>Party</c> definitions are not read (they may follow the CVRs), so the report's ids must match
/// the store's. Use <see cref="NistCvrElectionExtractor"/> to build an election from a report that has no other
/// definition.</para>
/// <para>Semantics shared with <see cref="NistCvrXmlReader"/>: only the snapshot named by <c>CurrentSnapshotId</c> counts;
/// a <c>SelectionPosition</c> counts when <c>IsAllocable</c> is <c>yes</c>, or, when <c>IsAllocable</c> is absent, when
/// <c>HasIndication</c> is <c>yes</c> and no <c>Status</c> is <c>invalidated-rules</c>; <c>IsAllocable=unknown</c> (awaiting
/// adjudication) is a problem; <c>NumberVotes</c> other than 1 is unsupported. The ballot id is the first present of
/// <c>BallotAuditId</c>, <c>UniqueId</c>, <c>@id</c>, <c>BallotPrePrintedId</c> (with <c>/BallotSheetId</c> when present).
/// The county is the <c>BallotStyleUnitId</c> unit when it is a county, else its nearest county ancestor in the election's
/// unit graph, else the election scope; the precinct is that unit. Every ballot gets the vote method given to the
/// constructor, since 1500-103 has none.</para>
/// <para><see cref="CvrRecord.Line"/> is the line the CVR begins on; problems carry that line and a JSON path such as
/// <c>$.CVR[4].CVRSnapshot[0].CVRContest[2]</c>.</para>
/// </remarks>
/// <param name="voteMethod">The vote method of every ballot in the file.</param>
public sealed class NistCvrJsonReader(CountItemType voteMethod = CountItemType.Other) : ICvrReader
{
    /// <inheritdoc />
    public string Format => "nist-1500-103-json";

    /// <inheritdoc />
    public IEnumerable<CvrRecord> Read(Stream stream, ElectionIndex election, ProblemList problems, CancellationToken ct = default)
    {
        using var json = new JsonChunkReader(stream);
        var resolver = new NistCvrResolver(new ElectionLookups(election), voteMethod, problems);
        if (!json.Read())
        {
            ReportEnd(json, problems, emptyIsProblem: true);
            yield break;
        }

        if (json.TokenType != JsonTokenType.StartObject)
        {
            problems.Add(ProblemCodes.Schema, "The file is not a CastVoteRecordReport: its root is not a JSON object.", json.Line, "$");
            yield break;
        }

        string? type = null;

        // The report is one object a file, so a set of its member names costs nothing; within a CVR, JsonDocument checks.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.String;
            if (name is not null && !seen.Add(name))
            {
                problems.Add(ProblemCodes.Malformed, JsonDuplicates.Message(name), json.Line, "$." + name);
            }

            if (name == "@type")
            {
                if (json.Read())
                {
                    type = json.String;
                }

                continue;
            }

            if (name != "CVR")
            {
                if (name is null || !NistCvrMembers.Report.Contains(name))
                {
                    problems.Add(ProblemCodes.Schema, NistCvrMembers.Unknown(name ?? "", "a CastVoteRecordReport"), json.Line, "$." + name);
                }

                json.Skip();
                continue;
            }

            if (!json.Read() || json.TokenType != JsonTokenType.StartArray)
            {
                problems.Add(ProblemCodes.Schema, "CVR is not an array.", json.Line, "$.CVR");
                yield break;
            }

            long ordinal = 0;
            while (json.TryReadValue(out var bytes, out var line) && json.TokenType != JsonTokenType.EndArray)
            {
                ct.ThrowIfCancellationRequested();
                ordinal++;
                var raw = ToRaw(bytes, ordinal, line);
                if (raw is null)
                {
                    problems.Add(ProblemCodes.Schema, "A CVR is not a JSON object.", line, $"$.CVR[{ordinal - 1}]");
                    continue;
                }

                var ballot = resolver.Resolve(raw);
                if (ballot is not null)
                {
                    yield return new CvrRecord(ballot, line);
                }
            }
        }

        if (json.Error is null && json.TokenType == JsonTokenType.EndObject && json.Read())
        {
            problems.Add(ProblemCodes.Malformed, "The file goes on after the report's closing brace.", json.Line);
            yield break;
        }

        // A second value after the report is refused by the reader itself, as an error.
        if (!ReportEnd(json, problems, emptyIsProblem: false))
        {
            yield break;
        }

        if (type != "CVR.CastVoteRecordReport")
        {
            problems.Add(ProblemCodes.Schema, $"The file is not a CastVoteRecordReport: @type is '{type}', expected 'CVR.CastVoteRecordReport'.", null, "$.@type");
        }
    }

    private static bool ReportEnd(JsonChunkReader json, ProblemList problems, bool emptyIsProblem)
    {
        if (json.Error is { } code)
        {
            problems.Add(code, code == ProblemCodes.NotUtf8 ? json.ErrorMessage! : "The file is not well-formed JSON: " + json.ErrorMessage, json.Line);
            return false;
        }

        if (emptyIsProblem)
        {
            problems.Add(ProblemCodes.EmptyFile, "The file is empty.");
            return false;
        }

        return true;
    }

    private static NistRawCvr? ToRaw(ReadOnlyMemory<byte> bytes, long ordinal, long line)
    {
        // Members named twice are found by Members, a bit a member, not with AllowDuplicateProperties = false, which
        // made JsonDocument.Parse about 1.6 times slower on cvr-gen-02's CVRs and allocated 216 bytes more a CVR.
        using var doc = JsonDocument.Parse(bytes);
        var el = doc.RootElement;
        if (el.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var cvr = new NistRawCvr { Path = $"$.CVR[{ordinal - 1}]", Line = line };
        if (JsonMessages.FindLoneSurrogate(bytes.Span, el, cvr.Path) is { } at)
        {
            // Reading such a string, or looking up a member past such a name, throws; say where it is and read no further.
            cvr.SchemaErrors.Add((at, JsonMessages.LoneSurrogate));
            cvr.Unreadable = true;
            return cvr;
        }

        Members(el, NistCvrMembers.CvrBits, "a CVR", cvr, cvr.Path);
        cvr.Id = Str(el, "@id", cvr, cvr.Path);
        cvr.BallotAuditId = Str(el, "BallotAuditId", cvr, cvr.Path);
        cvr.UniqueId = Str(el, "UniqueId", cvr, cvr.Path);
        cvr.BallotPrePrintedId = Str(el, "BallotPrePrintedId", cvr, cvr.Path);
        cvr.BallotSheetId = Str(el, "BallotSheetId", cvr, cvr.Path);
        cvr.BatchId = Str(el, "BatchId", cvr, cvr.Path);
        cvr.BallotStyleId = Str(el, "BallotStyleId", cvr, cvr.Path);
        cvr.BallotStyleUnitId = Str(el, "BallotStyleUnitId", cvr, cvr.Path);
        cvr.CurrentSnapshotId = Str(el, "CurrentSnapshotId", cvr, cvr.Path);
        var i = 0;
        foreach (var s in Arr(el, "CVRSnapshot", cvr, cvr.Path))
        {
            var snapshot = new NistRawSnapshot { Path = $"{cvr.Path}.CVRSnapshot[{i++}]" };
            Members(s, NistCvrMembers.SnapshotBits, "a CVRSnapshot", cvr, snapshot.Path);
            snapshot.Id = Str(s, "@id", cvr, snapshot.Path);
            cvr.Snapshots.Add(snapshot);
            var j = 0;
            foreach (var c in Arr(s, "CVRContest", cvr, snapshot.Path))
            {
                var contest = new NistRawContest { Path = $"{snapshot.Path}.CVRContest[{j++}]" };
                Members(c, NistCvrMembers.ContestBits, "a CVRContest", cvr, contest.Path);
                contest.ContestId = Str(c, "ContestId", cvr, contest.Path);
                contest.Overvotes = Str(c, "Overvotes", cvr, contest.Path);
                contest.Undervotes = Str(c, "Undervotes", cvr, contest.Path);
                Statuses(c, contest.Statuses, cvr, contest.Path);

                snapshot.Contests.Add(contest);
                var k = 0;
                foreach (var cs in Arr(c, "CVRContestSelection", cvr, contest.Path))
                {
                    var selection = new NistRawSelection { Path = $"{contest.Path}.CVRContestSelection[{k++}]" };
                    Members(cs, NistCvrMembers.SelectionBits, "a CVRContestSelection", cvr, selection.Path);
                    selection.ContestSelectionId = Str(cs, "ContestSelectionId", cvr, selection.Path);
                    selection.Rank = Str(cs, "Rank", cvr, selection.Path);
                    contest.Selections.Add(selection);
                    var m = 0;
                    foreach (var sp in Arr(cs, "SelectionPosition", cvr, selection.Path))
                    {
                        var position = new NistRawPosition { Path = $"{selection.Path}.SelectionPosition[{m++}]" };
                        Members(sp, NistCvrMembers.PositionBits, "a SelectionPosition", cvr, position.Path);
                        position.HasIndication = Str(sp, "HasIndication", cvr, position.Path);
                        position.IsAllocable = Str(sp, "IsAllocable", cvr, position.Path);
                        position.NumberVotes = Str(sp, "NumberVotes", cvr, position.Path);
                        position.Rank = Str(sp, "Rank", cvr, position.Path);
                        Statuses(sp, position.Statuses, cvr, position.Path);

                        selection.Positions.Add(position);
                    }
                }
            }
        }

        return cvr;
    }

    /// <summary>Adds the strings of <paramref name="obj"/>'s <c>Status</c> array to <paramref name="statuses"/>.</summary>
    private static void Statuses(JsonElement obj, List<string> statuses, NistRawCvr cvr, string path)
    {
        foreach (var st in Arr(obj, "Status", cvr, path))
        {
            if (st.ValueKind == JsonValueKind.String)
            {
                statuses.Add(st.GetString()!);
            }
        }
    }

    /// <summary>Lists every member of <paramref name="obj"/> that <paramref name="allowed"/> does not name, and every
    /// one named again (which of the two counts cannot be told: the CVR is not read further). <paramref name="allowed"/>
    /// gives each member NIST allows a bit of its own, so that no set is allocated per object.</summary>
    private static void Members(JsonElement obj, FrozenDictionary<string, int> allowed, string kind, NistRawCvr cvr, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        ulong seen = 0;
        foreach (var member in obj.EnumerateObject())
        {
            var name = member.Name;
            if (!allowed.TryGetValue(name, out var bit))
            {
                cvr.SchemaErrors.Add((path + "." + name, NistCvrMembers.Unknown(name, kind)));
                continue;
            }

            var mask = 1UL << bit;
            if ((seen & mask) != 0)
            {
                (cvr.Duplicates ??= []).Add((path + "." + name, name));
                cvr.Unreadable = true;
            }

            seen |= mask;
        }
    }

    private static string? Str(JsonElement obj, string name, NistRawCvr cvr, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        switch (v.ValueKind)
        {
            case JsonValueKind.String:
                return v.GetString();
            case JsonValueKind.Number:
                return v.GetRawText();
            case JsonValueKind.Null:
                return null;
            default:
                cvr.SchemaErrors.Add((path + "." + name, $"{name} must be a string or number, not {v.ValueKind.ToString().ToLowerInvariant()}."));
                return null;
        }
    }

    private static IEnumerable<JsonElement> Arr(JsonElement obj, string name, NistRawCvr cvr, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            cvr.SchemaErrors.Add((path, "Expected a JSON object."));
            return [];
        }

        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            cvr.SchemaErrors.Add((path + "." + name, $"{name} must be an array."));
            return [];
        }

        return v.EnumerateArray();
    }
}
