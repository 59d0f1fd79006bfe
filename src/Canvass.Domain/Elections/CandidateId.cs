namespace Canvass.Domain.Elections;

/// <summary>The identifier of a candidate, as written in the election definition (a NIST NCName such as <c>ru-13121</c>).</summary>
/// <param name="Value">The identifier text; never empty.</param>
public readonly record struct CandidateId(string Value) : IComparable<CandidateId>, IStringId<CandidateId>
{
    /// <inheritdoc />
    public int CompareTo(CandidateId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public static CandidateId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
