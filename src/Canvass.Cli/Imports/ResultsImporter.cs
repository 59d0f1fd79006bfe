using Canvass.Domain;
using Canvass.Domain.Events;
using Canvass.Domain.Results;
using Canvass.Domain.Tabulation;
using Canvass.Formats.Common;
using Canvass.Formats.Nist.ElectionReport;
using Canvass.Formats.OpenElections;
using Canvass.Storage;

namespace Canvass.Cli.Imports;

/// <summary>Imports aggregated results (NIST SP 1500-100 vote counts, or OpenElections CSV) for counties that report
/// totals instead of ballots.</summary>
internal static class ResultsImporter
{
    public static async Task<ImportOutcome> ImportAsync(ElectionSession session, string path, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var sha = await FileDigest.Sha256Async(path, cancellationToken);
        if (await session.Store.FindImportAsync(sha, cancellationToken) is { } earlier)
        {
            return ImportOutcome.Earlier(path, "results", earlier);
        }

        var (format, read) = Read(session, path);
        if (!read.IsSuccess)
        {
            return new ImportOutcome(path, "results", "rejected", 0, sha, read.Problems);
        }

        var results = read.Value;
        var problems = new ProblemList(path);
        CheckReferences(session, results, problems);
        CheckDoubleCount(session, results, problems);
        CheckBreakdowns(session, results, problems);
        CheckRollUps(session, results, problems);
        if (!problems.HasProblems && await Audit.AuditStore.LockedAsync(session.Store,
                results.Counts.Select(c => c.Contest.Value).Distinct(), [], path, cancellationToken) is { } locked)
        {
            problems.Add(locked);
        }

        if (results.Counts.IsEmpty && !problems.HasProblems)
        {
            problems.Add(ProblemCodes.EmptyFile, "The file holds no vote counts.");
        }

        if (problems.HasProblems)
        {
            return new ImportOutcome(path, "results", "rejected", 0, sha, problems.ToImmutable());
        }

        var reported = new ResultsReported("res-" + sha[..16], fileName, sha, format, results);
        await session.Store.AppendAsync(
            Streams.Election,
            session.State.Version,
            [reported],
            new ImportRecord(sha, "results", fileName, results.Counts.Length),
            cancellationToken);
        await session.RefreshAsync(cancellationToken);
        return new ImportOutcome(path, "results", "imported", results.Counts.Length, sha);
    }

    private static (string Format, Result<ReportedResults> Results) Read(ElectionSession session, string path)
    {
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = File.OpenRead(path);
            return ("openelections-csv", OpenElectionsCsvReader.Read(stream, session.Index, path));
        }

        var doc = ElectionReportReader.Read(path);
        var format = path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? "nist-1500-100-xml" : "nist-1500-100-json";
        return doc.IsSuccess
            ? (format, Result<ReportedResults>.Success(doc.Value.Results))
            : (format, Result<ReportedResults>.Failure(doc.Problems));
    }

    /// <summary>A results file is read against its own election report; its ids must exist in the store's election.</summary>
    private static void CheckReferences(ElectionSession session, ReportedResults results, ProblemList problems)
    {
        var index = session.Index;
        var seen = new HashSet<(string, string, string, Domain.Elections.CountItemType)>();
        var outside = new HashSet<(int, int)>();
        foreach (var c in results.Counts)
        {
            if (!index.TryGetContest(c.Contest, out int contest))
            {
                problems.Add(ProblemCodes.UnknownReference, $"Contest '{c.Contest}' is not in this store's election.");
                continue;
            }

            if (!index.TryGetSelection(contest, c.Selection, out _))
            {
                problems.Add(ProblemCodes.UnknownReference, $"Selection '{c.Selection}' is not in contest '{c.Contest}'.");
            }

            if (!index.TryGetUnit(c.Unit, out int unit))
            {
                problems.Add(ProblemCodes.UnknownReference, $"Unit '{c.Unit}' is not in this store's election.");
            }
            else if (outside.Add((contest, unit)) && !index.SharesDistrict(contest, unit))
            {
                // A CVR marking the contest there is refused as not on its ballot; the same votes as a total are too.
                problems.Add(ProblemCodes.ContestNotOnBallot,
                    $"Unit '{c.Unit}' lies outside the district of contest '{c.Contest}' ({index.Definition.Contests[contest].ElectionDistrictId}): the contest is not on its ballots.");
            }

            if (c.Votes < 0)
            {
                problems.Add(ProblemCodes.BadCount, $"Negative count {c.Votes} for '{c.Selection}' in '{c.Unit}'.");
            }

            if (!seen.Add((c.Contest.Value, c.Selection.Value, c.Unit.Value, c.Method)))
            {
                problems.Add(ProblemCodes.Inconsistent,
                    $"'{c.Selection}' in '{c.Unit}' ({Domain.Elections.CountItemTypes.ToNistName(c.Method)}) is reported twice in one file.");
            }
        }
    }

    /// <summary>A total in one file and a breakdown of it in another must agree, as they must within one file.</summary>
    private static void CheckBreakdowns(ElectionSession session, ReportedResults results, ProblemList problems)
    {
        if (problems.HasProblems || session.State.ResultReports.IsEmpty)
        {
            return;
        }

        var earlier = session.State.ResultReports.Select(r => r.Results).ToList();
        var before = Tabulator.BreakdownMismatches(session.Index, earlier).ToHashSet(StringComparer.Ordinal);
        foreach (var mismatch in Tabulator.BreakdownMismatches(session.Index, [.. earlier, results]))
        {
            if (!before.Contains(mismatch))
            {
                problems.Add(ProblemCodes.Inconsistent, "With the results imported before: " + mismatch);
            }
        }
    }

    /// <summary>A unit's total must not be smaller than the reported counts of the units inside it: tabulation would have
    /// to leave it out (a county total from earlier in the night under newer precinct counts). Only what this file makes
    /// so is listed. Units counted from ballots are not known here (that needs every ballot); tabulation leaves such a
    /// roll-up out and <c>tabulate</c> says so.</summary>
    private static void CheckRollUps(ElectionSession session, ReportedResults results, ProblemList problems)
    {
        if (problems.HasProblems)
        {
            return;
        }

        var earlier = session.State.ResultReports.Select(r => r.Results).ToList();
        var before = earlier.Count == 0 ? [] : IgnoredRollUps(session, earlier);
        var alone = IgnoredRollUps(session, [results]);
        foreach (var shortfall in IgnoredRollUps(session, [.. earlier, results]))
        {
            if (!before.Contains(shortfall))
            {
                problems.Add(ProblemCodes.Inconsistent, (alone.Contains(shortfall) ? "" : "With the results imported before: ")
                    + shortfall + ". A unit's total cannot be less than the units inside it: import a newer total for it, or its parts' counts as of the total's time.");
            }
        }
    }

    private static HashSet<string> IgnoredRollUps(ElectionSession session, List<ReportedResults> reports) =>
        Tabulator.Tabulate(session.Index, new CvrTally(session.Index), reports).Contests
            .SelectMany(c => c.IgnoredRollUps.IsDefault ? [] : c.IgnoredRollUps)
            .ToHashSet(StringComparer.Ordinal);

    private static void CheckDoubleCount(ElectionSession session, ReportedResults results, ProblemList problems)
    {
        var covered = session.State.CvrCoverage();
        if (covered.IsEmpty)
        {
            return;
        }

        var flagged = new HashSet<(string, string)>();
        foreach (var c in results.Counts)
        {
            var county = session.Index.CountyOf(c.Unit).Value;
            if (covered.Contains((c.Contest.Value, county)) && flagged.Add((c.Contest.Value, county)))
            {
                problems.Add(ProblemCodes.DoubleCount,
                    $"{county} already has cast vote records for contest {c.Contest}; reported totals for it would count its votes twice.");
            }
        }
    }
}
