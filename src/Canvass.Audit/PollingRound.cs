namespace Canvass.Audit;

/// <summary>One completed round of a ballot-polling audit, for one contest.</summary>
/// <param name="Size">Ballots drawn in this round (draws, not cumulative).</param>
/// <param name="Votes">Candidate → votes the audit boards recorded in this round.</param>
/// <param name="NotFound">Drawn ballots that could not be found; each counts as a vote for every loser.</param>
public sealed record PollingRound(long Size, IReadOnlyDictionary<string, long> Votes, long NotFound = 0);
