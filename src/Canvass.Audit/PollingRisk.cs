namespace Canvass.Audit;

/// <summary>A Minerva or Providence measurement: Arlo reports one risk for the deciding pair, keyed ("winner", "loser").</summary>
/// <param name="Risk">The audit's p-value after the last round.</param>
/// <param name="Finished">True when the risk is at most the risk limit.</param>
public sealed record PollingRisk(double Risk, bool Finished);
