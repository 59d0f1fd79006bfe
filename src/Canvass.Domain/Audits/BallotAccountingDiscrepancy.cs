namespace Canvass.Domain.Audits;

/// <summary>A batch of a full hand tally whose paper, as the audit board entered it, does not fit the ballots the batch's
/// committed manifest gives it: the board found more (or fewer) ballots than the manifest says, or more votes than those
/// ballots can hold. The hand count records the paper as found; the discrepancy stands, and the audit cannot pass, until
/// the officials explain it (<see cref="Events.BallotAccountingExplained"/>).</summary>
/// <param name="Kind">One of <see cref="BallotAccountingKinds"/>.</param>
/// <param name="County">The county id.</param>
/// <param name="Tabulator">The batch's tabulator, when the manifest names one.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="ManifestBallots">The ballots the committed manifest gives the batch.</param>
/// <param name="Contest">The contest whose votes do not fit (null for <see cref="BallotAccountingKinds.Ballots"/>).</param>
/// <param name="Selection">The selection whose votes do not fit (only for <see cref="BallotAccountingKinds.SelectionVotes"/>).</param>
/// <param name="Shown">What the board entered: the ballots counted, the selection's votes, or the contest's votes in all.</param>
/// <param name="Allowed">What the manifest allows: exactly its ballots (<see cref="BallotAccountingKinds.Ballots"/>), at most
/// its ballots (<see cref="BallotAccountingKinds.SelectionVotes"/>), or at most its ballots times the contest's votes
/// allowed (<see cref="BallotAccountingKinds.ContestVotes"/>).</param>
public sealed record BallotAccountingDiscrepancy(
    string Kind,
    string County,
    string? Tabulator,
    string Batch,
    int ManifestBallots,
    string? Contest,
    string? Selection,
    long Shown,
    long Allowed);
