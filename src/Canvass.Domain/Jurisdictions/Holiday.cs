namespace Canvass.Domain.Jurisdictions;

/// <summary>A day the jurisdiction's offices are closed: not a business day.</summary>
/// <param name="Date">The day.</param>
/// <param name="Name">Its name.</param>
public sealed record Holiday(DateOnly Date, string Name);
