using System.Collections.Immutable;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Domain.Tabulation;

/// <summary>A mutable accumulator of cast vote records: per contest, per reporting unit and per vote method, the votes
/// for each selection, the ballots that carried the contest, the overvotes and the undervotes.</summary>
/// <remarks>
/// <para>Counting rules (NIST SP 1500-103: votes + overvotes + undervotes = votes allowed, per contest per ballot): a
/// contest with more marks than <see cref="Contest.VotesAllowed"/> is overvoted and adds <c>VotesAllowed</c> overvotes and
/// no votes; otherwise each mark adds one vote to its selection and the contest adds <c>VotesAllowed − marks</c>
/// undervotes. Each contest on the ballot adds one to that cell's ballots cast, blank or not. (A contest whose
/// <c>VotesAllowed</c> is below 1, which a validated definition does not have, is counted as vote-for-one.)</para>
/// <para>Ranked-choice contests (<see cref="VoteVariation.Rcv"/>) are counted here by first choices only, as a vote-for-one
/// contest: the rank-1 mark is the vote, two or more rank-1 marks are one overvote, no rank-1 mark is one undervote.
/// The elimination rounds are tabulated elsewhere from the ballots themselves.</para>
/// <para>A cell is (contest, reporting unit = <see cref="CastVoteRecord.ReportingUnit"/>, vote method); it records its
/// county (<see cref="CastVoteRecord.County"/>). A reporting unit lies in one county: a ballot that names another county
/// for a unit already seen is rejected.</para>
/// <para>Counts are <c>long</c> and use checked arithmetic. Positions are trusted as far as array bounds go: the tally
/// rejects positions outside the election but does not check ballot styles or districts (the CVR readers do).</para>
/// </remarks>
/// <threadsafety>Not thread-safe. To use several threads, give each its own tally (for example over a range of a
/// <see cref="BallotColumns"/>) and combine them with <see cref="Merge"/>.</threadsafety>
public sealed class CvrTally
{
    /// <summary>The number of <see cref="CountItemType"/> values; a group key is <c>unit * MethodCount + method</c>.</summary>
    private const int MethodCount = (int)CountItemType.Other + 1;

    /// <summary>Offsets inside a row: overvotes, undervotes, then one column per selection. Ballots cast are not stored:
    /// every contest on a ballot adds exactly its votes allowed to votes + overvotes + undervotes, so ballots cast is that
    /// sum divided by the votes allowed, which saves a write per contest per ballot.</summary>
    private const int OvervotesColumn = 0;
    private const int UndervotesColumn = 1;
    private const int FirstSelectionColumn = 2;

    private readonly ContestCells[] _contests;
    private readonly int _unitCount;

    // Dense (unit, method) -> group; -1 when the group does not exist yet.
    private readonly int[] _groupOf;
    private int[] _groupUnit = new int[64];
    private int[] _groupCounty = new int[64];
    private byte[] _groupMethod = new byte[64];
    private int _groupCount;
    private long _ballotCount;

    // Every row of every contest, in first-touch order: the rows a group's first ballot creates sit side by side, so the
    // later ballots of that group touch one small block instead of one scattered row per contest.
    private long[] _pool = new long[1024];
    private int _poolLength;

    /// <summary>Creates an empty tally for the election behind <paramref name="index"/>.</summary>
    public CvrTally(ElectionIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        Index = index;
        var contests = index.Definition.Contests;
        _contests = new ContestCells[contests.Length];
        for (var c = 0; c < contests.Length; c++)
        {
            var contest = contests[c];
            var ranked = contest.VoteVariation == VoteVariation.Rcv;
            _contests[c] = new ContestCells
            {
                Width = FirstSelectionColumn + contest.Selections.Length,
                Allowed = ranked ? 1 : Math.Max(1, contest.VotesAllowed),
                Ranked = ranked,
                SelectionCount = contest.Selections.Length,
                RowOf = [],
            };
        }

        _unitCount = index.Definition.GpUnits.Length;
        _groupOf = new int[checked(_unitCount * MethodCount)];
        Array.Fill(_groupOf, -1);
    }

    /// <summary>The election the ballots belong to.</summary>
    public ElectionIndex Index { get; }

    /// <summary>How many ballots have been added (each ballot once, whatever the number of its contests).</summary>
    public long BallotCount => _ballotCount;

    /// <summary>Adds one ballot.</summary>
    /// <param name="ballot">A ballot resolved against <see cref="Index"/>'s election.</param>
    /// <exception cref="ArgumentException">A position lies outside the election, or the ballot's unit was seen before in
    /// another county. The tally is unchanged.</exception>
    public void Add(CastVoteRecord ballot)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        for (var i = 0; i < ballot.Contests.Length; i++)
        {
            var cm = ballot.Contests[i];
            if ((uint)cm.Contest >= (uint)_contests.Length)
            {
                throw new ArgumentException($"Ballot {ballot.BallotId}: contest position {cm.Contest} is outside the election.", nameof(ballot));
            }

            var selections = _contests[cm.Contest].SelectionCount;
            foreach (var mark in cm.Marks)
            {
                if ((uint)mark.Selection >= (uint)selections)
                {
                    throw new ArgumentException($"Ballot {ballot.BallotId}: selection position {mark.Selection} is outside contest position {cm.Contest}.", nameof(ballot));
                }
            }
        }

        var g = Group(ballot.ReportingUnit, ballot.County, (int)ballot.VoteMethod);
        for (var i = 0; i < ballot.Contests.Length; i++)
        {
            var cm = ballot.Contests[i];
            ref var cells = ref _contests[cm.Contest];
            var row = Row(ref cells, g);
            var counts = _pool;
            var marks = cm.Marks;
            if (cells.Ranked)
            {
                var first = -1;
                var firsts = 0;
                foreach (var mark in marks)
                {
                    if (mark.Rank == 1)
                    {
                        first = mark.Selection;
                        firsts++;
                    }
                }

                AddVoteForOne(counts, row, first, firsts);
                continue;
            }

            var allowed = cells.Allowed;
            if (marks.Length > allowed)
            {
                counts[row + OvervotesColumn] += allowed;
                continue;
            }

            foreach (var mark in marks)
            {
                counts[row + FirstSelectionColumn + mark.Selection]++;
            }

            counts[row + UndervotesColumn] += allowed - marks.Length;
        }

        _ballotCount++;
    }

    /// <summary>Adds every ballot of <paramref name="columns"/>.</summary>
    public void Add(BallotColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Add(columns, 0, columns.Count);
    }

    /// <summary>Adds the ballots <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 of
    /// <paramref name="columns"/>: the fast path, one tight loop over the columns' arrays.</summary>
    /// <exception cref="ArgumentException">The columns belong to another election, or a ballot's unit was seen before in
    /// another county (the ballots before it stay added).</exception>
    public void Add(BallotColumns columns, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (!ReferenceEquals(columns.Index.Definition, Index.Definition))
        {
            throw new ArgumentException("The ballot columns belong to another election definition.", nameof(columns));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, columns.Count - start);

        var units = columns.Units;
        var counties = columns.Counties;
        var methods = columns.Methods;
        var offsets = columns.Offsets;
        var data = columns.Data;
        var contests = _contests;
        var groupOf = _groupOf;
        var pool = _pool;
        var end = start + count;
        for (var b = start; b < end; b++)
        {
            var g = groupOf[(units[b] * MethodCount) + methods[b]];
            if (g < 0 || _groupCounty[g] != counties[b])
            {
                g = Group(units[b], counties[b], methods[b]);
            }

            var p = offsets[b];
            var stop = offsets[b + 1];
            while (p < stop)
            {
                var c = data[p];
                int n = data[p + 1];
                p += 2;
                ref var cells = ref contests[c];
                var rowOf = cells.RowOf;
                var row = (uint)g < (uint)rowOf.Length ? rowOf[g] - 1 : -1;
                if (row < 0)
                {
                    row = NewRow(ref cells, g);
                    pool = _pool; // the pool may have grown
                }

                var counts = pool;
                if (cells.Ranked)
                {
                    var first = -1;
                    var firsts = 0;
                    for (var k = 0; k < n; k++, p += 2)
                    {
                        if (data[p + 1] == 1)
                        {
                            first = data[p];
                            firsts++;
                        }
                    }

                    AddVoteForOne(counts, row, first, firsts);
                    continue;
                }

                var allowed = cells.Allowed;
                if (n > allowed)
                {
                    counts[row + OvervotesColumn] += allowed;
                    p += n;
                    continue;
                }

                var selectionBase = row + FirstSelectionColumn;
                for (var k = 0; k < n; k++)
                {
                    counts[selectionBase + data[p + k]]++;
                }

                p += n;
                if (n != allowed)
                {
                    counts[row + UndervotesColumn] += allowed - n;
                }
            }
        }

        _ballotCount += count;
    }

    /// <summary>Adds every count of <paramref name="other"/> to this tally; <paramref name="other"/> is unchanged.</summary>
    /// <remarks>Tallying ballots in chunks and merging gives the same counts as tallying them all in one tally.</remarks>
    /// <exception cref="ArgumentException"><paramref name="other"/> is for another election, or puts a unit in another
    /// county than this tally does.</exception>
    public void Merge(CvrTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other.Index.Definition, Index.Definition))
        {
            throw new ArgumentException("The other tally is for another election definition.", nameof(other));
        }

        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A tally cannot be merged into itself.", nameof(other));
        }

        // Check every county first so a failed merge leaves this tally unchanged.
        var map = new int[other._groupCount];
        for (var og = 0; og < other._groupCount; og++)
        {
            var g = _groupOf[(other._groupUnit[og] * MethodCount) + other._groupMethod[og]];
            if (g >= 0 && _groupCounty[g] != other._groupCounty[og])
            {
                throw CountyConflict(other._groupUnit[og], _groupCounty[g], other._groupCounty[og]);
            }
        }

        for (var og = 0; og < other._groupCount; og++)
        {
            map[og] = Group(other._groupUnit[og], other._groupCounty[og], other._groupMethod[og]);
        }

        for (var c = 0; c < _contests.Length; c++)
        {
            ref var theirs = ref other._contests[c];
            ref var mine = ref _contests[c];
            for (var og = 0; og < theirs.RowOf.Length; og++)
            {
                var theirRow = theirs.RowOf[og] - 1;
                if (theirRow < 0)
                {
                    continue;
                }

                var g = map[og];
                var row = (uint)g < (uint)mine.RowOf.Length ? mine.RowOf[g] - 1 : -1;
                if (row < 0)
                {
                    row = NewRow(ref mine, g);
                }

                for (var k = 0; k < mine.Width; k++)
                {
                    _pool[row + k] += other._pool[theirRow + k];
                }
            }
        }

        _ballotCount += other._ballotCount;
    }

    /// <summary>The cells of the contest at position <paramref name="contest"/>, ordered by county id, unit id and method
    /// (ordinal), each with every count known and <see cref="CountSource.CastVoteRecords"/> as its source.</summary>
    public ImmutableArray<UnitCounts> UnitCountsFor(int contest)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contest);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(contest, _contests.Length);
        ref var cells = ref _contests[contest];
        var units = Index.Definition.GpUnits;
        var result = ImmutableArray.CreateBuilder<UnitCounts>();
        for (var g = 0; g < cells.RowOf.Length; g++)
        {
            var row = cells.RowOf[g] - 1;
            if (row < 0)
            {
                continue;
            }

            var votes = ImmutableArray.Create(_pool, row + FirstSelectionColumn, cells.SelectionCount);
            long sum = 0;
            for (var k = 0; k < cells.Width; k++)
            {
                sum += _pool[row + k];
            }

            result.Add(new UnitCounts(
                units[_groupUnit[g]].Id,
                units[_groupCounty[g]].Id,
                (CountItemType)_groupMethod[g],
                votes,
                sum / cells.Allowed,
                _pool[row + OvervotesColumn],
                _pool[row + UndervotesColumn],
                CountSource.CastVoteRecords));
        }

        result.Sort(UnitCountsOrder.Instance);
        return result.ToImmutable();
    }

    private static void AddVoteForOne(long[] counts, int row, int first, int firsts)
    {
        if (firsts > 1)
        {
            counts[row + OvervotesColumn]++;
        }
        else if (firsts == 1)
        {
            counts[row + FirstSelectionColumn + first]++;
        }
        else
        {
            counts[row + UndervotesColumn]++;
        }
    }

    private static ArgumentException CountyConflict(int unit, int county, int otherCounty) =>
        new($"Reporting unit position {unit} appears in county position {county} and in county position {otherCounty}.");

    private int Group(int unit, int county, int method)
    {
        if ((uint)unit >= (uint)_unitCount || (uint)county >= (uint)_unitCount || (uint)method >= MethodCount)
        {
            throw new ArgumentException($"Unit {unit}, county {county} or method {method} is outside the election.");
        }

        var key = (unit * MethodCount) + method;
        var g = _groupOf[key];
        if (g >= 0)
        {
            if (_groupCounty[g] != county)
            {
                throw CountyConflict(unit, _groupCounty[g], county);
            }

            return g;
        }

        if (_groupCount == _groupUnit.Length)
        {
            var size = checked(_groupUnit.Length * 2);
            Array.Resize(ref _groupUnit, size);
            Array.Resize(ref _groupCounty, size);
            Array.Resize(ref _groupMethod, size);
        }

        g = _groupCount++;
        _groupUnit[g] = unit;
        _groupCounty[g] = county;
        _groupMethod[g] = (byte)method;
        _groupOf[key] = g;
        return g;
    }

    private int Row(ref ContestCells cells, int g)
    {
        var row = (uint)g < (uint)cells.RowOf.Length ? cells.RowOf[g] - 1 : -1;
        return row >= 0 ? row : NewRow(ref cells, g);
    }

    /// <summary>Adds a zeroed row for group <paramref name="g"/>; returns the index of its first count.</summary>
    private int NewRow(ref ContestCells cells, int g)
    {
        if (g >= cells.RowOf.Length)
        {
            Array.Resize(ref cells.RowOf, Math.Max(g + 1, Math.Max(16, _groupUnit.Length)));
        }

        var row = _poolLength;
        var end = checked(row + cells.Width);
        if (end > _pool.Length)
        {
            Array.Resize(ref _pool, (int)Math.Min(Array.MaxLength, Math.Max(end, _pool.Length * 2L)));
        }

        _poolLength = end;

        // RowOf holds row start + 1 so that a fresh (zeroed) array means "no row".
        cells.RowOf[g] = row + 1;
        return row;
    }

    /// <summary>One contest's layout: rows of <see cref="Width"/> counts in the shared pool; <see cref="RowOf"/> maps a
    /// group to its row's first index in the pool + 1 (0: none).</summary>
    private struct ContestCells
    {
        public int Width;
        public int Allowed;
        public bool Ranked;
        public int SelectionCount;
        public int[] RowOf;
    }
}
