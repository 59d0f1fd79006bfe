using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Formats.Common;

namespace Canvass.Formats.Cvr;

/// <summary>Builds an <see cref="ElectionDefinition"/> from the <c>Election</c>, <c>GpUnit</c> and <c>Party</c> definitions
/// inside a NIST SP 1500-103 CVR report, for users who have CVRs but no SP 1500-100 election definition.</summary>
/// <remarks>
/// <para>Deliberately simple. The first <c>Election</c> is used. CVR reports carry no unit hierarchy, so the election
/// scope unit is made to compose every other unit (and is created, as type <c>other</c>, if the report does not define
/// it); every contest's district is the scope; there are no ballot styles. <c>VotesAllowed</c> and
/// <c>NumberElected</c> default to 1; <c>VoteVariation</c> defaults to <c>plurality</c> (or <c>n-of-m</c> when more than
/// one vote is allowed). Dates are unknown in a CVR report and are set to <see cref="DateOnly.MinValue"/>.</para>
/// <para>The CVRs themselves are skipped as they stream by, so memory follows the size of the definitions only.</para>
/// </remarks>
public static class NistCvrElectionExtractor
{
    /// <summary>Reads the definitions from a JSON report.</summary>
    public static Result<ElectionDefinition> FromJson(Stream stream, string? file = null)
    {
        var problems = new ProblemList(file);
        var parts = new Parts();
        using (var json = new JsonChunkReader(stream))
        {
            if (json.Read() && json.TokenType == JsonTokenType.StartObject)
            {
                while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
                {
                    var name = json.String;
                    if (name == "CVR" && json.Read() && json.TokenType == JsonTokenType.StartArray)
                    {
                        while (json.TryReadValue(out _, out _) && json.TokenType != JsonTokenType.EndArray)
                        {
                        }
                    }
                    else if (name is "Election" or "GpUnit" or "Party" && json.TryReadValue(out var bytes, out _))
                    {
                        using var doc = JsonDocument.Parse(bytes);
                        if (doc.RootElement.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var item in doc.RootElement.EnumerateArray())
                            {
                                parts.Add(name!, JsonNode(item.Clone()));
                            }
                        }
                    }
                    else
                    {
                        json.Skip();
                    }
                }
            }

            if (json.Error is { } code)
            {
                problems.Add(code, code == ProblemCodes.NotUtf8 ? json.ErrorMessage! : "The file cannot be read: " + json.ErrorMessage, json.Line);
            }
        }

        return parts.Build(problems);
    }

    /// <summary>Reads the definitions from an XML report.</summary>
    public static Result<ElectionDefinition> FromXml(Stream stream, string? file = null)
    {
        var problems = new ProblemList(file);
        var parts = new Parts();
        try
        {
            using var text = StrictUtf8.CreateReader(stream);
            using var xml = NistCvrXmlReader.Create(text);
            if (xml.MoveToContent() == XmlNodeType.Element && NistCvrXmlReader.Is(xml, "CastVoteRecordReport") && !xml.IsEmptyElement)
            {
                xml.Read();
                while (!xml.EOF && xml.NodeType != XmlNodeType.EndElement)
                {
                    if (xml.NodeType != XmlNodeType.Element)
                    {
                        xml.Read();
                    }
                    else if (NistCvrXmlReader.Is(xml, "Election") || NistCvrXmlReader.Is(xml, "GpUnit") || NistCvrXmlReader.Is(xml, "Party"))
                    {
                        var name = xml.LocalName;
                        parts.Add(name, XmlNode((XElement)XNode.ReadFrom(xml)));
                    }
                    else
                    {
                        xml.Skip();
                    }
                }
            }
        }
        catch (XmlException e)
        {
            problems.Add(ProblemCodes.Malformed, XmlMessages.Describe(e), XmlMessages.Line(e, 1));
        }
        catch (DecoderFallbackException)
        {
            var (line, message) = StrictUtf8.Problem(stream, 1);
            problems.Add(ProblemCodes.NotUtf8, message, line);
        }

        return parts.Build(problems);
    }

    /// <summary>A format-neutral view of one definition element.</summary>
    private sealed record Node(string? Id, string? Type, Func<string, string?> Text, Func<string, IEnumerable<Node>> Children, Func<string, IEnumerable<string>> Texts);

    private static Node JsonNode(JsonElement e) => new(
        Get(e, "@id"),
        Get(e, "@type"),
        name => Get(e, name),
        name => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(JsonNode).ToList()
            : [],
        name => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : []);

    private static string? Get(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    private static Node XmlNode(XElement e) => new(
        (string?)e.Attribute("ObjectId"),
        (string?)e.Attribute(XName.Get("type", "http://www.w3.org/2001/XMLSchema-instance")),
        name => NistCvrXmlReader.Text(e, name),
        name => NistCvrXmlReader.Children(e, name).Select(XmlNode).ToList(),
        name => NistCvrXmlReader.Children(e, name).SelectMany(x => x.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList());

    private static string LocalType(string? type)
    {
        if (type is null)
        {
            return "";
        }

        var cut = Math.Max(type.LastIndexOf('.'), type.LastIndexOf(':'));
        return type[(cut + 1)..];
    }

    private sealed class Parts
    {
        private readonly List<Node> _elections = [];
        private readonly List<Node> _units = [];
        private readonly List<Node> _parties = [];

        public void Add(string name, Node node)
        {
            var list = name switch
            {
                "Election" => _elections,
                "GpUnit" => _units,
                _ => _parties,
            };
            list.Add(node);
        }

        public Result<ElectionDefinition> Build(ProblemList problems)
        {
            if (_elections.Count == 0)
            {
                problems.Add(ProblemCodes.Schema, "The report defines no Election.", null, "Election");
            }

            if (problems.HasProblems)
            {
                return Result<ElectionDefinition>.Failure(problems.ToImmutable());
            }

            var election = _elections[0];
            var scope = election.Text("ElectionScopeId") ?? "scope";
            var units = _units.Where(u => u.Id is not null && u.Id != scope)
                .Select(u => new GpUnit(new GpUnitId(u.Id!), u.Text("Name") ?? u.Id!, u.Text("Type") ?? "other", [], [], u.Text("OtherType")))
                .ToList();
            var scopeNode = _units.Find(u => u.Id == scope);
            units.Insert(0, new GpUnit(
                new GpUnitId(scope),
                scopeNode?.Text("Name") ?? scope,
                scopeNode?.Text("Type") ?? "other",
                [.. units.Select(u => u.Id)],
                [],
                scopeNode?.Text("OtherType")));
            var parties = _parties.Where(p => p.Id is not null)
                .Select(p => new Party(new PartyId(p.Id!), p.Text("Name") ?? p.Id!, p.Text("Abbreviation")))
                .ToImmutableArray();
            var candidates = election.Children("Candidate").Where(c => c.Id is not null)
                .Select(c => new Candidate(new CandidateId(c.Id!), c.Text("Name") ?? c.Id!, c.Text("PartyId") is { } p ? new PartyId(p) : null))
                .ToImmutableArray();
            var names = candidates.ToDictionary(c => c.Id.Value, c => c.BallotName, StringComparer.Ordinal);
            var contests = election.Children("Contest").Where(c => c.Id is not null).Select(c => ToContest(c, scope, names)).ToImmutableArray();
            return Result<ElectionDefinition>.Success(new ElectionDefinition(
                election.Text("Name") ?? "", new GpUnitId(scope), DateOnly.MinValue, DateOnly.MinValue, "other", "", "",
                [.. units], parties, [], candidates, contests, []));
        }

        private static Contest ToContest(Node c, string scope, Dictionary<string, string> candidateNames)
        {
            var kind = LocalType(c.Type) switch
            {
                "BallotMeasureContest" => ContestKind.BallotMeasure,
                "PartyContest" => ContestKind.Party,
                "RetentionContest" => ContestKind.Retention,
                _ => ContestKind.Candidate,
            };
            var allowed = int.TryParse(c.Text("VotesAllowed"), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a > 0 ? a : 1;
            var elected = int.TryParse(c.Text("NumberElected"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
            var variation = c.Text("VoteVariation") switch
            {
                "plurality" => VoteVariation.Plurality,
                "n-of-m" => VoteVariation.NOfM,
                "majority" => VoteVariation.Majority,
                "super-majority" => VoteVariation.SuperMajority,
                "approval" => VoteVariation.Approval,
                "rcv" => VoteVariation.Rcv,
                null => allowed > 1 ? VoteVariation.NOfM : VoteVariation.Plurality,
                _ => VoteVariation.Other,
            };
            var selections = c.Children("ContestSelection").Where(s => s.Id is not null).Select(s =>
            {
                var candidateIds = s.Texts("CandidateIds").ToImmutableArray();
                var writeIn = string.Equals(s.Text("IsWriteIn"), "true", StringComparison.Ordinal);
                var text = s.Text("Selection")
                    ?? (candidateIds.IsEmpty
                        ? (writeIn ? "Write-in" : s.Id!)
                        : string.Join(" / ", candidateIds.Select(id => candidateNames.GetValueOrDefault(id, id))));
                return new ContestSelection(
                    new SelectionId(s.Id!),
                    [.. candidateIds.Select(id => new CandidateId(id))],
                    writeIn,
                    text,
                    [.. s.Texts("PartyIds").Select(id => new PartyId(id))]);
            }).ToImmutableArray();
            return new Contest(new ContestId(c.Id!), c.Text("Name")?.Trim() ?? c.Id!, kind, new GpUnitId(scope), allowed, elected, variation, selections,
                OtherVoteVariation: variation == VoteVariation.Other ? c.Text("OtherVoteVariation") ?? c.Text("VoteVariation") : null);
        }
    }
}
