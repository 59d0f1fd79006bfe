namespace Canvass.Domain.Audits;

/// <summary>How a full hand tally's paper fails to fit the ballots a batch's committed manifest gives it
/// (<see cref="BallotAccountingDiscrepancy.Kind"/>).</summary>
public static class BallotAccountingKinds
{
    /// <summary>The ballots the board counted differ from the manifest's: the tally sheet's <c>Ballots</c> column, or,
    /// entered ballot by ballot, ballots found beyond the batch's last manifest position.</summary>
    public const string Ballots = "ballots";

    /// <summary>A selection has more votes than the batch's manifest ballots: a ballot marks a selection at most once.</summary>
    public const string SelectionVotes = "selection-votes";

    /// <summary>A contest's votes add up to more than the batch's manifest ballots can hold (ballots × votes allowed).</summary>
    public const string ContestVotes = "contest-votes";
}
