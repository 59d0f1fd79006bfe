namespace Canvass.Audit;

/// <summary>Misstatement counts for one winner/loser pair in the CVR stratum of a SUITE audit.</summary>
/// <param name="O1">One-vote overstatements.</param>
/// <param name="O2">Two-vote overstatements.</param>
/// <param name="U1">One-vote understatements (Arlo's <see cref="Suite.Misstatements"/> always reports 0).</param>
/// <param name="U2">Two-vote understatements (likewise always 0 from Arlo's counting).</param>
public readonly record struct SuiteMisstatements(long O1, long O2, long U1, long U2);
