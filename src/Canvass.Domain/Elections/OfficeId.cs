namespace Canvass.Domain.Elections;

/// <summary>The identifier of an office, as written in the election definition (a NIST NCName such as <c>ru-13121</c>).</summary>
/// <param name="Value">The identifier text; never empty.</param>
public readonly record struct OfficeId(string Value) : IComparable<OfficeId>, IStringId<OfficeId>
{
    /// <inheritdoc />
    public int CompareTo(OfficeId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public static OfficeId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
