namespace Canvass.Audit;

/// <summary>One batch's reported tally for one contest.</summary>
/// <param name="Votes">Choice → reported votes in the batch.</param>
/// <param name="Ballots">Ballots in the batch that contain the contest (b_p).</param>
public sealed record BatchTally(IReadOnlyDictionary<string, long> Votes, long Ballots);
