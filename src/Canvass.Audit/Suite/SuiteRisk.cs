namespace Canvass.Audit;

/// <summary>A SUITE risk measurement: the largest p-value over winner/loser pairs.</summary>
/// <param name="PValue">The maximised Fisher-combined p-value of the worst pair.</param>
/// <param name="Finished">True when <see cref="PValue"/> ≤ α.</param>
/// <param name="StratumRecounted">True when a stratum has already been sampled in full, so the p-value comes from
/// the other stratum alone (Arlo raises a <c>ValueError</c> carrying the p-value and the flag in this case).</param>
public sealed record SuiteRisk(double PValue, bool Finished, bool StratumRecounted);
