namespace Canvass.Domain.Tabulation;

/// <summary>Orders cells by county id, unit id (ordinal) and vote method (enum order), the order of
/// <see cref="ContestResult.Units"/>.</summary>
internal sealed class UnitCountsOrder : IComparer<UnitCounts>
{
    public static UnitCountsOrder Instance { get; } = new();

    public int Compare(UnitCounts? x, UnitCounts? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var c = x.County.CompareTo(y.County);
        if (c != 0)
        {
            return c;
        }

        c = x.Unit.CompareTo(y.Unit);
        return c != 0 ? c : ((int)x.Method).CompareTo((int)y.Method);
    }
}
