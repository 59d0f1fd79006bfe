using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>A contest's measurement at the end of a round, over every round's sample so far.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Targeted">Whether the contest is targeted.</param>
/// <param name="Draws">Draws measured so far (a ballot drawn twice counts twice).</param>
/// <param name="PValue">The measured risk: the largest p-value over winner–loser pairs, as the shortest text that
/// round-trips the double (the log's canonical JSON holds no fractions).</param>
/// <param name="RiskLimitMet">True when the measured risk is at or below the risk limit.</param>
/// <param name="SampleVotes">Votes seen on the paper per selection (ballot polling), counting each draw.</param>
/// <param name="Overstatements1">One-vote overstatements (ballot comparison), counting each draw.</param>
/// <param name="Overstatements2">Two-vote overstatements.</param>
/// <param name="Understatements1">One-vote understatements.</param>
/// <param name="Understatements2">Two-vote understatements.</param>
public sealed record ContestRoundOutcome(
    string Contest,
    bool Targeted,
    long Draws,
    string PValue,
    bool RiskLimitMet,
    ImmutableArray<ReportedChoice> SampleVotes,
    int Overstatements1,
    int Overstatements2,
    int Understatements1,
    int Understatements2)
{
    /// <summary>The contest's full hand tally, when this round counted every ballot (or batch) of its frame: then the
    /// hand count is the result, <see cref="SampleVotes"/> are its votes, <see cref="RiskLimitMet"/> is true only when it
    /// confirmed the reported outcome, and <see cref="PValue"/> is 0 then (Arlo's risk of a full hand tally) and 1
    /// otherwise. Null for a sampled round.</summary>
    public HandCount? HandCount { get; init; }
}
