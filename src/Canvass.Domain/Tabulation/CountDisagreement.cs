using Canvass.Domain.Elections;

namespace Canvass.Domain.Tabulation;

/// <summary>Reported counts that cannot all be true: a unit's total against its breakdown by vote method, or a roll-up
/// against the units inside it.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Unit">The unit whose total disagrees.</param>
/// <param name="Selection">The selection whose votes disagree; null when ballots cast, overvotes or undervotes do.</param>
/// <param name="Message">What disagrees, with both numbers, for an election official.</param>
public sealed record CountDisagreement(ContestId Contest, GpUnitId Unit, SelectionId? Selection, string Message);
