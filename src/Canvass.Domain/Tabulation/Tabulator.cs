using System.Globalization;
using System.Collections.Immutable;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;

namespace Canvass.Domain.Tabulation;

/// <summary>Tabulates an election: a pure function of the election definition, the tallied cast vote records and the
/// results counties reported as totals.</summary>
/// <remarks>
/// <para><b>Reported results.</b> Reports are applied in sequence; a later report that has any count for a
/// (contest, unit, method) cell replaces that whole cell (votes, ballots cast, overvotes, undervotes) from earlier
/// reports, as election-night updates do. Within one report a repeated count for the same cell and selection replaces
/// the earlier one.</para>
/// <para><b>Total or breakdown, never both.</b> For a contest, unit and selection, when a breakdown by method exists it is
/// used and the <see cref="CountItemType.Total"/> count is ignored (import checked that they agree); a unit with no
/// breakdown contributes its total as a <see cref="CountItemType.Total"/> cell. When a breakdown covers only some
/// selections, the total cell is kept for the other selections only, with its ballot, overvote and undervote counts
/// unknown.</para>
/// <para><b>Roll-ups count their remainder.</b> Within a contest, a reported unit that contains (through
/// <see cref="ElectionIndex.Inside"/>: composition, transitively, and the election scope holds every unit) other units with counts, from reports or from
/// CVRs, is a roll-up: a county or state total published next to its precincts. It adds only what those units do not
/// already count (a county total above some of its precincts: the rest, on the county itself), per vote method when the
/// roll-up has a breakdown and every unit inside it uses only its methods, otherwise as one <c>total</c>; ballots cast,
/// overvotes and undervotes the same way when both sides know them. Inner roll-ups are settled first, so each unit inside
/// is subtracted once. A roll-up whose parts add up to more votes than it does (for a selection it reports, in any of
/// its methods when the remainder is by method) is left out and named in <see cref="ContestResult.IgnoredRollUps"/>, and
/// the contest then names no winner; results import refuses to create one. Ballots cast, overvotes and undervotes
/// whose parts exceed the roll-up's are left unknown on it instead.</para>
/// <para><b>Counties.</b> A reported unit's county is <see cref="ElectionIndex.CountyOf(int)"/>: the unit when it is a
/// county, else its nearest county ancestor, else the election scope; ballots are attributed by the same rule. A county
/// is counted from CVRs or from reports, never both: a contest with both for the same county (or for the same unit) is
/// an upstream bug that import refuses, and tabulation throws <see cref="InvalidOperationException"/>.</para>
/// <para><b>Totals.</b> Votes are the sum of the cells. Ballots cast, overvotes and undervotes are the sum when every
/// cell knows them, otherwise null (0 for a contest with no cells).</para>
/// <para><b>Winners.</b> Zero votes: no winners. A two-answer ballot measure or retention question passes when the answer
/// for it (the first, unless the first reads as a no, such as "No" or "Against", and the second does not) meets
/// <see cref="Contest.PassageThreshold"/> (default <see cref="PassageThreshold.SimpleMajority"/>, so exactly half fails)
/// of the votes for the two answers; the winner is that answer if it passed, else the other.
/// <see cref="VoteVariation.Majority"/>: a selection wins only with more than half of all votes in the contest (or the
/// contest's threshold); otherwise there is no winner, and a runoff is needed by law. <see cref="VoteVariation.SuperMajority"/>:
/// the same with the contest's threshold, by default two-thirds. <see cref="VoteVariation.Rcv"/> contests are tallied by
/// first choices here: a single-seat contest has a winner only when one candidate has a first-choice majority, otherwise
/// the rounds decide (tabulated elsewhere). Every other rule (plurality, n-of-m, approval, other): the
/// <see cref="Contest.NumberElected"/> selections with the most votes; when selections tie for the last winning place
/// they are left out and <see cref="ContestResult.TieForLastPlace"/> is set. A selection with no votes never wins.</para>
/// </remarks>
public static class Tabulator
{
    /// <summary>Tabulates every contest of the election.</summary>
    /// <param name="index">The election.</param>
    /// <param name="cvrs">The tallied cast vote records (possibly empty).</param>
    /// <param name="reports">Reported results, oldest first.</param>
    /// <returns>One result per contest, in definition order.</returns>
    /// <exception cref="ArgumentException">The tally is for another election, or a report names an unknown contest,
    /// selection or unit, or a negative count.</exception>
    /// <exception cref="InvalidOperationException">A contest has counts from CVRs and from reports for the same county.</exception>
    public static ElectionTabulation Tabulate(ElectionIndex index, CvrTally cvrs, IEnumerable<ReportedResults> reports)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(cvrs);
        ArgumentNullException.ThrowIfNull(reports);
        if (!ReferenceEquals(cvrs.Index.Definition, index.Definition))
        {
            throw new ArgumentException("The CVR tally is for another election definition.", nameof(cvrs));
        }

        var definition = index.Definition;
        var reported = Fold(index, reports);
        var results = ImmutableArray.CreateBuilder<ContestResult>(definition.Contests.Length);
        for (var c = 0; c < definition.Contests.Length; c++)
        {
            reported.TryGetValue(c, out var cells);
            results.Add(TabulateContest(index, c, cvrs.UnitCountsFor(c), cells));
        }

        return new ElectionTabulation(results.MoveToImmutable(), cvrs.BallotCount);
    }

    /// <summary>Where the reports, applied in order, leave a unit's <c>total</c> for a selection next to vote-method counts
    /// for it that add up to something else. Tabulation takes the breakdown, so the difference would be lost without a
    /// word; within one file the readers refuse it, and this finds it across files (a total, then a breakdown of part of
    /// it).</summary>
    /// <param name="index">The election.</param>
    /// <param name="reports">The reports, in the order they were imported.</param>
    /// <returns>One line per (contest, unit, selection) that disagrees, in a stable order.</returns>
    public static ImmutableArray<CountDisagreement> BreakdownMismatches(ElectionIndex index, IEnumerable<ReportedResults> reports)
    {
        ArgumentNullException.ThrowIfNull(index);
        var definition = index.Definition;
        var found = ImmutableArray.CreateBuilder<CountDisagreement>();
        foreach (var (contest, cells) in Fold(index, reports).OrderBy(c => c.Key))
        {
            var breakdowns = BreakdownsByUnit(cells);
            foreach (var ((unit, method), total) in cells.Where(c => c.Key.Method == CountItemType.Total).OrderBy(c => c.Key.Unit))
            {
                var selections = definition.Contests[contest].Selections;
                var breakdown = breakdowns.GetValueOrDefault(unit, []);
                for (var s = 0; s < selections.Length; s++)
                {
                    long sum = 0;
                    var any = false;
                    foreach (var cell in breakdown)
                    {
                        if (cell.Present[s])
                        {
                            sum = checked(sum + cell.Votes[s]);
                            any = true;
                        }
                    }

                    if (any && total.Present[s] && sum != total.Votes[s])
                    {
                        found.Add(new CountDisagreement(definition.Contests[contest].Id, definition.GpUnits[unit].Id, selections[s].Id, string.Create(CultureInfo.InvariantCulture,
                            $"'{selections[s].Id}' of contest '{definition.Contests[contest].Id}' in '{definition.GpUnits[unit].Id}': the total is {total.Votes[s]} but the counts by vote method add up to {sum}; tabulation would take the breakdown and lose the difference. Report a unit's total and its breakdown together, in one file.")));
                    }
                }
            }
        }

        return found.ToImmutable();
    }

    /// <summary>Each unit's cells other than its <c>total</c>.</summary>
    private static Dictionary<int, List<ReportedCell>> BreakdownsByUnit(Dictionary<(int Unit, CountItemType Method), ReportedCell> cells)
    {
        var byUnit = new Dictionary<int, List<ReportedCell>>();
        foreach (var ((unit, method), cell) in cells)
        {
            if (method != CountItemType.Total)
            {
                if (!byUnit.TryGetValue(unit, out var list))
                {
                    list = [];
                    byUnit[unit] = list;
                }

                list.Add(cell);
            }
        }

        return byUnit;
    }

    /// <summary>Applies the reports in order; returns, per contest position, the current cells keyed by (unit, method).</summary>
    private static Dictionary<int, Dictionary<(int Unit, CountItemType Method), ReportedCell>> Fold(
        ElectionIndex index, IEnumerable<ReportedResults> reports)
    {
        var current = new Dictionary<int, Dictionary<(int Unit, CountItemType Method), ReportedCell>>();
        foreach (var report in reports)
        {
            var touched = new Dictionary<(int Contest, int Unit, CountItemType Method), ReportedCell>();
            foreach (var count in report.Counts.IsDefault ? [] : report.Counts)
            {
                var contest = Contest(index, count.Contest);
                if (!index.TryGetSelection(contest, count.Selection, out var selection))
                {
                    throw new ArgumentException($"Reported count for unknown selection '{count.Selection}' of contest '{count.Contest}'.", nameof(reports));
                }

                ArgumentOutOfRangeException.ThrowIfNegative(count.Votes);
                var cell = Touch(index, touched, contest, Unit(index, count.Unit), count.Method);
                cell.Votes[selection] = count.Votes;
                cell.Present[selection] = true;
            }

            foreach (var counts in report.ContestCounts.IsDefault ? [] : report.ContestCounts)
            {
                var contest = Contest(index, counts.Contest);
                var cell = Touch(index, touched, contest, Unit(index, counts.Unit), counts.Method);
                // A report may give them in separate records (OpenElections has a row for each): one does not erase another.
                cell.BallotsCast = counts.BallotsCast ?? cell.BallotsCast;
                cell.Overvotes = counts.Overvotes ?? cell.Overvotes;
                cell.Undervotes = counts.Undervotes ?? cell.Undervotes;
            }

            foreach (var (key, cell) in touched)
            {
                if (!current.TryGetValue(key.Contest, out var cells))
                {
                    cells = [];
                    current[key.Contest] = cells;
                }

                cells[(key.Unit, key.Method)] = cell;
            }
        }

        return current;
    }

    private static ReportedCell Touch(
        ElectionIndex index,
        Dictionary<(int Contest, int Unit, CountItemType Method), ReportedCell> touched,
        int contest,
        int unit,
        CountItemType method)
    {
        if (!touched.TryGetValue((contest, unit, method), out var cell))
        {
            cell = new ReportedCell(index.Definition.Contests[contest].Selections.Length);
            touched[(contest, unit, method)] = cell;
        }

        return cell;
    }

    private static int Contest(ElectionIndex index, ContestId id) =>
        index.TryGetContest(id, out int c) ? c : throw new ArgumentException($"Reported results name unknown contest '{id}'.");

    private static int Unit(ElectionIndex index, GpUnitId id) =>
        index.TryGetUnit(id, out int u) ? u : throw new ArgumentException($"Reported results name unknown unit '{id}'.");

    private static ContestResult TabulateContest(
        ElectionIndex index,
        int c,
        ImmutableArray<UnitCounts> cvrCells,
        Dictionary<(int Unit, CountItemType Method), ReportedCell>? reported)
    {
        var definition = index.Definition;
        var contest = definition.Contests[c];
        var cells = new List<UnitCounts>(cvrCells.Length + (reported?.Count ?? 0));
        cells.AddRange(cvrCells);
        List<CountDisagreement>? ignored = null;
        if (reported is { Count: > 0 })
        {
            ignored = AddReported(index, contest, cvrCells, reported, cells);
        }

        cells.Sort(UnitCountsOrder.Instance);
        var votes = new long[contest.Selections.Length];
        foreach (var cell in cells)
        {
            for (var s = 0; s < votes.Length; s++)
            {
                votes[s] = checked(votes[s] + cell.Votes[s]);
            }
        }

        var (ballots, overvotes, undervotes) = Known(cells);

        // A count that leaves out a reported total does not add up: it names no winner until the totals agree.
        var (winners, tie, passed) = ignored is { Count: > 0 } ? ([], false, null) : ContestDecision.Decide(contest, votes);
        return new ContestResult(contest.Id, [.. votes], ballots, overvotes, undervotes, [.. cells], winners, tie, passed,
            IgnoredRollUps: ignored is null ? [] : [.. ignored]);
    }

    /// <summary>Ballots cast, overvotes and undervotes of <paramref name="cells"/>, each null unless every unit among them
    /// knows it (0 for no cells). A unit's reported <c>total</c> cell next to its breakdown by vote method carries the
    /// counts the breakdown does not know (NIST's <c>OtherCounts</c> are per unit, not per vote method) and stands for
    /// them.</summary>
    /// <param name="cells">Cells of one contest: all of them, or a row of a breakdown.</param>
    /// <returns>The three counts.</returns>
    public static (long? BallotsCast, long? Overvotes, long? Undervotes) Known(IEnumerable<UnitCounts> cells)
    {
        long? ballots = 0;
        long? overvotes = 0;
        long? undervotes = 0;
        foreach (var unitCells in cells.GroupBy(cell => cell.Unit))
        {
            var total = unitCells.FirstOrDefault(cell => cell.Method == CountItemType.Total && cell.Source == CountSource.ReportedResults);
            var rest = unitCells.Where(cell => !ReferenceEquals(cell, total)).ToList();
            ballots = checked(ballots + UnitCount(total?.BallotsCast, rest, cell => cell.BallotsCast));
            overvotes = checked(overvotes + UnitCount(total?.Overvotes, rest, cell => cell.Overvotes));
            undervotes = checked(undervotes + UnitCount(total?.Undervotes, rest, cell => cell.Undervotes));
        }

        return (ballots, overvotes, undervotes);
    }

    /// <summary>A unit's count: its total cell's, else the sum of its other cells when every one knows it.</summary>
    private static long? UnitCount(long? total, List<UnitCounts> rest, Func<UnitCounts, long?> count)
    {
        if (total is not null)
        {
            return total;
        }

        long? sum = 0;
        foreach (var cell in rest)
        {
            sum = checked(sum + count(cell));
        }

        return rest.Count == 0 ? null : sum;
    }

    private static List<CountDisagreement>? AddReported(
        ElectionIndex index,
        Contest contest,
        ImmutableArray<UnitCounts> cvrCells,
        Dictionary<(int Unit, CountItemType Method), ReportedCell> reported,
        List<UnitCounts> cells)
    {
        var units = index.Definition.GpUnits;

        // Never double count: a county (or unit) comes from CVRs or from reports, not both.
        var cvrCounties = new HashSet<GpUnitId>();
        var counted = new HashSet<int>();
        var direct = new Dictionary<int, List<UnitCounts>>();
        foreach (var cell in cvrCells)
        {
            cvrCounties.Add(cell.County);
            index.TryGetUnit(cell.Unit, out int u);
            counted.Add(u);
            CellsOf(direct, u).Add(cell);
        }

        foreach (var (unit, _) in reported.Keys)
        {
            var county = units[index.CountyOf(unit)].Id;
            if (cvrCounties.Contains(county) || counted.Contains(unit))
            {
                throw new InvalidOperationException(
                    $"Contest '{contest.Id}' has counts for county '{county}' (unit '{units[unit].Id}') both from cast vote records and from reported results; import must accept only one source per county.");
            }
        }

        foreach (var (unit, _) in reported.Keys)
        {
            counted.Add(unit);
        }

        // Published roll-ups: a unit that contains another unit with counts in this contest counts only its remainder.
        var rollUps = new HashSet<int>();
        foreach (var (unit, _) in reported.Keys)
        {
            if (ContainsAnyOther(index, unit, counted))
            {
                rollUps.Add(unit);
            }
        }

        // Total or breakdown: per unit and selection, the breakdown wins.
        var covered = new Dictionary<int, bool[]>();
        var present = new Dictionary<int, bool[]>();
        foreach (var ((unit, method), cell) in reported)
        {
            var any = MaskOf(present, unit, cell.Present.Length);
            for (var s = 0; s < any.Length; s++)
            {
                any[s] |= cell.Present[s];
            }

            if (method == CountItemType.Total)
            {
                continue;
            }

            var mask = MaskOf(covered, unit, cell.Present.Length);
            for (var s = 0; s < mask.Length; s++)
            {
                mask[s] |= cell.Present[s];
            }
        }

        var breakdowns = BreakdownsByUnit(reported);
        var resolved = new Dictionary<int, List<UnitCounts>>();
        foreach (var ((unit, method), cell) in reported)
        {
            var county = units[index.CountyOf(unit)].Id;
            if (method != CountItemType.Total || !covered.TryGetValue(unit, out var mask))
            {
                CellsOf(resolved, unit).Add(new UnitCounts(units[unit].Id, county, method, [.. cell.Votes], cell.BallotsCast, cell.Overvotes,
                    cell.Undervotes, CountSource.ReportedResults));
                continue;
            }

            // A total next to a breakdown: keep it only for selections the breakdown does not cover.
            var residual = new long[cell.Votes.Length];
            var any = false;
            for (var s = 0; s < residual.Length; s++)
            {
                if (cell.Present[s] && !mask[s])
                {
                    residual[s] = cell.Votes[s];
                    any = true;
                }
            }

            // The contest counts go with the total only when no cell of the breakdown knows them.
            var breakdown = breakdowns[unit];
            var ballots = breakdown.Any(b => b.BallotsCast is not null) ? null : cell.BallotsCast;
            var over = breakdown.Any(b => b.Overvotes is not null) ? null : cell.Overvotes;
            var under = breakdown.Any(b => b.Undervotes is not null) ? null : cell.Undervotes;
            if (any || ballots is not null || over is not null || under is not null)
            {
                CellsOf(resolved, unit).Add(new UnitCounts(units[unit].Id, county, method, [.. residual], ballots, over, under, CountSource.ReportedResults));
            }
        }

        foreach (var (unit, list) in resolved)
        {
            if (!rollUps.Contains(unit))
            {
                cells.AddRange(list);
                direct[unit] = list;
            }
        }

        if (rollUps.Count == 0)
        {
            return null;
        }

        // Innermost first: a unit strictly inside another has fewer descendants, so an inner roll-up's remainder is known
        // before the outer one subtracts it.
        List<CountDisagreement>? ignored = null;
        foreach (var unit in rollUps.OrderBy(u => index.Inside(u).Count).ThenBy(u => u))
        {
            var parts = new List<UnitCounts>();
            foreach (var inside in index.Inside(unit))
            {
                if (inside != unit && direct.TryGetValue(inside, out var list))
                {
                    parts.AddRange(list);
                }
            }

            var own = resolved.GetValueOrDefault(unit, []);
            var (remainder, shortfall) = Remainder(contest, units[unit].Id, units[index.CountyOf(unit)].Id, own, present[unit], parts);
            if (shortfall is not null)
            {
                (ignored ??= []).Add(shortfall);
                direct[unit] = [];
                continue;
            }

            cells.AddRange(remainder!);
            direct[unit] = remainder!;
        }

        return ignored;
    }

    private static List<UnitCounts> CellsOf(Dictionary<int, List<UnitCounts>> byUnit, int unit)
    {
        if (!byUnit.TryGetValue(unit, out var list))
        {
            list = [];
            byUnit[unit] = list;
        }

        return list;
    }

    private static bool[] MaskOf(Dictionary<int, bool[]> masks, int unit, int length)
    {
        if (!masks.TryGetValue(unit, out var mask))
        {
            mask = new bool[length];
            masks[unit] = mask;
        }

        return mask;
    }

    /// <summary>What a roll-up adds to the units with counts inside it. Votes: per vote method when the roll-up has a
    /// breakdown and every part's method is in it (a part's votes by a method the roll-up does not have cannot be placed),
    /// otherwise as one <c>total</c>. Ballots cast, overvotes and undervotes (which have no method) for the unit as a whole,
    /// on the <c>total</c>: their remainder when both sides know them and the parts' do not exceed the roll-up's, else
    /// unknown. Null cells and the disagreement when the parts have more votes for a selection the roll-up reports, in
    /// any of its methods.</summary>
    private static (List<UnitCounts>? Cells, CountDisagreement? Shortfall) Remainder(
        Contest contest, GpUnitId unit, GpUnitId county, List<UnitCounts> own, bool[] present, List<UnitCounts> parts)
    {
        // A total of no votes beside a breakdown only carries counts (an "Over Votes" row): it decides no method.
        var ownVotes = own.Where(c => !CarriesCountsOnly(c, own)).ToList();
        var partVotes = parts.Where(c => !CarriesCountsOnly(c, parts)).ToList();
        var methods = ownVotes.Select(c => c.Method).Distinct().ToList();
        var byMethod = methods.Count > 0 && !methods.Contains(CountItemType.Total) && partVotes.All(p => methods.Contains(p.Method));
        var cells = new List<UnitCounts>();
        foreach (var method in byMethod ? methods : [CountItemType.Total])
        {
            var (votes, shortfall) = VoteRemainder(contest, unit, present,
                byMethod ? [.. ownVotes.Where(c => c.Method == method)] : ownVotes,
                byMethod ? [.. partVotes.Where(c => c.Method == method)] : partVotes,
                byMethod ? method : null);
            if (shortfall is not null)
            {
                return (null, shortfall);
            }

            if (votes!.Any(v => v > 0))
            {
                cells.Add(new UnitCounts(unit, county, method, [.. votes!], null, null, null, CountSource.ReportedResults));
            }
        }

        var (ownBallots, ownOver, ownUnder) = Known(own);
        var (partBallots, partOver, partUnder) = Known(parts);
        var ballots = CountRemainder(ownBallots, partBallots);
        var over = CountRemainder(ownOver, partOver);
        var under = CountRemainder(ownUnder, partUnder);
        // Known counts go with the remainder's votes (0 included: the unit's row then knows them); alone, only when some.
        if ((cells.Count > 0 && (ballots is not null || over is not null || under is not null)) || ballots > 0 || over > 0 || under > 0)
        {
            var total = cells.FindIndex(c => c.Method == CountItemType.Total);
            if (total >= 0)
            {
                cells[total] = cells[total] with { BallotsCast = ballots, Overvotes = over, Undervotes = under };
            }
            else
            {
                cells.Add(new UnitCounts(unit, county, CountItemType.Total, [.. new long[present.Length]], ballots, over, under, CountSource.ReportedResults));
            }
        }

        return (cells, null);
    }

    /// <summary>A <c>total</c> with no votes beside cells of the same unit by vote method: it carries only the unit's
    /// ballots cast, overvotes or undervotes.</summary>
    private static bool CarriesCountsOnly(UnitCounts cell, List<UnitCounts> cells) =>
        cell.Method == CountItemType.Total && cell.Votes.All(v => v == 0)
        && cells.Exists(c => c.Unit == cell.Unit && c.Method != CountItemType.Total);

    /// <summary>A count's remainder when the roll-up and its parts both know it and the parts' does not exceed the
    /// roll-up's (ballots cast, overvotes and undervotes are not always defined alike by every source); otherwise
    /// unknown.</summary>
    private static long? CountRemainder(long? whole, long? inside) =>
        whole is { } w && inside is { } i && i <= w ? w - i : null;

    private static (long[]? Votes, CountDisagreement? Shortfall) VoteRemainder(
        Contest contest, GpUnitId unit, bool[] present, List<UnitCounts> own, List<UnitCounts> parts, CountItemType? method)
    {
        var votes = new long[present.Length];
        for (var s = 0; s < votes.Length; s++)
        {
            if (!present[s])
            {
                continue;
            }

            long whole = 0;
            long inside = 0;
            foreach (var cell in own)
            {
                whole = checked(whole + cell.Votes[s]);
            }

            foreach (var cell in parts)
            {
                inside = checked(inside + cell.Votes[s]);
            }

            if (inside > whole)
            {
                var how = method is { } m ? " " + m.ToNistName() : "";
                return (null, new CountDisagreement(contest.Id, unit, contest.Selections[s].Id, string.Create(CultureInfo.InvariantCulture,
                    $"'{contest.Selections[s].Id}' of contest '{contest.Id}' in '{unit}': the reported{how} total is {whole} but the units with counts inside it add up to {inside}")));
            }

            votes[s] = whole - inside;
        }

        return (votes, null);
    }

    /// <summary>One reported (contest, unit, method) cell while reports are folded.</summary>
    private sealed class ReportedCell(int selections)
    {
        public long[] Votes { get; } = new long[selections];

        public bool[] Present { get; } = new bool[selections];

        public long? BallotsCast { get; set; }

        public long? Overvotes { get; set; }

        public long? Undervotes { get; set; }
    }

    /// <summary>True when some unit of <paramref name="units"/> other than <paramref name="unit"/> lies inside it
    /// (<see cref="ElectionIndex.Inside"/>).</summary>
    private static bool ContainsAnyOther(ElectionIndex index, int unit, HashSet<int> units)
    {
        var inside = index.Inside(unit);
        if (inside.Count <= 1)
        {
            return false;
        }

        if (inside.Count < units.Count)
        {
            foreach (var u in inside)
            {
                if (u != unit && units.Contains(u))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var u in units)
        {
            if (u != unit && inside.Contains(u))
            {
                return true;
            }
        }

        return false;
    }
}
