namespace Canvass.Domain.Elections;

/// <summary>A political party.</summary>
/// <param name="Id">The party's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Abbreviation">Its abbreviation, such as <c>DEM</c>.</param>
public sealed record Party(PartyId Id, string Name, string? Abbreviation = null);
