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

    public static bool IsCounty(GpUnit unit) =>
        string.Equals(unit.Type, "county", StringComparison.OrdinalIgnoreCase)
        || (string.Equals(unit.Type, "other", StringComparison.OrdinalIgnoreCase)
            && string.Equals(unit.OtherType, "county", StringComparison.OrdinalIgnoreCase));

    /// <summary>The unit itself when it is a county, else its nearest county ancestor (fewest composing steps; ties go to
    /// the first in definition order), else the election scope.</summary>
    public int CountyOf(int unit) => _countyOf[unit];

    private int[] ComputeCounties(ElectionDefinition d)
    {
        var parents = new List<int>[d.GpUnits.Length];
        for (var i = 0; i < parents.Length; i++)
        {
            parents[i] = [];
        }

        for (var p = 0; p < d.GpUnits.Length; p++)
        {
            foreach (var child in d.GpUnits[p].ComposingUnits)
            {
                if (Units.TryGet(child.Value, out var c))
                {
                    parents[c].Add(p);
                }
            }
        }

        var result = new int[d.GpUnits.Length];
        for (var u = 0; u < result.Length; u++)
        {
            result[u] = Scope;
            var seen = new HashSet<int> { u };
            var queue = new Queue<int>();
            queue.Enqueue(u);
            while (queue.Count > 0)
            {
                var x = queue.Dequeue();
                if (IsCounty(d.GpUnits[x]))
                {
                    result[u] = x;
                    break;
                }

                foreach (var p in parents[x])
                {
                    if (seen.Add(p))
                    {
                        queue.Enqueue(p);
                    }
                }
            }
        }

        return result;
    }
}
