namespace Canvass.Domain.Audits;

/// <summary>The number of new draws chosen for a targeted contest in a round.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Option">The option chosen (<c>asn</c>, <c>supersimple</c>, <c>all-ballots</c>, <c>custom</c>…).</param>
/// <param name="Size">New draws this round.</param>
public sealed record SampleSize(string Contest, string Option, int Size);
