namespace Canvass.Audit;

/// <summary>
/// A contest as a batch-comparison audit sees it: Arlo's contest plus the two batch-only settings.
/// </summary>
/// <param name="Contest">The contest's reported totals.</param>
/// <param name="PendingBallots">Ballots not yet tallied; worst-cased as votes for every loser (each pair's margin
/// shrinks by this many).</param>
/// <param name="IsSubjectToRunoff">Majority-or-runoff law: the audit also checks the reported majority (leader vs
/// everyone else), or, with no majority, that both of the top two are under half and the runner-up beats the rest.</param>
public sealed record BatchComparisonContest(ArloContest Contest, long PendingBallots = 0, bool IsSubjectToRunoff = false);
