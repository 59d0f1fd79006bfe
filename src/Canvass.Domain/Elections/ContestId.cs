namespace Canvass.Domain.Elections;

/// <summary>The identifier of a contest, as written in the election definition (a NIST NCName such as <c>ru-13121</c>).</summary>
/// <param name="Value">The identifier text; never empty.</param>
public readonly record struct ContestId(string Value) : IComparable<ContestId>, IStringId<ContestId>
{
    /// <inheritdoc />
    public int CompareTo(ContestId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public static ContestId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
