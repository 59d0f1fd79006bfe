namespace Canvass.Domain.Elections;

/// <summary>The identifier of a contest selection (a candidate line, a ballot-measure answer, a party line), as written in the election definition (a NIST NCName such as <c>ru-13121</c>).</summary>
/// <param name="Value">The identifier text; never empty.</param>
public readonly record struct SelectionId(string Value) : IComparable<SelectionId>, IStringId<SelectionId>
{
    /// <inheritdoc />
    public int CompareTo(SelectionId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public static SelectionId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
