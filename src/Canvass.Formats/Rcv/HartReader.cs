using System.Xml;
using System.Xml.Linq;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rcv;

/// <summary>Hart Verity export: a folder with one XML file per ballot (<c>*.xml</c>, not <c>*.sig.xml</c>), read in path
/// order. For the contest whose <c>Id</c> is the contestId, each option's <c>Value</c> is a bit string whose k-th
/// character marks rank k; the candidate string is the option's <c>Id</c> GUID. Ballots without the contest are skipped.
/// Signature validation is not done here.</summary>
internal static class HartReader
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems,
        CancellationToken ct)
    {
        var files = Directory.GetFiles(path, "*.xml")
            .Where(f => !f.EndsWith(".sig.xml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            problems.Add(new Problem(ProblemCodes.Unreadable, "The Hart folder has no .xml CVR files.", path));
            yield break;
        }

        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var cvr = Ballot(source, file, maxRankings, candidates, problems);
            if (cvr is not null)
            {
                yield return cvr;
            }
        }
    }

    private static RankedCvr? Ballot(RcvSource source, string file, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems)
    {
        XElement root;
        try
        {
            using var reader = XmlReader.Create(file, Settings);
            root = XElement.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            problems.Add(new Problem(ProblemCodes.Malformed, "The file is not well-formed XML: " + ex.Message, file, ex.LineNumber));
            return null;
        }

        var contest = CdfXmlReader.Children(root, "Contests").SelectMany(c => CdfXmlReader.Children(c, "Contest"))
            .FirstOrDefault(c => string.Equals(CdfXmlReader.Child(c, "Id"), source.ContestId, StringComparison.Ordinal));
        if (contest is null)
        {
            return null;
        }

        var id = CdfXmlReader.Child(root, "CvrGuid") ?? Path.GetFileNameWithoutExtension(file);
        var choices = new ChoiceBuilder(source, candidates);
        var ok = true;
        foreach (var option in CdfXmlReader.Children(contest, "Options").SelectMany(o => CdfXmlReader.Children(o, "Option")))
        {
            var line = ((IXmlLineInfo)option).HasLineInfo() ? ((IXmlLineInfo)option).LineNumber : (long?)null;
            var optionId = CdfXmlReader.Child(option, "Id");
            var value = CdfXmlReader.Child(option, "Value") ?? "";
            if (optionId is null || value.Any(c => c is not ('0' or '1')))
            {
                problems.Add(new Problem(ProblemCodes.Schema, $"An option has no Id or a Value that is not a bit string ('{value}').", file, line, "Option"));
                ok = false;
                continue;
            }

            for (var k = 0; k < value.Length; k++)
            {
                if (value[k] != '1')
                {
                    continue;
                }

                var rank = k + 1;
                if (maxRankings is { } max && rank > max)
                {
                    problems.Add(new Problem(ProblemCodes.BadValue,
                        $"Ballot {id} ranks option {optionId} at rank {rank}, beyond the contest's maximum of {max} rankings.", file, line, "Option/Value"));
                    ok = false;
                    continue;
                }

                if (!choices.Add(rank, optionId))
                {
                    problems.Add(ChoiceBuilder.Unrecognized(id, optionId, file, line, "Option/Id"));
                    ok = false;
                }
            }
        }

        if (!ok)
        {
            return null;
        }

        var precinct = CdfXmlReader.Children(root, "PrecinctSplit").Select(p => CdfXmlReader.Child(p, "Name")).FirstOrDefault();
        return new RankedCvr(id, source.ContestId, precinct, CdfXmlReader.Child(root, "BatchNumber"), choices.Build());
    }
}
