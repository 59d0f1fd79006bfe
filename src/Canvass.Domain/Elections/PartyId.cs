namespace Canvass.Domain.Elections;

/// <summary>The identifier of a party, as written in the election definition (a NIST NCName such as <c>ru-13121</c>).</summary>
/// <param name="Value">The identifier text; never empty.</param>
public readonly record struct PartyId(string Value) : IComparable<PartyId>, IStringId<PartyId>
{
    /// <inheritdoc />
    public int CompareTo(PartyId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public static PartyId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
