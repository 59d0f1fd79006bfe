using System.Collections.Immutable;
using System.Text.Json;
using System.Xml;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using DocumentFormat.OpenXml.Packaging;

namespace Canvass.Formats.Rcv;

/// <summary>Reads the ranked ballots of one RCTab CVR source, the way RCTab 2.0 reads each vendor's export.</summary>
/// <remarks>Readers apply the source's own labels (overvote, skipped rank, undeclared write-in, blank as write-in,
/// overvote delimiter) but not candidate aliases or exclusions: the tabulator does that. They refuse a ballot that ranks a
/// string naming no candidate of the contest (RCTab's "unrecognized candidate"), each at its own cell or path. Bad input
/// never throws: every problem goes to the <see cref="ProblemList"/> with its file and line, row or path, and a source
/// with a fatal problem (missing file, corrupt workbook, unknown contest) yields what it read before the problem, usually
/// nothing.</remarks>
public static class RcvSourceReader
{
    /// <summary>Reads one source lazily.</summary>
    /// <param name="source">The source, as in the config.</param>
    /// <param name="baseDirectory">The folder of the config file; relative paths are resolved against it.</param>
    /// <param name="maxRankings">The contest's <c>maxRankingsAllowed</c> when it is a number, else null. CDF, Dominion,
    /// Hart and generic CSV report a ranking beyond it as a problem; ES&amp;S reads only that many rank columns and Clear
    /// Ballot drops the columns beyond it.</param>
    /// <param name="candidates">The contest's candidates: a ballot ranking any other string is refused with an
    /// <c>unknown-reference</c> problem at its cell or path. Null reads every string as the source gives it.</param>
    /// <param name="problems">Receives every problem.</param>
    /// <param name="ct">Cancels the read.</param>
    public static IEnumerable<RankedCvr> Read(RcvSource source, string baseDirectory, int? maxRankings, RcvCandidateLookup? candidates,
        ProblemList problems, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        ArgumentNullException.ThrowIfNull(problems);
        var path = Path.GetFullPath(Path.Combine(baseDirectory, source.FilePath));
        var isFolder = source.Provider is RcvProviders.Dominion or RcvProviders.Hart;
        if (isFolder ? !Directory.Exists(path) : !File.Exists(path))
        {
            problems.Add(new Problem(ProblemCodes.Unreadable,
                $"The {source.Provider} CVR {(isFolder ? "folder" : "file")} '{source.FilePath}' does not exist.", path));
            return [];
        }

        // An empty export is almost always a failed export; tabulated, its 0 ballots would "elect" by tie-break alone.
        if (!isFolder && new FileInfo(path).Length == 0)
        {
            problems.Add(new Problem(ProblemCodes.EmptyFile, $"The {source.Provider} CVR file '{source.FilePath}' is empty.", path));
            return [];
        }

        var inner = source.Provider switch
        {
            RcvProviders.Ess => EssXlsxReader.Read(source, path, maxRankings, candidates, problems, ct),
            RcvProviders.Cdf when path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => CdfJsonReader.Read(source, path, maxRankings, candidates, problems, ct),
            RcvProviders.Cdf when path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) => CdfXmlReader.Read(source, path, maxRankings, candidates, problems, ct),
            RcvProviders.Dominion => DominionReader.Read(source, path, maxRankings, candidates, problems, ct),
            RcvProviders.ClearBallot => ClearBallotReader.Read(source, path, maxRankings, candidates, problems, ct),
            RcvProviders.Hart => HartReader.Read(source, path, maxRankings, candidates, problems, ct),
            RcvProviders.GenericCsv => GenericCsvReader.Read(source, path, maxRankings, candidates, problems, ct),
            RcvProviders.Cdf => Fail(problems, new Problem(ProblemCodes.Unsupported, "A CDF CVR file must end in .json or .xml.", path)),
            _ => Fail(problems, new Problem(ProblemCodes.Unsupported, $"Unknown CVR provider '{source.Provider}'.", path)),
        };
        return Guard(inner, path, problems);
    }

    private static IEnumerable<RankedCvr> Fail(ProblemList problems, Problem problem)
    {
        problems.Add(problem);
        return [];
    }

    /// <summary>Turns an infrastructure or format exception thrown mid-read into a problem and ends the read.</summary>
    private static IEnumerable<RankedCvr> Guard(IEnumerable<RankedCvr> inner, string path, ProblemList problems)
    {
        using var e = inner.GetEnumerator();
        while (true)
        {
            RankedCvr current;
            Problem? failure = null;
            try
            {
                if (!e.MoveNext())
                {
                    break;
                }

                current = e.Current;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or XmlException
                or JsonException or OpenXmlPackageException or FormatException or InvalidOperationException or NotSupportedException
                or System.Text.DecoderFallbackException)
            {
                failure = new Problem(ex is IOException or UnauthorizedAccessException ? ProblemCodes.Unreadable : ProblemCodes.Malformed,
                    "The file could not be read: " + ex.Message, path);
                current = null!;
            }

            if (failure is not null)
            {
                problems.Add(failure);
                break;
            }

            yield return current;
        }
    }
}

/// <summary>Builds one ballot's marks, applying the source's labels, and recognizes each candidate string against the
/// contest's <paramref name="candidates"/> (every string when null).</summary>
internal sealed class ChoiceBuilder(RcvSource source, RcvCandidateLookup? candidates)
{
    private readonly ImmutableArray<RankedChoice>.Builder _choices = ImmutableArray.CreateBuilder<RankedChoice>();

    public int Count => _choices.Count;

    /// <summary>Adds a candidate string at a rank, mapping the overvote and undeclared write-in labels; false, adding
    /// nothing, when the string names no candidate of the contest (the caller reports <see cref="Unrecognized"/> at its
    /// cell or path).</summary>
    public bool Add(int rank, string candidate)
    {
        if (source.OvervoteLabel is { } over && string.Equals(candidate, over, StringComparison.Ordinal))
        {
            candidate = RankedCvr.Overvote;
        }
        else if (source.UndeclaredWriteInLabel is { } uwi && string.Equals(candidate, uwi, StringComparison.Ordinal))
        {
            candidate = RankedCvr.UndeclaredWriteIn;
        }
        else if (candidates is not null && !candidates.Recognizes(candidate))
        {
            return false;
        }

        _choices.Add(new RankedChoice(rank, candidate));
        return true;
    }

    /// <summary>The problem for a candidate string <see cref="Add"/> refused, at its cell or path.</summary>
    public static Problem Unrecognized(string ballotId, string candidate, string file, long? line, string? where) =>
        new(ProblemCodes.UnknownReference, RcvCandidateLookup.Unrecognized(ballotId, candidate), file, line, where);

    /// <summary>Adds a mark that is an undeclared write-in whatever its text.</summary>
    public void AddWriteIn(int rank) => _choices.Add(new RankedChoice(rank, RankedCvr.UndeclaredWriteIn));

    public ImmutableArray<RankedChoice> Build()
    {
        var result = _choices.DrainToImmutable();
        return result;
    }
}
