using System.Collections.Immutable;

namespace Canvass.Domain.Finality;

/// <summary>The value of part of a policy, with the reasons and log positions of the facts it rests on.</summary>
internal sealed record Verdict(bool Value, ImmutableArray<string> Reasons, ImmutableArray<long> Positions)
{
    public Verdict With(Verdict other, bool value) => new(value, Reasons.AddRange(other.Reasons), Positions.AddRange(other.Positions));
}
