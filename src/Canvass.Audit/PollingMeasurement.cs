namespace Canvass.Audit;

/// <summary>The risk measured after a ballot-polling round.</summary>
/// <param name="PValues">(winner, loser) → p-value. BRAVO reports every pair; Minerva and Providence report one risk
/// under the key ("winner", "loser"), as Arlo does.</param>
/// <param name="Finished">True when the risk limit is met.</param>
public sealed record PollingMeasurement(IReadOnlyDictionary<(string Winner, string Loser), double> PValues, bool Finished)
{
    /// <summary>The contest's risk: the largest p-value (Arlo stores this as the round's p-value); 1 with no pairs.</summary>
    public double Risk => PValues.Count == 0 ? 1.0 : PValues.Values.Max();
}
