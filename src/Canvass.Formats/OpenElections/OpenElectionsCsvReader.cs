using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Formats.Common;

namespace Canvass.Formats.OpenElections;

/// <summary>Reads an OpenElections results CSV (<c>county,precinct,office,district,party,candidate,votes</c>) into
/// <see cref="ReportedResults"/>, matching names to the store's election.</summary>
/// <remarks>
/// <para>Required columns: <c>county</c>, <c>office</c>, <c>candidate</c>, <c>votes</c>; <c>precinct</c>, <c>district</c>
/// and <c>party</c> are optional (<c>party</c> is not used). Optional breakdown columns map to vote methods:
/// <c>election_day</c> → election-day, <c>early_voting</c> → early, <c>absentee</c> → absentee, <c>mail</c> →
/// absentee-mail, <c>provisional</c> → provisional. When present, <c>votes</c> is their total and must equal their sum.
/// Other columns are ignored. A precinct must lie in its row's county; blank lines are skipped.</para>
/// <para>Matching (case-insensitive): a unit by id or name; a contest by id, or by name equal to <c>office</c> (no
/// district), or to <c>office district</c>, <c>office - District district</c> or <c>office, District district</c>; a
/// selection by id, text or candidate ballot name. Candidates named <c>Over Votes</c>/<c>Overvotes</c> and
/// <c>Under Votes</c>/<c>Undervotes</c> become contest counts.</para>
/// <para>Counts must be whole, non-negative numbers without separators.</para>
/// </remarks>
public static class OpenElectionsCsvReader
{
    private static readonly (string Column, CountItemType Method)[] Breakdown =
    [
        ("election_day", CountItemType.ElectionDay),
        ("early_voting", CountItemType.Early),
        ("absentee", CountItemType.Absentee),
        ("mail", CountItemType.AbsenteeMail),
        ("provisional", CountItemType.Provisional),
    ];

    /// <summary>Reads all rows; returns every problem with its line and column, or the results.</summary>
    public static Result<ReportedResults> Read(Stream stream, ElectionIndex election, string? file = null, CancellationToken ct = default)
    {
        var read = ReadPlaced(stream, election, file, ct);
        return read.IsSuccess ? Result<ReportedResults>.Success(read.Value.Results) : Result<ReportedResults>.Failure(read.Problems);
    }

    /// <summary>Reads all rows; returns every problem with its line and column, or the results with the line and column
    /// each count was read from.</summary>
    public static Result<PlacedResults> ReadPlaced(Stream stream, ElectionIndex election, string? file = null, CancellationToken ct = default)
    {
        var problems = new ProblemList(file);
        var counts = ImmutableArray.CreateBuilder<ReportedCount>();
        var contestCounts = ImmutableArray.CreateBuilder<ReportedContestCounts>();
        var countPlaces = new SourcePlaces.Builder();
        var contestCountPlaces = new SourcePlaces.Builder();
        var d = election.Definition;
        long line = 1;
        try
        {
            using var text = StrictUtf8.CreateReader(stream);
            using var reader = HeaderedCsv.Open(text, problems, out var headerLine);
            if (reader is null)
            {
                return Result<PlacedResults>.Failure(problems.ToImmutable());
            }

            var names = new string[reader.Current.ColCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = HeaderedCsv.Text(reader.Current, i, headerLine, "header", problems)?.Trim() ?? "";
            }

            int Col(string name) => Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

            // A column named twice: the second would be ignored without a word (the CVR reader refuses it the same way).
            foreach (var twice in names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                problems.Add(ProblemCodes.Malformed, $"Column '{twice.Key}' appears twice in the header.", headerLine, twice.Key);
            }

            var county = Col("county");
            var precinct = Col("precinct");
            var office = Col("office");
            var district = Col("district");
            var candidate = Col("candidate");
            var votes = Col("votes");
            var breakdown = Breakdown.Select(b => (Col: Col(b.Column), b.Method)).Where(b => b.Col >= 0).ToArray();
            foreach (var (col, name) in new[] { (county, "county"), (office, "office"), (candidate, "candidate"), (votes, "votes") })
            {
                if (col < 0)
                {
                    problems.Add(ProblemCodes.Schema, $"The required column '{name}' is missing.", headerLine, name);
                }
            }

            if (problems.HasProblems)
            {
                return Result<PlacedResults>.Failure(problems.ToImmutable());
            }

            var units = new UnitNames(election);
            var firstLines = new Dictionary<(string, string, string), long>();
            while (HeaderedCsv.NextRecord(reader, names.Length, problems, ref line, names))
            {
                ct.ThrowIfCancellationRequested();
                var row = reader.Current;
                var before = problems.Count;
                var cells = new string[names.Length];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = HeaderedCsv.Text(row, i, line, names[i], problems) ?? "";
                }

                if (problems.Count != before)
                {
                    continue;
                }

                var officeText = cells[office];
                var districtText = district >= 0 ? cells[district] : "";
                var contest = FindContest(d, officeText, districtText);
                var contestAt = contest is not null && election.TryGetContest(contest.Id, out int found) ? found : -1;
                var unit = units.Find(cells[county], contestAt, null, line, "county", problems);
                var precinctText = precinct >= 0 ? cells[precinct] : "";
                if (precinctText.Length > 0)
                {
                    var countyUnit = unit;
                    unit = units.Find(precinctText, contestAt, countyUnit, line, "precinct", problems);
                    if (countyUnit is { } c && unit is { } p && election.CountyOf(p) != c)
                    {
                        problems.Add(ProblemCodes.Inconsistent, $"'{p}' lies in '{election.CountyOf(p)}', not in '{c}'.", line, "precinct");
                    }
                }

                if (contest is null)
                {
                    problems.Add(ProblemCodes.UnknownReference, $"No contest of the election matches office '{officeText}' district '{districtText}'.", line, "office");
                }
                else if (unit is { } u && election.TryGetContest(contest.Id, out int ci) && election.TryGetUnit(u, out int ui) && !election.SharesDistrict(ci, ui))
                {
                    problems.Add(ProblemCodes.ContestNotOnBallot, $"'{u}' lies outside the district of '{contest.Name}' ({contest.ElectionDistrictId}): the contest is not on its ballots.", line, "office");
                }

                var total = Count(cells[votes], line, "votes", problems);
                long sum = 0;
                var methodCounts = new List<(CountItemType Method, long Votes)>();
                foreach (var (col, method) in breakdown)
                {
                    if (cells[col].Length == 0)
                    {
                        continue;
                    }

                    if (Count(cells[col], line, names[col], problems) is { } v)
                    {
                        sum = checked(sum + v);
                        methodCounts.Add((method, v));
                    }
                }

                if (total is { } t && methodCounts.Count > 0 && problems.Count == before && t != sum)
                {
                    problems.Add(ProblemCodes.Inconsistent, $"votes is {t} but the vote-method columns add up to {sum}.", line, "votes");
                }

                var candidateText = cells[candidate].Trim();
                var overUnder = candidateText.ToUpperInvariant() switch
                {
                    "OVER VOTES" or "OVERVOTES" => 1,
                    "UNDER VOTES" or "UNDERVOTES" => 2,
                    _ => 0,
                };
                SelectionId? selection = null;
                if (contest is not null && overUnder == 0)
                {
                    selection = FindSelection(d, contest, candidateText);
                    if (selection is null)
                    {
                        problems.Add(ProblemCodes.UnknownReference, $"'{candidateText}' is not a selection of contest '{contest.Name}'.", line, "candidate");
                    }
                }

                if (problems.Count != before || contest is null || unit is null || total is null)
                {
                    continue;
                }

                // The same line twice (or two names of one candidate) would leave the later count alone, without a word.
                var key = (contest.Id.Value, overUnder == 0 ? selection!.Value.Value : candidateText.ToUpperInvariant(), unit.Value.Value);
                if (firstLines.TryGetValue(key, out var first))
                {
                    problems.Add(ProblemCodes.Inconsistent,
                        $"'{candidateText}' in '{unit}' for '{contest.Name}' is reported twice in this file (first on line {first.ToString(CultureInfo.InvariantCulture)}).", line, "candidate");
                    continue;
                }

                firstLines[key] = line;
                var all = methodCounts.Prepend((CountItemType.Total, total.Value));
                foreach (var (method, v) in all)
                {
                    var place = new SourcePlace(line, method == CountItemType.Total ? names[votes] : names[breakdown.First(b => b.Method == method).Col]);
                    if (overUnder == 0)
                    {
                        counts.Add(new ReportedCount(contest.Id, selection!.Value, unit.Value, method, v));
                        countPlaces.Add(place);
                    }
                    else
                    {
                        contestCounts.Add(new ReportedContestCounts(contest.Id, unit.Value, method, null, overUnder == 1 ? v : null, overUnder == 2 ? v : null));
                        contestCountPlaces.Add(place);
                    }
                }
            }
        }
        catch (Exception e) when (HeaderedCsv.IsUnreadable(e))
        {
            HeaderedCsv.AddUnreadable(e, stream, line, problems);
        }

        return problems.HasProblems
            ? Result<PlacedResults>.Failure(problems.ToImmutable())
            : Result<PlacedResults>.Success(new PlacedResults(new ReportedResults(counts.ToImmutable(), contestCounts.ToImmutable()),
                countPlaces.ToSourcePlaces(), contestCountPlaces.ToSourcePlaces()));
    }

    private static long? Count(ReadOnlySpan<char> text, long line, string column, ProblemList problems)
    {
        if (CountText.TryParse(text, out var v) is not { } why)
        {
            return v;
        }

        problems.Add(ProblemCodes.BadCount, $"'{text}' {why}.", line, column);
        return null;
    }

    /// <summary>Units by id or name, case-insensitively. Names repeat across states ("Berrien County" is in Georgia and
    /// in Michigan), so a name is taken among the units that share the contest's district (and, for a precinct, lie in
    /// the row's county); a name that still names several units is a problem: the row must give the id.</summary>
    private sealed class UnitNames(ElectionIndex election)
    {
        private readonly Dictionary<string, List<int>> _byText = Build(election.Definition);

        private static Dictionary<string, List<int>> Build(ElectionDefinition d)
        {
            var byText = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < d.GpUnits.Length; i++)
            {
                foreach (var key in new[] { d.GpUnits[i].Id.Value, d.GpUnits[i].Name })
                {
                    if (!byText.TryGetValue(key, out var list))
                    {
                        list = [];
                        byText[key] = list;
                    }

                    if (!list.Contains(i))
                    {
                        list.Add(i);
                    }
                }
            }

            return byText;
        }

        public GpUnitId? Find(string text, int contest, GpUnitId? county, long line, string column, ProblemList problems)
        {
            var t = text.Trim();
            var units = election.Definition.GpUnits;
            if (!_byText.TryGetValue(t, out var matches))
            {
                problems.Add(ProblemCodes.UnknownReference, $"'{t}' is not a unit of the election.", line, column);
                return null;
            }

            if (matches.Count == 1)
            {
                return units[matches[0]].Id;
            }

            foreach (var m in matches)
            {
                if (string.Equals(units[m].Id.Value, t, StringComparison.OrdinalIgnoreCase))
                {
                    return units[m].Id;
                }
            }

            var fitting = matches.Where(m => (contest < 0 || election.SharesDistrict(contest, m))
                && (county is not { } c || election.CountyOf(units[m].Id) == c)).ToList();
            if (fitting.Count == 1)
            {
                return units[fitting[0]].Id;
            }

            problems.Add(ProblemCodes.Inconsistent,
                $"'{t}' names {(fitting.Count == 0 ? matches : fitting).Count} units ({string.Join(", ", (fitting.Count == 0 ? matches : fitting).Select(m => units[m].Id.Value))}); give the unit's id instead.",
                line, column);
            return null;
        }
    }

    private static Contest? FindContest(ElectionDefinition d, string office, string district)
    {
        office = office.Trim();
        district = district.Trim();
        string[] names = district.Length == 0
            ? [office]
            : [$"{office} {district}", $"{office} - District {district}", $"{office}, District {district}"];
        foreach (var c in d.Contests)
        {
            if (string.Equals(c.Id.Value, office, StringComparison.OrdinalIgnoreCase)
                || names.Any(n => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)))
            {
                return c;
            }
        }

        return null;
    }

    private static SelectionId? FindSelection(ElectionDefinition d, Contest contest, string name)
    {
        foreach (var s in contest.Selections)
        {
            if (string.Equals(s.Id.Value, name, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Text, name, StringComparison.OrdinalIgnoreCase))
            {
                return s.Id;
            }

            foreach (var cid in s.CandidateIds)
            {
                if (d.Candidates.FirstOrDefault(c => c.Id == cid) is { } c && string.Equals(c.BallotName, name, StringComparison.OrdinalIgnoreCase))
                {
                    return s.Id;
                }
            }
        }

        return null;
    }
}
