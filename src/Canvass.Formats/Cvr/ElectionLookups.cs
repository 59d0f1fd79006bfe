using Canvass.Domain.Elections;

namespace Canvass.Formats.Cvr;

/// <summary>Span-keyed lookups and the county of each unit, built once per read.</summary>
internal sealed class ElectionLookups
{
    private readonly int[] _countyOf;

    public ElectionLookups(ElectionIndex index)
    {
        Index = index;
        var d = index.Definition;
        Units = new SpanLookup(d.GpUnits.Select(u => u.Id.Value));
        Contests = new SpanLookup(d.Contests.Select(c => c.Id.Value));
        Styles = new SpanLookup(d.BallotStyles.Select(s => s.Id.Value));
        Selections = d.Contests.Select(c => new SpanLookup(c.Selections.Select(s => s.Id.Value))).ToArray();
        Scope = index.TryGetUnit(d.ElectionScopeId, out int scope) ? scope : -1;
        _countyOf = ComputeCounties(d);
    }

    public ElectionIndex Index { get; }

    public SpanLookup Units { get; }

    public SpanLookup Contests { get; }

    public SpanLookup Styles { get; }

    public SpanLookup[] Selections { get; }

    /// <summary>The election scope unit, or -1 when the definition does not contain it.</summary>
    public int Scope { get; }

    /// <summary>The county a ballot cast in the unit is counted under: <see cref="ElectionIndex.CountyOf(int)"/>, the one
    /// rule ballots and reported totals share; -1 when the unit has no county and the election scope is not a unit.</summary>
    public int CountyOf(int unit) => _countyOf[unit];

    private int[] ComputeCounties(ElectionDefinition d)
    {
        var result = new int[d.GpUnits.Length];
        for (var u = 0; u < result.Length; u++)
        {
            var county = Index.CountyOf(u);
            result[u] = ElectionIndex.IsCounty(d.GpUnits[county]) || county == Scope ? county : -1;
        }

        return result;
    }
}
