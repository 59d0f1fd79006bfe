namespace Canvass.Domain.Electoral;

/// <summary>One electoral unit of a state: its at-large electors, or one congressional district.</summary>
/// <param name="Id">The unit's name within its state: <see cref="AtLarge"/>, or <c>CD-1</c>, <c>CD-2</c>, ….</param>
/// <param name="OcdId">The Open Civic Data division id of the unit's territory (the state's own for the at-large
/// unit), which ties the unit to a <c>GpUnit</c> of an election definition through its <c>ocd-id</c> external
/// identifier.</param>
/// <param name="ElectoralVotes">How many electors the unit's winner receives.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralUnitRule(string Id, string OcdId, int ElectoralVotes)
{
    /// <summary>The id of a state's at-large unit.</summary>
    public const string AtLarge = "at-large";

    /// <summary>True for the state's at-large unit.</summary>
    public bool IsAtLarge => Id == AtLarge;
}
