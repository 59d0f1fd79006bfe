namespace Canvass.Audit;

/// <summary>A SUITE sample size: ballots to draw in each stratum (Arlo's <c>HybridPair</c>).</summary>
/// <param name="NonCvr">Ballots to sample from the ballot-polling (no-CVR) stratum.</param>
/// <param name="Cvr">Ballots to draw from the ballot-comparison (CVR) stratum.</param>
/// <param name="RecountNeeded">True when a stratum would have to be counted in full (Arlo raises
/// <c>ValueError("One or both strata need to be recounted.")</c> instead of returning the sizes).</param>
public sealed record SuiteSampleSize(long NonCvr, long Cvr, bool RecountNeeded);
