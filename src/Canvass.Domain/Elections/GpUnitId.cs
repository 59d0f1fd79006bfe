namespace Canvass.Domain.Elections;

/// <summary>The identifier of a geopolitical unit (state, county, precinct, district, vote centre, batch), as written in the election definition (a NIST NCName such as <c>ru-13121</c>).</summary>
/// <param name="Value">The identifier text; never empty.</param>
public readonly record struct GpUnitId(string Value) : IComparable<GpUnitId>, IStringId<GpUnitId>
{
    /// <inheritdoc />
    public int CompareTo(GpUnitId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public static GpUnitId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
