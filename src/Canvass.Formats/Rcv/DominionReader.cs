using System.Globalization;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rcv;

/// <summary>Dominion Democracy Suite JSON export folder: manifests plus <c>CvrExport.json</c> or <c>CvrExport_*.json</c>
/// (read in path order). Each session is a ballot (<c>Original</c>, or <c>Modified</c> when the original is not current);
/// the contest is kept unless outstack condition 7 is set; ambiguous marks are dropped and <c>IsVote</c> is ignored. The
/// candidate string is the candidate id, which configs alias to names. Each export file is parsed whole (they are
/// small: Dominion splits exports into many files).</summary>
internal static class DominionReader
{
    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems,
        CancellationToken ct)
    {
        var contestManifest = Path.Combine(path, "ContestManifest.json");
        var candidateManifest = Path.Combine(path, "CandidateManifest.json");
        var portionManifest = Path.Combine(path, "PrecinctPortionManifest.json");
        if (!File.Exists(portionManifest))
        {
            // Older exports have only PrecinctManifest.json, whose entries are the precinct portions.
            portionManifest = Path.Combine(path, "PrecinctManifest.json");
        }

        var missing = false;
        foreach (var manifest in new[] { contestManifest, candidateManifest, portionManifest })
        {
            if (!File.Exists(manifest))
            {
                problems.Add(new Problem(ProblemCodes.Unreadable,
                    $"The Dominion export has no {Path.GetFileName(manifest)}{(manifest == portionManifest ? " (nor PrecinctPortionManifest.json)" : "")}.", manifest));
                missing = true;
            }
        }

        if (missing)
        {
            yield break;
        }

        var contests = Manifest(contestManifest, problems);
        var portions = Manifest(portionManifest, problems);
        if (contests is null || portions is null || Manifest(candidateManifest, problems) is null)
        {
            yield break;
        }

        if (!contests.TryGetValue(source.ContestId ?? "", out var contest))
        {
            problems.Add(new Problem(ProblemCodes.UnknownReference, $"ContestManifest.json has no contest with Id '{source.ContestId}'.", contestManifest));
            yield break;
        }

        var numOfRanks = CdfJsonReader.Int(contest, "NumOfRanks");
        var limit = maxRankings ?? (numOfRanks > 0 ? numOfRanks : null);
        var exports = Directory.GetFiles(path, "CvrExport*.json")
            .Where(f => Path.GetFileName(f) is var name && (name == "CvrExport.json" || name.StartsWith("CvrExport_", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (exports.Count == 0)
        {
            problems.Add(new Problem(ProblemCodes.Unreadable, "The Dominion export has no CvrExport.json or CvrExport_<n>.json file.", path));
            yield break;
        }

        foreach (var export in exports)
        {
            var document = Parse(export, problems);
            if (document is null)
            {
                continue;
            }

            using (document)
            {
                var index = -1;
                foreach (var session in CdfJsonReader.Array(document.RootElement, "Sessions"))
                {
                    ct.ThrowIfCancellationRequested();
                    index++;
                    var cvr = Session(source, export, index, session, portions, limit, candidates, problems);
                    if (cvr is not null)
                    {
                        yield return cvr;
                    }
                }
            }
        }
    }

    private static RankedCvr? Session(RcvSource source, string file, int index, JsonElement session,
        Dictionary<string, JsonElement> portions, int? limit, RcvCandidateLookup? candidates, ProblemList problems)
    {
        var where = "Sessions[" + index.ToString(CultureInfo.InvariantCulture) + "]";
        if (!session.TryGetProperty("Original", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new Problem(ProblemCodes.Schema, "The session has no Original record.", file, null, where));
            return null;
        }

        var recordName = "Original";
        if (data.TryGetProperty("IsCurrent", out var current) && current.ValueKind == JsonValueKind.False)
        {
            if (!session.TryGetProperty("Modified", out data) || data.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            recordName = "Modified";
        }

        var tabulator = CdfJsonReader.Str(session, "TabulatorId");
        var batch = CdfJsonReader.Str(session, "BatchId");
        var record = CdfJsonReader.Str(session, "RecordId");
        var id = tabulator + "-" + batch + "-" + record;
        var choices = new ChoiceBuilder(source, candidates);
        var found = false;
        var ok = true;
        var cardIndex = -1;
        foreach (var card in CdfJsonReader.Array(data, "Cards"))
        {
            cardIndex++;
            var contestIndex = -1;
            foreach (var contest in CdfJsonReader.Array(card, "Contests"))
            {
                contestIndex++;
                if (!string.Equals(CdfJsonReader.Str(contest, "Id"), source.ContestId, StringComparison.Ordinal))
                {
                    continue;
                }

                if (CdfJsonReader.Array(contest, "OutstackConditionIds").Any(o => o.ValueKind == JsonValueKind.Number && o.GetRawText() == "7"))
                {
                    continue;
                }

                found = true;
                var markIndex = -1;
                foreach (var mark in CdfJsonReader.Array(contest, "Marks"))
                {
                    markIndex++;
                    if (mark.TryGetProperty("IsAmbiguous", out var ambiguous) && ambiguous.ValueKind == JsonValueKind.True)
                    {
                        continue;
                    }

                    var candidate = CdfJsonReader.Str(mark, "CandidateId");
                    var rank = CdfJsonReader.Int(mark, "Rank");
                    if (candidate is null || rank is not { } r || r < 1)
                    {
                        problems.Add(new Problem(ProblemCodes.Schema, $"Ballot {id} has a mark without a CandidateId or a rank of 1 or more.", file, null,
                            MarkPath(where, recordName, cardIndex, contestIndex, markIndex)));
                        ok = false;
                        continue;
                    }

                    if (limit is { } max && r > max)
                    {
                        problems.Add(new Problem(ProblemCodes.BadValue,
                            $"Ballot {id} ranks candidate {candidate} at rank {r}, beyond the contest's maximum of {max} rankings.", file, null,
                            MarkPath(where, recordName, cardIndex, contestIndex, markIndex)));
                        ok = false;
                        continue;
                    }

                    if (!choices.Add(r, candidate))
                    {
                        problems.Add(ChoiceBuilder.Unrecognized(id, candidate, file, null, MarkPath(where, recordName, cardIndex, contestIndex, markIndex)));
                        ok = false;
                    }
                }
            }
        }

        if (!found || !ok)
        {
            return null;
        }

        string? precinct = null;
        if (CdfJsonReader.Str(data, "PrecinctPortionId") is { } portionId)
        {
            precinct = portions.TryGetValue(portionId, out var portion) ? CdfJsonReader.Str(portion, "Description") ?? portionId : portionId;
        }

        return new RankedCvr(id, source.ContestId, precinct, batch, choices.Build());
    }

    /// <summary>A mark's JSON path in its export file: <c>Sessions[3].Original.Cards[0].Contests[1].Marks[2]</c>.</summary>
    private static string MarkPath(string session, string record, int card, int contest, int mark) =>
        string.Create(CultureInfo.InvariantCulture, $"{session}.{record}.Cards[{card}].Contests[{contest}].Marks[{mark}]");

    private static JsonDocument? Parse(string file, ProblemList problems)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException ex)
        {
            problems.Add(new Problem(ProblemCodes.Malformed, "The file is not valid JSON: " + ex.Message, file, ex.LineNumber + 1));
            return null;
        }
    }

    /// <summary>A manifest's <c>List</c> by <c>Id</c>; the elements are cloned so the document can be released.</summary>
    private static Dictionary<string, JsonElement>? Manifest(string file, ProblemList problems)
    {
        using var document = Parse(file, problems);
        if (document is null)
        {
            return null;
        }

        if (!document.RootElement.TryGetProperty("List", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new Problem(ProblemCodes.Schema, "The manifest has no List array.", file, null, "List"));
            return null;
        }

        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
        {
            if (CdfJsonReader.Str(item, "Id") is { } id)
            {
                result[id] = item.Clone();
            }
        }

        return result;
    }
}
