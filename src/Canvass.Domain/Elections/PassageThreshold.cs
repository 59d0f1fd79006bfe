namespace Canvass.Domain.Elections;

/// <summary>The share of the votes a ballot-measure selection needs to pass: strictly more than
/// <see cref="Numerator"/>/<see cref="Denominator"/> (simple majority, 1/2) or at least that share (supermajority, for
/// example 2/3), as <see cref="Inclusive"/> says.</summary>
/// <param name="Numerator">Numerator of the share; at least 1.</param>
/// <param name="Denominator">Denominator of the share; greater than the numerator.</param>
/// <param name="Inclusive">True when reaching the share exactly is enough (supermajorities: "at least two-thirds");
/// false when the share must be exceeded (simple majority: "more than half").</param>
/// <remarks>Exact integer arithmetic: a measure with <c>yes</c> votes passes when
/// <c>yes * Denominator &gt; (yes + no) * Numerator</c> (or <c>&gt;=</c> when inclusive).</remarks>
public sealed record PassageThreshold(int Numerator, int Denominator, bool Inclusive)
{
    /// <summary>More than half.</summary>
    public static PassageThreshold SimpleMajority { get; } = new(1, 2, false);

    /// <summary>At least two-thirds.</summary>
    public static PassageThreshold TwoThirds { get; } = new(2, 3, true);

    /// <summary>At least three-fifths.</summary>
    public static PassageThreshold ThreeFifths { get; } = new(3, 5, true);

    /// <summary>True when <paramref name="votesFor"/> out of <paramref name="votesCast"/> meets this threshold.</summary>
    public bool IsMet(long votesFor, long votesCast)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(votesFor);
        ArgumentOutOfRangeException.ThrowIfLessThan(votesCast, votesFor);
        if (votesCast == 0)
        {
            return false;
        }

        var lhs = checked((Int128)votesFor * Denominator);
        var rhs = checked((Int128)votesCast * Numerator);
        return Inclusive ? lhs >= rhs : lhs > rhs;
    }

    /// <summary>The text written to NIST <c>PassageThreshold</c>, for example <c>more than 1/2</c> or <c>at least 2/3</c>.</summary>
    public override string ToString() => (Inclusive ? "at least " : "more than ") + Numerator + "/" + Denominator;
}
