using System.Globalization;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rcv;

/// <summary>What RCTab needs from a CDF (NIST SP 1500-103) election definition: the chosen contest's selections.</summary>
internal sealed class CdfContest(string id)
{
    public string Id { get; } = id;

    /// <summary>Selection id → the candidate string (Candidate.Name, or the candidate id when it has no name), or null
    /// for a write-in selection.</summary>
    public Dictionary<string, string?> Selections { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a marked position: an undeclared write-in, or the selection's candidate; false when the candidate
    /// names no candidate of the contest (see <see cref="ChoiceBuilder.Add"/>).</summary>
    public static bool AddTo(ChoiceBuilder choices, int rank, string? candidate, bool writeIn)
    {
        if (writeIn || candidate is null)
        {
            choices.AddWriteIn(rank);
            return true;
        }

        return choices.Add(rank, candidate);
    }
}

/// <summary>CDF CastVoteRecordReport JSON. The contest is chosen by its <c>Name</c>; each CVR uses the snapshot named
/// by <c>CurrentSnapshotId</c>; positions with <c>HasIndication=no</c> or <c>IsAllocable=no</c> are skipped; write-in
/// selections are undeclared write-ins. A CVR without the contest is a problem, as in RCTab.</summary>
internal static class CdfJsonReader
{
    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems,
        CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            problems.Add(new Problem(ProblemCodes.Malformed, "The file is not valid JSON: " + JsonMessages.WithoutPosition(ex), path, ex.LineNumber + 1));
            yield break;
        }

        using (document)
        {
            var root = document.RootElement;
            var contest = FindContest(root, source.ContestId, path, problems);
            if (contest is null)
            {
                yield break;
            }

            var units = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var unit in Array(root, "GpUnit"))
            {
                if (Str(unit, "@id") is { } unitId)
                {
                    units[unitId] = Str(unit, "Name") ?? unitId;
                }
            }

            var fileName = Path.GetFileName(source.FilePath);
            var n = 0;
            foreach (var cvr in Array(root, "CVR"))
            {
                ct.ThrowIfCancellationRequested();
                n++;
                var where = "CVR[" + (n - 1).ToString(CultureInfo.InvariantCulture) + "]";
                var id = fileName + "(" + n.ToString(CultureInfo.InvariantCulture) + ")";
                var current = Str(cvr, "CurrentSnapshotId");
                JsonElement? snapshot = null;
                foreach (var s in Array(cvr, "CVRSnapshot"))
                {
                    if (current is not null && string.Equals(Str(s, "@id"), current, StringComparison.Ordinal))
                    {
                        snapshot = s;
                        break;
                    }
                }

                if (snapshot is null)
                {
                    problems.Add(new Problem(ProblemCodes.UnknownReference,
                        $"CVR {n} has no CVRSnapshot with the CurrentSnapshotId '{current}'.", path, null, where));
                    continue;
                }

                JsonElement? cvrContest = null;
                foreach (var c in Array(snapshot.Value, "CVRContest"))
                {
                    if (string.Equals(Str(c, "ContestId"), contest.Id, StringComparison.Ordinal))
                    {
                        cvrContest = c;
                        break;
                    }
                }

                if (cvrContest is null)
                {
                    problems.Add(new Problem(ProblemCodes.ContestNotOnBallot,
                        $"CVR {n} has no CVRContest for contest '{source.ContestId}' ({contest.Id}).", path, null, where));
                    continue;
                }

                var choices = new ChoiceBuilder(source, candidates);
                var ok = true;
                var s2 = 0;
                foreach (var selection in Array(cvrContest.Value, "CVRContestSelection"))
                {
                    var selWhere = where + ".CVRContestSelection[" + s2++.ToString(CultureInfo.InvariantCulture) + "]";
                    if (HasStatus(selection, "needs-adjudication"))
                    {
                        continue;
                    }

                    string? candidate = null;
                    var writeIn = false;
                    if (Str(selection, "ContestSelectionId") is { } selectionId)
                    {
                        if (!contest.Selections.TryGetValue(selectionId, out candidate))
                        {
                            problems.Add(new Problem(ProblemCodes.UnknownReference,
                                $"ContestSelectionId '{selectionId}' is not a selection of contest '{source.ContestId}'.", path, null, selWhere));
                            ok = false;
                            continue;
                        }

                        writeIn = candidate is null;
                    }

                    var selectionRank = Int(selection, "Rank");
                    foreach (var position in Array(selection, "SelectionPosition"))
                    {
                        if (string.Equals(Str(position, "HasIndication"), "no", StringComparison.Ordinal)
                            || string.Equals(Str(position, "IsAllocable"), "no", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        var rank = Int(position, "Rank") ?? selectionRank;
                        var positionWriteIn = position.TryGetProperty("CVRWriteIn", out var w) && w.ValueKind != JsonValueKind.Null;
                        if (candidate is null && !writeIn && !positionWriteIn)
                        {
                            problems.Add(new Problem(ProblemCodes.Schema, "A selection has neither a ContestSelectionId nor a CVRWriteIn.", path, null, selWhere));
                            ok = false;
                            continue;
                        }

                        if (!CheckRank(rank, maxRankings, n, path, selWhere, problems))
                        {
                            ok = false;
                            continue;
                        }

                        if (!CdfContest.AddTo(choices, rank!.Value, candidate, writeIn || positionWriteIn))
                        {
                            problems.Add(ChoiceBuilder.Unrecognized(id, candidate!, path, null, selWhere));
                            ok = false;
                        }
                    }
                }

                if (!ok)
                {
                    continue;
                }

                var precinct = Str(cvr, "BallotStyleUnitId") is { } unitRef ? units.GetValueOrDefault(unitRef, unitRef) : null;
                yield return new RankedCvr(id, source.ContestId, precinct, null, choices.Build());
            }
        }
    }

    /// <summary>False, with the problem at <paramref name="where"/> (and <paramref name="line"/>, in XML), for a marked
    /// position without a rank of 1 or more or ranked beyond <paramref name="maxRankings"/>.</summary>
    internal static bool CheckRank(int? rank, int? maxRankings, int n, string path, string where, ProblemList problems, long? line = null)
    {
        if (rank is not { } r || r < 1)
        {
            problems.Add(new Problem(ProblemCodes.Schema, $"CVR {n} has a marked position without a rank of 1 or more.", path, line, where));
            return false;
        }

        if (maxRankings is { } max && r > max)
        {
            problems.Add(new Problem(ProblemCodes.BadValue,
                $"CVR {n} ranks a candidate at rank {r}, beyond the contest's maximum of {max} rankings.", path, line, where));
            return false;
        }

        return true;
    }

    private static CdfContest? FindContest(JsonElement root, string? contestName, string path, ProblemList problems)
    {
        var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var election in Array(root, "Election"))
        {
            foreach (var candidate in Array(election, "Candidate"))
            {
                if (Str(candidate, "@id") is { } id)
                {
                    candidates[id] = Str(candidate, "Name") ?? id;
                }
            }
        }

        foreach (var election in Array(root, "Election"))
        {
            foreach (var contest in Array(election, "Contest"))
            {
                if (!string.Equals(Str(contest, "Name"), contestName, StringComparison.Ordinal) || Str(contest, "@id") is not { } contestId)
                {
                    continue;
                }

                var result = new CdfContest(contestId);
                foreach (var selection in Array(contest, "ContestSelection"))
                {
                    if (Str(selection, "@id") is not { } selectionId)
                    {
                        continue;
                    }

                    var writeIn = selection.TryGetProperty("IsWriteIn", out var w)
                        && (w.ValueKind == JsonValueKind.True || (w.ValueKind == JsonValueKind.String && string.Equals(w.GetString(), "true", StringComparison.Ordinal)));
                    string? name = null;
                    if (!writeIn)
                    {
                        var candidateId = Array(selection, "CandidateIds").Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).FirstOrDefault()
                            ?? Str(selection, "CandidateId");
                        name = candidateId is null ? selectionId : candidates.GetValueOrDefault(candidateId, candidateId);
                    }

                    result.Selections[selectionId] = name;
                }

                return result;
            }
        }

        problems.Add(new Problem(ProblemCodes.UnknownReference, $"The CDF file has no contest named '{contestName}'.", path, null, "Election[].Contest[].Name"));
        return null;
    }

    private static bool HasStatus(JsonElement selection, string status)
    {
        if (!selection.TryGetProperty("Status", out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => string.Equals(value.GetString(), status, StringComparison.Ordinal),
            JsonValueKind.Array => value.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), status, StringComparison.Ordinal)),
            _ => false,
        };
    }

    internal static IEnumerable<JsonElement> Array(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray(),
            JsonValueKind.Object => [value],
            _ => [],
        };
    }

    internal static string? Str(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    internal static int? Int(JsonElement element, string name) =>
        Str(element, name) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
