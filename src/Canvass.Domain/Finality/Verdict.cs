using System.Collections.Immutable;

namespace Canvass.Domain.Finality;

/// <summary>The value of part of a policy, with the reasons and log positions of the facts it rests on.</summary>
internal sealed record Verdict(bool Value, ImmutableArray<string> Reasons, ImmutableArray<long> Positions)
{
    public Verdict With(Verdict other, bool value) => new(value, Reasons.AddRange(other.Reasons), Positions.AddRange(other.Positions));

    /// <summary>
    /// Joins this left-hand verdict of an <c>and</c> (<paramref name="decisive"/> false) or an <c>or</c> (true) with the
    /// right-hand one: when they agree, one verdict with the reasons and positions of both; otherwise the one whose value decides.
    /// </summary>
    public Verdict Join(Verdict right, bool decisive) =>
        Value == right.Value ? With(right, Value)
        : Value == decisive ? this : right;
}
