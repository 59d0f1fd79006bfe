using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Domain.Tabulation;

/// <summary>A compact, columnar, append-only store of the parts of many cast vote records that tabulation reads: the
/// reporting unit, the county, the vote method and the marks. <see cref="CvrTally.Add(BallotColumns)"/> tallies it in one
/// tight loop.</summary>
/// <remarks>
/// <para>Layout: one <c>int</c> reporting unit, one <c>int</c> county and one <c>byte</c> method per ballot, an <c>int</c>
/// offset per ballot into one shared <c>ushort</c> stream, and in that stream, for each contest on the ballot,
/// <c>contest, markCount, selection…</c> (for a ranked-choice contest, <c>selection, rank</c> pairs). Ten million ballots
/// with ten vote-for-one contests take about 75 bytes each, roughly 750 MB.</para>
/// <para>Ballot ids, batch ids and ballot styles are not kept: they do not change a count. Keep the
/// <see cref="CastVoteRecord"/>s (or their commitment) for audits.</para>
/// <para>Contest positions, selection positions, mark counts and ranks must each be below 65,536; the stream holds at most
/// <see cref="Array.MaxLength"/> entries (about 2.1 billion, some 200 million ten-contest ballots). <see cref="Add"/>
/// checks every position, so the tally loop can trust the stream.</para>
/// </remarks>
/// <threadsafety>Not thread-safe while ballots are added. Once filled, several threads may read it at once (for example
/// each tallying a range with <see cref="CvrTally.Add(BallotColumns, int, int)"/>).</threadsafety>
public sealed class BallotColumns
{
    private const int MaxField = ushort.MaxValue;

    private readonly bool[] _ranked;
    private readonly int[] _selectionCounts;
    private int[] _units;
    private int[] _counties;
    private byte[] _methods;
    private int[] _offsets;
    private ushort[] _data;
    private int _count;
    private int _dataLength;

    /// <summary>Creates an empty store for ballots of the election behind <paramref name="index"/>.</summary>
    /// <param name="index">The election the ballots belong to.</param>
    /// <param name="ballotCapacity">How many ballots to make room for up front (0 to grow as needed).</param>
    /// <param name="markCapacity">How many stream entries to make room for up front: per ballot, two per contest plus one
    /// per mark (two per ranked mark).</param>
    public BallotColumns(ElectionIndex index, int ballotCapacity = 0, int markCapacity = 0)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfNegative(ballotCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(markCapacity);
        Index = index;
        var contests = index.Definition.Contests;
        _ranked = new bool[contests.Length];
        _selectionCounts = new int[contests.Length];
        for (var c = 0; c < contests.Length; c++)
        {
            _ranked[c] = contests[c].VoteVariation == VoteVariation.Rcv;
            _selectionCounts[c] = contests[c].Selections.Length;
        }

        _units = new int[ballotCapacity];
        _counties = new int[ballotCapacity];
        _methods = new byte[ballotCapacity];
        _offsets = new int[checked(ballotCapacity + 1)];
        _data = new ushort[markCapacity];
    }

    /// <summary>The election the ballots belong to.</summary>
    public ElectionIndex Index { get; }

    /// <summary>How many ballots have been added.</summary>
    public int Count => _count;

    /// <summary>Bytes held by the columns' arrays (their capacity, not only the part in use).</summary>
    public long AllocatedBytes =>
        ((long)_units.Length * sizeof(int)) + ((long)_counties.Length * sizeof(int)) + _methods.Length +
        ((long)_offsets.Length * sizeof(int)) + ((long)_data.Length * sizeof(ushort));

    /// <summary>The reporting unit of each ballot (<see cref="CastVoteRecord.ReportingUnit"/>), by ballot.</summary>
    public ReadOnlySpan<int> UnitColumn => _units.AsSpan(0, _count);

    /// <summary>The county of each ballot, by ballot.</summary>
    public ReadOnlySpan<int> CountyColumn => _counties.AsSpan(0, _count);

    /// <summary>The vote method of each ballot (a <see cref="CountItemType"/> value), by ballot.</summary>
    public ReadOnlySpan<byte> MethodColumn => _methods.AsSpan(0, _count);

    /// <summary>Where each ballot starts in <see cref="MarkStream"/>: ballot <c>b</c> occupies
    /// <c>[OffsetColumn[b], OffsetColumn[b + 1])</c>; <see cref="Count"/> + 1 entries.</summary>
    public ReadOnlySpan<int> OffsetColumn => _offsets.AsSpan(0, _count + 1);

    /// <summary>The marks of every ballot: per contest on the ballot, <c>contest, markCount</c>, then the selections (for a
    /// ranked-choice contest, <c>selection, rank</c> pairs).</summary>
    public ReadOnlySpan<ushort> MarkStream => _data.AsSpan(0, _dataLength);

    internal int[] Units => _units;

    internal int[] Counties => _counties;

    internal byte[] Methods => _methods;

    internal int[] Offsets => _offsets;

    internal ushort[] Data => _data;

    internal bool[] Ranked => _ranked;

    /// <summary>Appends one ballot.</summary>
    /// <param name="ballot">A ballot resolved against <see cref="Index"/>'s election.</param>
    /// <exception cref="ArgumentException">A position is outside the election or does not fit the compact form.</exception>
    public void Add(CastVoteRecord ballot)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        var unitCount = Index.Definition.GpUnits.Length;
        var unit = ballot.ReportingUnit;
        if ((uint)unit >= (uint)unitCount || (uint)ballot.County >= (uint)unitCount)
        {
            throw new ArgumentException($"Ballot {ballot.BallotId}: unit or county position is outside the election.", nameof(ballot));
        }

        if ((uint)ballot.VoteMethod > (uint)CountItemType.Other)
        {
            throw new ArgumentException($"Ballot {ballot.BallotId}: unknown vote method {ballot.VoteMethod}.", nameof(ballot));
        }

        // Validate everything and measure before writing anything, so a bad ballot leaves the store unchanged.
        var needed = 0;
        for (var i = 0; i < ballot.Contests.Length; i++)
        {
            var cm = ballot.Contests[i];
            if ((uint)cm.Contest >= (uint)_ranked.Length || cm.Contest > MaxField || cm.Marks.Length > MaxField)
            {
                throw new ArgumentException($"Ballot {ballot.BallotId}: contest position {cm.Contest} is outside the election or has too many marks.", nameof(ballot));
            }

            var ranked = _ranked[cm.Contest];
            foreach (var mark in cm.Marks)
            {
                if ((uint)mark.Selection >= (uint)_selectionCounts[cm.Contest] || (ranked && (uint)mark.Rank > MaxField))
                {
                    throw new ArgumentException($"Ballot {ballot.BallotId}: mark {mark} is outside contest position {cm.Contest}.", nameof(ballot));
                }
            }

            needed = checked(needed + 2 + (cm.Marks.Length * (ranked ? 2 : 1)));
        }

        EnsureBallotCapacity();
        EnsureDataCapacity(needed);
        var p = _dataLength;
        for (var i = 0; i < ballot.Contests.Length; i++)
        {
            var cm = ballot.Contests[i];
            var ranked = _ranked[cm.Contest];
            _data[p++] = (ushort)cm.Contest;
            _data[p++] = (ushort)cm.Marks.Length;
            foreach (var mark in cm.Marks)
            {
                _data[p++] = (ushort)mark.Selection;
                if (ranked)
                {
                    _data[p++] = (ushort)mark.Rank;
                }
            }
        }

        _units[_count] = unit;
        _counties[_count] = ballot.County;
        _methods[_count] = (byte)ballot.VoteMethod;
        _dataLength = p;
        _count++;
        _offsets[_count] = p;
    }

    /// <summary>Shrinks every array to the part in use, for example after the last ballot of an import.</summary>
    public void TrimExcess()
    {
        Array.Resize(ref _units, _count);
        Array.Resize(ref _counties, _count);
        Array.Resize(ref _methods, _count);
        Array.Resize(ref _offsets, _count + 1);
        Array.Resize(ref _data, _dataLength);
    }

    private void EnsureBallotCapacity()
    {
        if (_count < _units.Length)
        {
            return;
        }

        var size = (int)Math.Min(Array.MaxLength - 1L, Math.Max(1024L, _units.Length * 2L));
        if (size <= _count)
        {
            throw new InvalidOperationException("BallotColumns is full.");
        }

        Array.Resize(ref _units, size);
        Array.Resize(ref _counties, size);
        Array.Resize(ref _methods, size);
        Array.Resize(ref _offsets, size + 1);
    }

    private void EnsureDataCapacity(int needed)
    {
        var required = (long)_dataLength + needed;
        if (required <= _data.Length)
        {
            return;
        }

        if (required > Array.MaxLength)
        {
            throw new InvalidOperationException("BallotColumns is full: the mark stream would exceed Array.MaxLength entries.");
        }

        var size = Math.Min(Array.MaxLength, Math.Max(required, Math.Max(4096L, _data.Length * 2L)));
        Array.Resize(ref _data, (int)size);
    }
}
