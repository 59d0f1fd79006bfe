namespace Canvass.Domain.Finality;

/// <summary>One change of a policy's answer for one contest: it became final (<paramref name="Final"/> true) or stopped
/// being final.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Policy">The policy: a built-in name or the expression as given.</param>
/// <param name="Final">The new answer.</param>
/// <param name="At">When the answer changed: the time of the fact that changed it, or of a deadline that passed.</param>
/// <param name="Position">The log position of the fact that changed it (for a deadline, of the fact it counts from).</param>
/// <param name="Reasons">Why the answer is what it now is, one line per fact used.</param>
public sealed record FinalityFlip(string Contest, string Policy, bool Final, DateTimeOffset At, long Position, IReadOnlyList<string> Reasons);
