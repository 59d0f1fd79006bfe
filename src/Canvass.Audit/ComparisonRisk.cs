namespace Canvass.Audit;

/// <summary>A measured risk for one contest.</summary>
/// <param name="PValue">The p-value (Arlo reports it capped at 1; 0 after a full hand count).</param>
/// <param name="Finished">True when the risk limit is met.</param>
public sealed record ComparisonRisk(double PValue, bool Finished);
