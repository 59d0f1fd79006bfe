namespace Canvass.Domain.Electoral;

/// <summary>One unit's electors and who they are pledged to.</summary>
/// <param name="Unit">The unit's rule.</param>
/// <param name="Outcome">Its popular-vote outcome.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralUnitAllocation(ElectoralUnitRule Unit, ElectoralUnitOutcome Outcome)
{
    /// <summary>The candidate the unit's electors are pledged to, or null while the unit is not decided.</summary>
    public string? PledgedTo => Outcome.Status == ElectoralUnitStatus.Won ? Outcome.Winner : null;
}
