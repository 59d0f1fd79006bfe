using System.Collections.Immutable;

namespace Canvass.Domain.Finality;

/// <summary>A policy's answer for one contest at one moment.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Policy">The policy: a built-in name or the expression as given.</param>
/// <param name="Expression">The expression evaluated.</param>
/// <param name="At">The moment asked about.</param>
/// <param name="Final">The answer.</param>
/// <param name="Since">When the answer last changed to what it is, or null when it never changed (never final).</param>
/// <param name="Reasons">Why, one line per fact used.</param>
/// <param name="Positions">The log positions of the facts used, ascending.</param>
public sealed record FinalityAnswer(
    string Contest, string Policy, string Expression, DateTimeOffset At, bool Final, DateTimeOffset? Since, ImmutableArray<string> Reasons, ImmutableArray<long> Positions);
