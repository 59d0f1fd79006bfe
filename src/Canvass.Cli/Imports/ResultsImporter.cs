using System.Collections.Immutable;
using Canvass.Domain;
using Canvass.Domain.Elections;
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

        var (format, read, partial) = Read(session, path);
        if (!read.IsSuccess)
        {
            return new ImportOutcome(path, "results", "rejected", 0, sha, WithStoreReferences(session, path, read.Problems, partial));
        }

        var placed = read.Value;
        var results = placed.Results;
        var problems = new ProblemList(path);
        CheckReferences(session, placed, problems);
        CheckDoubleCount(session, placed, problems);
        CheckBreakdowns(session, placed, problems);
        CheckOverlaps(session, placed, problems);
        await CheckRollUpsAsync(session, placed, problems, cancellationToken);
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

    private static (string Format, Result<PlacedResults> Results, PlacedResults? Partial) Read(ElectionSession session, string path)
    {
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = File.OpenRead(path);
            return ("openelections-csv", OpenElectionsCsvReader.ReadPlaced(stream, session.Index, path), null);
        }

        var format = path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? "nist-1500-100-xml"
            : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "nist-1500-100-json"
            : null;
        if (format is null)
        {
            // Read as a report, an OpenElections file named .txt said "not well-formed JSON", and an XML report named so
            // was logged as nist-1500-100-json. The extension chooses the reader, as for CVRs.
            return ("", Result<PlacedResults>.Failure([new Problem(ProblemCodes.Unsupported,
                "Unknown results format: use .csv (OpenElections CSV), .json or .xml (NIST SP 1500-100).", path)]), null);
        }

        var doc = ElectionReportReader.Read(path, out var partial);
        return doc.IsSuccess
            ? (format, Result<PlacedResults>.Success(doc.Value.Placed), null)
            : (format, Result<PlacedResults>.Failure(doc.Problems), partial);
    }

    /// <summary>A report refused for its own content (a reference to no object in it, say) is still checked against the
    /// store's election, count by count, so that one import lists both kinds of problem: an unknown unit in the file no
    /// longer hides an unknown selection further on. A count the report's own check already faulted adds nothing more;
    /// the other checks (double counts, roll-ups, …) need the whole report and wait for the next import.</summary>
    private static ImmutableArray<Problem> WithStoreReferences(ElectionSession session, string path, ImmutableArray<Problem> problems, PlacedResults? partial)
    {
        if (partial is null)
        {
            return problems;
        }

        var store = new ProblemList(path);
        CheckReferences(session, partial, store);
        bool Faulted(Problem p) => problems.Any(f => f.Path is { } at && p.Path is { } q
            && at.StartsWith(q, StringComparison.Ordinal) && (at.Length == q.Length || at[q.Length] is '.' or '/' or '['));
        var more = store.ToImmutable().Where(p => !Faulted(p)).ToList();
        return more.Count == 0 ? problems : [.. problems.Concat(more).OrderBy(p => p.Line ?? 0)];
    }

    private static void Add(ProblemList problems, string code, string message, SourcePlace place) =>
        problems.Add(code, message, place.Line, place.Path);

    /// <summary>Where the file gives its first count that the disagreement involves: for its unit and selection; else for
    /// a unit inside that unit and the selection (a precinct under an earlier county total); else for a unit inside it;
    /// else for its contest. Overvotes and undervotes are looked at when no vote count is.</summary>
    private static SourcePlace PlaceOf(ElectionSession session, PlacedResults placed, CountDisagreement d)
    {
        var index = session.Index;
        var at = index.TryGetUnit(d.Unit, out int outer) ? outer : -1;
        bool Inside(GpUnitId unit) => at >= 0 && index.TryGetUnit(unit, out int u) && index.Contains(at, u);

        var counts = placed.Results.Counts;
        var best = -1;
        var rank = 0;
        for (var i = 0; i < counts.Length && rank < 4; i++)
        {
            var c = counts[i];
            if (c.Contest != d.Contest)
            {
                continue;
            }

            var selection = d.Selection is null || c.Selection == d.Selection;
            var r = c.Unit == d.Unit && selection ? 4 : selection && Inside(c.Unit) ? 3 : Inside(c.Unit) ? 2 : 1;
            if (r > rank)
            {
                (best, rank) = (i, r);
            }
        }

        if (rank >= 2 || (d.Selection is not null && best >= 0))
        {
            return placed.CountPlaces[best];
        }

        var contestCounts = placed.Results.ContestCounts;
        for (var i = 0; i < contestCounts.Length; i++)
        {
            if (contestCounts[i].Contest == d.Contest && Inside(contestCounts[i].Unit))
            {
                return placed.ContestCountPlaces[i];
            }
        }

        return best < 0 ? default : placed.CountPlaces[best];
    }

    /// <summary>A results file is read against its own election report; its ids must exist in the store's election.</summary>
    private static void CheckReferences(ElectionSession session, PlacedResults placed, ProblemList problems)
    {
        var index = session.Index;
        var seen = new HashSet<(string, string, string, CountItemType)>();
        var outside = new HashSet<(int, int)>();
        var counts = placed.Results.Counts;
        for (var i = 0; i < counts.Length; i++)
        {
            var c = counts[i];
            if (!CheckContestAndUnit(index, c.Contest, c.Unit, placed.CountPlaces, i, outside, problems, out var contest))
            {
                continue;
            }

            if (!index.TryGetSelection(contest, c.Selection, out _))
            {
                Add(problems, ProblemCodes.UnknownReference, $"Selection '{c.Selection}' is not in contest '{c.Contest}'.", placed.CountPlaces[i]);
            }

            if (c.Votes < 0)
            {
                Add(problems, ProblemCodes.BadCount, $"Negative count {c.Votes} for '{c.Selection}' in '{c.Unit}'.", placed.CountPlaces[i]);
            }

            if (!seen.Add((c.Contest.Value, c.Selection.Value, c.Unit.Value, c.Method)))
            {
                Add(problems, ProblemCodes.Inconsistent,
                    $"'{c.Selection}' in '{c.Unit}' ({CountItemTypes.ToNistName(c.Method)}) is reported twice in one file.", placed.CountPlaces[i]);
            }
        }

        // Overvotes and undervotes name a contest and unit too; an unknown one would stop every later tabulation.
        var contestCounts = placed.Results.ContestCounts;
        for (var i = 0; i < contestCounts.Length; i++)
        {
            CheckContestAndUnit(index, contestCounts[i].Contest, contestCounts[i].Unit, placed.ContestCountPlaces, i, outside, problems, out _);
        }
    }

    /// <summary>The contest and unit exist in the store's election, and the unit shares ground with the contest's district.
    /// The count is at <paramref name="place"/> of <paramref name="places"/>, whose path is built only for a problem.</summary>
    private static bool CheckContestAndUnit(
        ElectionIndex index, ContestId contestId, GpUnitId unitId, SourcePlaces places, int place,
        HashSet<(int, int)> outside, ProblemList problems, out int contest)
    {
        if (!index.TryGetContest(contestId, out contest))
        {
            Add(problems, ProblemCodes.UnknownReference, $"Contest '{contestId}' is not in this store's election.", places[place]);
            return false;
        }

        if (!index.TryGetUnit(unitId, out int unit))
        {
            Add(problems, ProblemCodes.UnknownReference, $"Unit '{unitId}' is not in this store's election.", places[place]);
        }
        else if (outside.Add((contest, unit)) && !index.SharesDistrict(contest, unit))
        {
            // A CVR marking the contest there is refused as not on its ballot; the same votes as a total are too.
            Add(problems, ProblemCodes.ContestNotOnBallot,
                $"Unit '{unitId}' lies outside the district of contest '{contestId}' ({index.Definition.Contests[contest].ElectionDistrictId}): the contest is not on its ballots.", places[place]);
        }

        return true;
    }

    /// <summary>A total in one file and a breakdown of it in another must agree, as they must within one file.</summary>
    private static void CheckBreakdowns(ElectionSession session, PlacedResults placed, ProblemList problems)
    {
        var results = placed.Results;
        if (problems.HasProblems || session.State.ResultReports.IsEmpty)
        {
            return;
        }

        var earlier = session.State.ResultReports.Select(r => r.Results).ToList();
        var before = Tabulator.BreakdownMismatches(session.Index, earlier).Select(m => m.Message).ToHashSet(StringComparer.Ordinal);
        foreach (var mismatch in Tabulator.BreakdownMismatches(session.Index, [.. earlier, results]))
        {
            if (!before.Contains(mismatch.Message))
            {
                Add(problems, ProblemCodes.Inconsistent, "With the results imported before: " + mismatch.Message, PlaceOf(session, placed, mismatch));
            }
        }
    }

    /// <summary>A unit's total must not be smaller than the counts of the units inside it: tabulation would have to leave
    /// it out (a county total from earlier in the night under newer precinct counts). Only what this file makes so is
    /// listed. The store's ballots are read only when a unit of this file contains a county counted from them for the
    /// same contest (a state total above counties with ballots); a roll-up above them reported earlier, which ballots
    /// imported later exceed, can only be named by tabulation.</summary>
    private static async Task CheckRollUpsAsync(ElectionSession session, PlacedResults placed, ProblemList problems, CancellationToken cancellationToken)
    {
        if (problems.HasProblems)
        {
            return;
        }

        var results = placed.Results;
        var tally = AboveBallots(session, results)
            ? await TabulationRunner.TallyAsync(session, null, null, cancellationToken)
            : new CvrTally(session.Index);
        var earlier = session.State.ResultReports.Select(r => r.Results).ToList();
        var before = LeftOut(session, tally, earlier).Select(r => r.Message).ToHashSet(StringComparer.Ordinal);
        var alone = LeftOut(session, new CvrTally(session.Index), [results]).Select(r => r.Message).ToHashSet(StringComparer.Ordinal);
        foreach (var shortfall in LeftOut(session, tally, [.. earlier, results]))
        {
            if (!before.Contains(shortfall.Message))
            {
                var with = alone.Contains(shortfall.Message) ? "" : tally.BallotCount > 0 ? "With the ballots and results imported before: " : "With the results imported before: ";
                Add(problems, ProblemCodes.Inconsistent, with
                    + shortfall.Message + ". A unit's total cannot be less than the units inside it: import a newer total for it, or its parts' counts as of the total's time.",
                    PlaceOf(session, placed, shortfall));
            }
        }
    }

    /// <summary>Two units with reported counts for a contest that share a unit without one lying inside the other (a
    /// county's part of a district next to the district's total) cannot be told apart: tabulation would count the shared
    /// part twice, unless a unit with counts inside both covers it (then each roll-up subtracts it, as in Canvass's own
    /// export of a district's ballots next to county roll-ups). Only pairs this file brings in are listed, at this
    /// file's first count for one of them.</summary>
    private static void CheckOverlaps(ElectionSession session, PlacedResults placed, ProblemList problems)
    {
        if (problems.HasProblems)
        {
            return;
        }

        var index = session.Index;
        var units = index.Definition.GpUnits;
        var reported = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var report in session.State.ResultReports.Select(r => r.Results).Append(placed.Results))
        {
            foreach (var (contest, unit) in report.Counts.Select(c => (c.Contest.Value, c.Unit)))
            {
                if (index.TryGetUnit(unit, out int u))
                {
                    (reported.TryGetValue(contest, out var set) ? set : reported[contest] = []).Add(u);
                }
            }
        }

        var mine = placed.Results.Counts.Select(c => (c.Contest.Value, c.Unit)).ToHashSet();
        var flagged = new HashSet<(string, int, int)>();
        foreach (var (contest, set) in reported.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            // Each unit inside a reported unit, with the reported units it lies in.
            var owners = new Dictionary<int, List<int>>();
            foreach (var unit in set.Order())
            {
                foreach (var inside in index.Inside(unit))
                {
                    (owners.TryGetValue(inside, out var list) ? list : owners[inside] = []).Add(unit);
                }
            }

            foreach (var (shared, list) in owners.OrderBy(o => o.Key))
            {
                for (var i = 0; i < list.Count; i++)
                {
                    for (var j = i + 1; j < list.Count; j++)
                    {
                        // Harmless when a unit with counts inside both covers the shared one: each subtracts it.
                        var (a, b) = (list[i], list[j]);
                        if (index.Contains(a, b) || index.Contains(b, a)
                            || !(mine.Contains((contest, units[a].Id)) || mine.Contains((contest, units[b].Id)))
                            || list.Exists(c => c != a && c != b && index.Contains(a, c) && index.Contains(b, c))
                            || !flagged.Add((contest, a, b)))
                        {
                            continue;
                        }

                        var at = placed.Results.Counts.Select((c, k) => (c, k))
                            .First(x => x.c.Contest.Value == contest && (x.c.Unit == units[a].Id || x.c.Unit == units[b].Id)).k;
                        Add(problems, ProblemCodes.Inconsistent,
                            $"'{units[a].Id}' and '{units[b].Id}' both have counts for contest '{contest}' and share '{units[shared].Id}', but neither lies inside the other: the shared part would be counted twice. Report one of them, or the parts of each through units that nest.",
                            placed.CountPlaces[at]);
                    }
                }
            }
        }
    }

    /// <summary>True when a unit this file reports contains a county whose ballots are counted for the same contest.</summary>
    private static bool AboveBallots(ElectionSession session, ReportedResults results)
    {
        var covered = session.State.CvrCoverage();
        if (covered.IsEmpty)
        {
            return false;
        }

        var index = session.Index;
        var byContest = covered.GroupBy(c => c.Contest, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => index.TryGetUnit(new GpUnitId(c.County), out int u) ? u : -1).Where(u => u >= 0).ToList(), StringComparer.Ordinal);
        foreach (var (contest, unit) in results.Counts.Select(c => (c.Contest.Value, c.Unit)).Distinct())
        {
            if (byContest.TryGetValue(contest, out var counties) && index.TryGetUnit(unit, out int outer)
                && counties.Exists(county => county != outer && index.Contains(outer, county)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The roll-ups tabulation would leave out with these ballots and reports.</summary>
    private static IEnumerable<CountDisagreement> LeftOut(ElectionSession session, CvrTally tally, List<ReportedResults> reports) =>
        Tabulator.Tabulate(session.Index, tally, reports).Contests.SelectMany(c => c.IgnoredRollUps.IsDefault ? [] : c.IgnoredRollUps);

    private static void CheckDoubleCount(ElectionSession session, PlacedResults placed, ProblemList problems)
    {
        var results = placed.Results;
        var covered = session.State.CvrCoverage();
        if (covered.IsEmpty)
        {
            return;
        }

        var flagged = new HashSet<(string, string)>();
        for (var i = 0; i < results.Counts.Length; i++)
        {
            var c = results.Counts[i];
            var county = session.Index.CountyOf(c.Unit).Value;
            if (covered.Contains((c.Contest.Value, county)) && flagged.Add((c.Contest.Value, county)))
            {
                Add(problems, ProblemCodes.DoubleCount,
                    $"{county} already has cast vote records for contest {c.Contest}; reported totals for it would count its votes twice.", placed.CountPlaces[i]);
            }
        }

        // Overvotes and undervotes for such a county would count its ballots twice as well (and stop every tabulation).
        var contestCounts = results.ContestCounts.IsDefault ? [] : results.ContestCounts;
        for (var i = 0; i < contestCounts.Length; i++)
        {
            var c = contestCounts[i];
            var county = session.Index.CountyOf(c.Unit).Value;
            if (covered.Contains((c.Contest.Value, county)) && flagged.Add((c.Contest.Value, county)))
            {
                Add(problems, ProblemCodes.DoubleCount,
                    $"{county} already has cast vote records for contest {c.Contest}; its reported overvotes or undervotes would count its ballots twice.", placed.ContestCountPlaces[i]);
            }
        }
    }
}
