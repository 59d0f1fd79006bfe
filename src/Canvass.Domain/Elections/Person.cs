namespace Canvass.Domain.Elections;

/// <summary>A person named in the election definition (a candidate's person record).</summary>
/// <param name="Id">The person's id.</param>
/// <param name="FullName">The full name as it should be displayed.</param>
/// <param name="PartyId">The person's party, if any.</param>
public sealed record Person(PersonId Id, string FullName, PartyId? PartyId = null);
