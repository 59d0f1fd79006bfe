namespace Canvass.Domain.Elections;

/// <summary>The identifier of a person, as written in the election definition (a NIST NCName such as <c>ru-13121</c>).</summary>
/// <param name="Value">The identifier text; never empty.</param>
public readonly record struct PersonId(string Value) : IComparable<PersonId>, IStringId<PersonId>
{
    /// <inheritdoc />
    public int CompareTo(PersonId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public static PersonId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
