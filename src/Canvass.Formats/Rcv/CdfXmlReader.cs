using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rcv;

/// <summary>CDF CastVoteRecordReport XML (NIST examples, Unisyn). Ids are <c>ObjectId</c> attributes. Two streaming
/// passes: the first reads the election definition (Unisyn puts it after the CVRs), the second one CVR at a time. A
/// CVR without the contest is skipped; a selection with <c>Status</c> needs-adjudication is ignored. Each element read
/// keeps its line, so a problem with a selection or a position is at that element's own line.</summary>
internal static class CdfXmlReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems,
        CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        var contests = new List<XElement>();
        foreach (var element in TopLevel(path, name => name is "Election" or "GpUnit", ct))
        {
            if (element.Name.LocalName == "GpUnit")
            {
                if (ObjectId(element) is { } unitId)
                {
                    units[unitId] = Child(element, "Name") ?? unitId;
                }

                continue;
            }

            foreach (var candidate in Children(element, "Candidate"))
            {
                if (ObjectId(candidate) is { } id)
                {
                    names[id] = Child(candidate, "Name") ?? id;
                }
            }

            contests.AddRange(Children(element, "Contest"));
        }

        var contestElement = contests.FirstOrDefault(c => string.Equals(Child(c, "Name"), source.ContestId, StringComparison.Ordinal));
        if (contestElement is null || ObjectId(contestElement) is not { } contestId)
        {
            problems.Add(new Problem(ProblemCodes.UnknownReference, $"The CDF file has no contest named '{source.ContestId}'.", path, null,
                "Election/Contest/Name"));
            yield break;
        }

        var contest = new CdfContest(contestId);
        foreach (var selection in Children(contestElement, "ContestSelection"))
        {
            if (ObjectId(selection) is not { } selectionId)
            {
                continue;
            }

            var writeIn = string.Equals(Child(selection, "IsWriteIn"), "true", StringComparison.Ordinal);
            var candidateId = Child(selection, "CandidateIds")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            contest.Selections[selectionId] = writeIn ? null : candidateId is null ? selectionId : names.GetValueOrDefault(candidateId, candidateId);
        }

        var fileName = Path.GetFileName(source.FilePath);
        var n = 0;
        foreach (var cvr in TopLevel(path, name => name == "CVR", ct))
        {
            n++;
            var line = LineOf(cvr);
            var current = Child(cvr, "CurrentSnapshotId");
            var snapshot = Children(cvr, "CVRSnapshot").FirstOrDefault(s => string.Equals(ObjectId(s), current, StringComparison.Ordinal));
            if (snapshot is null)
            {
                problems.Add(new Problem(ProblemCodes.UnknownReference, $"CVR {n} has no CVRSnapshot with the CurrentSnapshotId '{current}'.", path, line, "CVR"));
                continue;
            }

            var cvrContest = Children(snapshot, "CVRContest").FirstOrDefault(c => string.Equals(Child(c, "ContestId"), contest.Id, StringComparison.Ordinal));
            if (cvrContest is null)
            {
                continue;
            }

            var id = fileName + "(" + n.ToString(CultureInfo.InvariantCulture) + ")";
            var choices = new ChoiceBuilder(source, candidates);
            var ok = true;
            foreach (var selection in Children(cvrContest, "CVRContestSelection"))
            {
                var selLine = LineOf(selection) ?? line;
                if (Children(selection, "Status").Any(s => string.Equals(s.Value.Trim(), "needs-adjudication", StringComparison.Ordinal)))
                {
                    continue;
                }

                string? candidate = null;
                var writeIn = false;
                if (Child(selection, "ContestSelectionId") is { } selectionId)
                {
                    if (!contest.Selections.TryGetValue(selectionId, out candidate))
                    {
                        problems.Add(new Problem(ProblemCodes.UnknownReference,
                            $"ContestSelectionId '{selectionId}' is not a selection of contest '{source.ContestId}'.", path, selLine, "CVRContestSelection"));
                        ok = false;
                        continue;
                    }

                    writeIn = candidate is null;
                }

                var selectionRank = Int(Child(selection, "Rank"));
                foreach (var position in Children(selection, "SelectionPosition"))
                {
                    if (string.Equals(Child(position, "HasIndication"), "no", StringComparison.Ordinal)
                        || string.Equals(Child(position, "IsAllocable"), "no", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var positionWriteIn = Children(position, "CVRWriteIn").Any();
                    if (candidate is null && !writeIn && !positionWriteIn)
                    {
                        problems.Add(new Problem(ProblemCodes.Schema, "A selection has neither a ContestSelectionId nor a CVRWriteIn.", path,
                            LineOf(position) ?? selLine, "SelectionPosition"));
                        ok = false;
                        continue;
                    }

                    var rank = Int(Child(position, "Rank")) ?? selectionRank;
                    if (!CdfJsonReader.CheckRank(rank, maxRankings, n, path, "SelectionPosition", problems, LineOf(position) ?? selLine))
                    {
                        ok = false;
                        continue;
                    }

                    if (!CdfContest.AddTo(choices, rank!.Value, candidate, writeIn || positionWriteIn))
                    {
                        problems.Add(ChoiceBuilder.Unrecognized(id, candidate!, path, selLine, "CVRContestSelection"));
                        ok = false;
                    }
                }
            }

            if (!ok)
            {
                continue;
            }

            var precinct = Child(cvr, "BallotStyleUnitId") is { } unitRef ? units.GetValueOrDefault(unitRef, unitRef) : null;
            yield return new RankedCvr(id, source.ContestId, precinct, null, choices.Build());
        }
    }

    /// <summary>Streams the root's child elements whose local name matches, one <see cref="XElement"/> at a time.</summary>
    private static IEnumerable<XElement> TopLevel(string path, Func<string, bool> wanted, CancellationToken ct)
    {
        using var reader = XmlReader.Create(path, Settings);
        reader.MoveToContent();
        if (!reader.Read())
        {
            yield break;
        }

        while (!reader.EOF)
        {
            ct.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == 0)
                {
                    yield break;
                }

                reader.Read();
                continue;
            }

            if (wanted(reader.LocalName))
            {
                // Loaded through a subtree reader, which passes the file's own line numbers on, so that every element
                // inside (a CVR's selections and positions) knows its line; XNode.ReadFrom would keep none.
                XElement element;
                using (var subtree = reader.ReadSubtree())
                {
                    element = XElement.Load(subtree, LoadOptions.SetLineInfo);
                }

                // The reader now stands on the element's end tag (or on the element itself when it is empty).
                reader.Read();
                yield return element;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static long? LineOf(XElement element) => ((IXmlLineInfo)element).HasLineInfo() ? ((IXmlLineInfo)element).LineNumber : null;

    internal static IEnumerable<XElement> Children(XElement element, string localName) =>
        element.Elements().Where(e => string.Equals(e.Name.LocalName, localName, StringComparison.Ordinal));

    internal static string? Child(XElement element, string localName) => Children(element, localName).FirstOrDefault()?.Value.Trim();

    private static string? ObjectId(XElement element) => element.Attribute("ObjectId")?.Value;

    private static int? Int(string? text) =>
        text is not null && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
