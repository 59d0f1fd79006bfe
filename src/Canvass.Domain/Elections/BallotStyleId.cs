namespace Canvass.Domain.Elections;

/// <summary>The identifier of a ballot style, as written in the election definition (a NIST NCName such as <c>ru-13121</c>).</summary>
/// <param name="Value">The identifier text; never empty.</param>
public readonly record struct BallotStyleId(string Value) : IComparable<BallotStyleId>, IStringId<BallotStyleId>
{
    /// <inheritdoc />
    public int CompareTo(BallotStyleId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public static BallotStyleId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
