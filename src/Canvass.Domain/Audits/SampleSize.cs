namespace Canvass.Domain.Audits;

/// <summary>The number of new draws chosen for a targeted contest in a round.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Option">The option chosen (<c>asn</c>, <c>supersimple</c>, <c>all-ballots</c>, <c>custom</c>…), or
/// <see cref="FullHandTally"/>.</param>
/// <param name="Size">New draws this round; for <see cref="FullHandTally"/>, the ballots (or batches) of the frame.</param>
public sealed record SampleSize(string Contest, string Option, int Size)
{
    /// <summary>The option a round is logged with when it counts every ballot of the contest's frame once, without
    /// replacement (chosen as <c>all-ballots</c>, or as a size reaching the ballots not yet drawn). A batch-comparison
    /// round so logged tallies every batch not tallied before.</summary>
    public const string FullHandTally = "full-hand-tally";
}
