namespace Canvass.Domain.Audits;

/// <summary>What closing a round decides.</summary>
public static class RoundDecisions
{
    /// <summary>Every targeted contest met the risk limit: the audit is over and the reported outcomes stand.</summary>
    public const string Complete = "complete";

    /// <summary>Some targeted contest has not met the risk limit: draw another round.</summary>
    public const string NextRound = "next-round";

    /// <summary>Some targeted contest has not met the risk limit and its sample already covers every ballot of its frame:
    /// count it fully by hand.</summary>
    public const string FullHandCount = "full-hand-count";

    /// <summary>The round was a full hand tally of the targeted contest: the hand count is the result, and each contest's
    /// <see cref="ContestRoundOutcome.HandCount"/> says whether it confirmed the reported outcome. The audit is over.</summary>
    public const string FullHandCountComplete = "full-hand-count-complete";
}
