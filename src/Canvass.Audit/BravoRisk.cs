namespace Canvass.Audit;

/// <summary>A BRAVO measurement: p-value per (winner, loser) pair and whether every pair met the risk limit.</summary>
/// <param name="PValues">(winner, loser) → p-value; a contest with no losers has the pair (winner, "").</param>
/// <param name="Finished">True when every pair's p-value is at most the risk limit.</param>
public sealed record BravoRisk(IReadOnlyDictionary<(string Winner, string Loser), double> PValues, bool Finished);
