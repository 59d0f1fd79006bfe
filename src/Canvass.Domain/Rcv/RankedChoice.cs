namespace Canvass.Domain.Rcv;

/// <summary>One mark on a ranked ballot as the source file gives it, before any ranked-choice rule is applied.</summary>
/// <param name="Rank">The rank, 1 for first choice.</param>
/// <param name="Candidate">The candidate as the source names it (after the source's own labels are applied: an
/// undeclared write-in label becomes <see cref="RankedCvr.UndeclaredWriteIn"/>, an explicit overvote label becomes
/// <see cref="RankedCvr.Overvote"/>, a skipped-rank label produces no mark). Aliases are resolved by the tabulator.</param>
public readonly record struct RankedChoice(int Rank, string Candidate);
