using System.Collections.Frozen;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Formats.Common;

namespace Canvass.Formats.Cvr;

/// <summary>Streams a NIST SP 1500-103 <c>CastVoteRecordReport</c> in XML, one <c>CVR</c> element at a time.</summary>
/// <remarks>Elements are matched by local name in the 1500-103 namespace (any prefix) or in no namespace; ids come from
/// the <c>ObjectId</c> attribute. Semantics are those of <see cref="NistCvrJsonReader"/>. <see cref="CvrRecord.Line"/>
/// and problem lines are the line of the <c>CVR</c> element; paths look like <c>CVR[4]/CVRSnapshot[0]/CVRContest[2]</c>
/// (0-based, among siblings of that name).</remarks>
/// <param name="voteMethod">The vote method of every ballot in the file.</param>
public sealed class NistCvrXmlReader(CountItemType voteMethod = CountItemType.Other) : ICvrReader
{
    /// <summary>The 1500-103 namespace.</summary>
    public const string Namespace = "http://itl.nist.gov/ns/voting/1500-103/v1";

    /// <inheritdoc />
    public string Format => "nist-1500-103-xml";

    internal static XmlReader Create(TextReader text) => XmlReader.Create(text, new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    });

    internal static bool Is(XmlReader x, string localName) =>
        x.NodeType == XmlNodeType.Element && x.LocalName == localName && x.NamespaceURI is Namespace or "";

    internal static bool Is(XName name, string localName) =>
        name.LocalName == localName && name.NamespaceName is Namespace or "";

    /// <inheritdoc />
    public IEnumerable<CvrRecord> Read(Stream stream, ElectionIndex election, ProblemList problems, CancellationToken ct = default)
    {
        using var text = StrictUtf8.CreateReader(stream);
        var resolver = new NistCvrResolver(new ElectionLookups(election), voteMethod, problems);
        using var cursor = new Cursor(text, stream, problems);
        if (!cursor.Start())
        {
            yield break;
        }

        long ordinal = 0;
        while (cursor.Next(ordinal, out var raw))
        {
            ct.ThrowIfCancellationRequested();
            if (raw is null)
            {
                continue;
            }

            ordinal++;
            var ballot = resolver.Resolve(raw);
            if (ballot is not null)
            {
                yield return new CvrRecord(ballot, raw.Line);
            }
        }
    }

    private sealed class Cursor(TextReader text, Stream stream, ProblemList problems) : IDisposable
    {
        private XmlReader _xml = null!;
        private IXmlLineInfo? _info;
        private ulong _reportSeen;
        private ulong _reportTold;

        private XmlReader xml => _xml;

        private long Line => _info?.LineNumber ?? 1;

        public void Dispose() => _xml?.Dispose();

        public bool Start()
        {
            try
            {
                if (text.Peek() < 0)
                {
                    problems.Add(ProblemCodes.EmptyFile, "The file is empty.");
                    return false;
                }

                _xml = Create(text);
                _info = (IXmlLineInfo)_xml;

                if (xml.MoveToContent() != XmlNodeType.Element || !Is(xml, "CastVoteRecordReport"))
                {
                    problems.Add(ProblemCodes.Schema, xml.NodeType == XmlNodeType.Element && xml.LocalName == "CastVoteRecordReport"
                        ? $"The root element CastVoteRecordReport is in the namespace '{xml.NamespaceURI}', not NIST SP 1500-103's '{Namespace}'."
                        : $"The file is not a CastVoteRecordReport: its root element is '{xml.Name}'.", Line, xml.Name);
                    return false;
                }

                if (xml.IsEmptyElement)
                {
                    return false;
                }

                xml.Read();
                return true;
            }
            catch (Exception e) when (e is XmlException or DecoderFallbackException)
            {
                Report(e);
                return false;
            }
        }

        /// <summary>Moves to the next CVR. Returns true with <paramref name="raw"/> set, or true with null for a skipped
        /// element, or false at the end or on a fatal error.</summary>
        public bool Next(long ordinal, out NistRawCvr? raw)
        {
            raw = null;
            try
            {
                while (xml.NodeType != XmlNodeType.Element)
                {
                    if (xml.NodeType == XmlNodeType.EndElement || xml.EOF)
                    {
                        // The report's end tag: read on so that a truncated or malformed tail is still reported.
                        while (xml.Read())
                        {
                        }

                        return false;
                    }

                    xml.Read();
                }

                if (!Is(xml, "CVR"))
                {
                    if (xml.NamespaceURI is not (Namespace or "") || !NistCvrMembers.Report.Contains(xml.LocalName))
                    {
                        problems.Add(ProblemCodes.Schema, NistCvrMembers.Unknown(xml.Name, "a CastVoteRecordReport") + NamespaceNote(xml.NamespaceURI), Line, xml.Name);
                    }
                    else if (Again(NistCvrMembers.ReportOnce, xml.LocalName, ref _reportSeen, ref _reportTold))
                    {
                        problems.Add(ProblemCodes.Schema, NistCvrMembers.Repeated(xml.LocalName, "a CastVoteRecordReport"), Line, xml.LocalName + "[1]");
                    }

                    xml.Skip();
                    return true;
                }

                var line = Line;
                var el = (XElement)XNode.ReadFrom(xml);
                raw = ToRaw(el, ordinal, line);
                return true;
            }
            catch (Exception e) when (e is XmlException or DecoderFallbackException)
            {
                Report(e);
                return false;
            }
        }

        private void Report(Exception e)
        {
            if (e is DecoderFallbackException)
            {
                var (line, message) = StrictUtf8.Problem(stream, Line);
                problems.Add(ProblemCodes.NotUtf8, message, line);
            }
            else
            {
                var x = (XmlException)e;
                problems.Add(ProblemCodes.Malformed, XmlMessages.Describe(x), XmlMessages.Line(x, Line));
            }
        }
    }

    private static NistRawCvr ToRaw(XElement el, long ordinal, long line)
    {
        var cvr = new NistRawCvr { Path = $"CVR[{ordinal}]", Line = line };
        Members(el, NistCvrMembers.Cvr, NistCvrMembers.CvrOnce, "a CVR", cvr, cvr.Path);
        cvr.Id = (string?)el.Attribute("ObjectId");
        cvr.BallotAuditId = Text(el, "BallotAuditId");
        cvr.UniqueId = Text(el, "UniqueId");
        cvr.BallotPrePrintedId = Text(el, "BallotPrePrintedId");
        cvr.BallotSheetId = Text(el, "BallotSheetId");
        cvr.BatchId = Text(el, "BatchId");
        cvr.BallotStyleId = Text(el, "BallotStyleId");
        cvr.BallotStyleUnitId = Text(el, "BallotStyleUnitId");
        cvr.CurrentSnapshotId = Text(el, "CurrentSnapshotId");
        var i = 0;
        foreach (var s in Children(el, "CVRSnapshot"))
        {
            var snapshot = new NistRawSnapshot { Path = $"{cvr.Path}/CVRSnapshot[{i++}]", Id = (string?)s.Attribute("ObjectId") };
            Members(s, NistCvrMembers.Snapshot, NistCvrMembers.SnapshotOnce, "a CVRSnapshot", cvr, snapshot.Path);
            cvr.Snapshots.Add(snapshot);
            var j = 0;
            foreach (var c in Children(s, "CVRContest"))
            {
                var contest = new NistRawContest { Path = $"{snapshot.Path}/CVRContest[{j++}]", ContestId = Text(c, "ContestId"), Overvotes = Text(c, "Overvotes"), Undervotes = Text(c, "Undervotes") };
                Members(c, NistCvrMembers.Contest, NistCvrMembers.ContestOnce, "a CVRContest", cvr, contest.Path);
                contest.Statuses.AddRange(Children(c, "Status").Select(x => x.Value.Trim()));
                snapshot.Contests.Add(contest);
                var k = 0;
                foreach (var cs in Children(c, "CVRContestSelection"))
                {
                    var selection = new NistRawSelection
                    {
                        Path = $"{contest.Path}/CVRContestSelection[{k++}]",
                        ContestSelectionId = Text(cs, "ContestSelectionId"),
                        Rank = Text(cs, "Rank"),
                    };
                    contest.Selections.Add(selection);
                    Members(cs, NistCvrMembers.Selection, NistCvrMembers.SelectionOnce, "a CVRContestSelection", cvr, selection.Path);
                    var m = 0;
                    foreach (var sp in Children(cs, "SelectionPosition"))
                    {
                        var position = new NistRawPosition
                        {
                            Path = $"{selection.Path}/SelectionPosition[{m++}]",
                            HasIndication = Text(sp, "HasIndication"),
                            IsAllocable = Text(sp, "IsAllocable"),
                            NumberVotes = Text(sp, "NumberVotes"),
                            Rank = Text(sp, "Rank"),
                        };
                        position.Statuses.AddRange(Children(sp, "Status").Select(x => x.Value.Trim()));
                        Members(sp, NistCvrMembers.Position, NistCvrMembers.PositionOnce, "a SelectionPosition", cvr, position.Path);
                        selection.Positions.Add(position);
                    }
                }
            }
        }

        return cvr;
    }

    /// <summary>Lists every child element of <paramref name="parent"/> that is not in NIST's namespace (or none) or that
    /// <paramref name="allowed"/> does not name, and every one of <paramref name="once"/> given again, which leaves the
    /// CVR unread: which of the two counts cannot be told.</summary>
    private static void Members(XElement parent, IReadOnlySet<string> allowed, FrozenDictionary<string, int> once, string kind, NistRawCvr cvr, string path)
    {
        ulong seen = 0, told = 0;
        foreach (var child in parent.Elements())
        {
            var name = child.Name.LocalName;
            if (child.Name.NamespaceName is not (Namespace or "") || !allowed.Contains(name))
            {
                cvr.SchemaErrors.Add((path + "/" + name, NistCvrMembers.Unknown(name, kind) + NamespaceNote(child.Name.NamespaceName)));
            }
            else if (Again(once, name, ref seen, ref told))
            {
                cvr.SchemaErrors.Add((path + "/" + name + "[1]", NistCvrMembers.Repeated(name, kind)));
                cvr.Unreadable = true;
            }
        }
    }

    /// <summary>Whether <paramref name="name"/>, one of <paramref name="once"/>, was seen before among its siblings, for
    /// the first time (<paramref name="told"/>: one problem for any number of copies).</summary>
    private static bool Again(FrozenDictionary<string, int> once, string name, ref ulong seen, ref ulong told)
    {
        if (!once.TryGetValue(name, out var bit))
        {
            return false;
        }

        var mask = 1UL << bit;
        var again = (seen & mask) != 0 && (told & mask) == 0;
        told |= again ? mask : 0;
        seen |= mask;
        return again;
    }

    private static string NamespaceNote(string ns) => ns is Namespace or "" ? "" : $" Its namespace is '{ns}', not NIST's '{Namespace}'.";

    internal static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => Is(e.Name, localName));

    internal static string? Text(XElement parent, string localName) =>
        Children(parent, localName).FirstOrDefault()?.Value.Trim();
}
