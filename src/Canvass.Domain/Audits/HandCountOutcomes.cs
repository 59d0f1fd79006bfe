namespace Canvass.Domain.Audits;

/// <summary>What a full hand tally concludes about a contest's reported outcome. The hand count is the result: nothing
/// here is a measured risk.</summary>
public static class HandCountOutcomes
{
    /// <summary>The hand count's winners are the reported winners: the reported outcome stands.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The hand count's winners differ from the reported winners (or the count reported a tie the paper does not
    /// show): the reported outcome is wrong, and the hand count's winners are the outcome.</summary>
    public const string Incorrect = "incorrect";

    /// <summary>The hand count is tied for the last winning place: the law, not the audit, settles it.</summary>
    public const string Tie = "tie";

    /// <summary>The ballots the hand count could not count (not found, or with no reading of the contest) are at least
    /// its margin: the paper that was counted cannot decide the outcome.</summary>
    public const string Undecided = "undecided";
}
