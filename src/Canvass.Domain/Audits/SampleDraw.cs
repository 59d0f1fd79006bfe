namespace Canvass.Domain.Audits;

/// <summary>One draw of the consistent sampler.</summary>
/// <param name="Contest">The targeted contest whose sample this draw belongs to.</param>
/// <param name="Ticket">The ticket number, trimmed to Arlo's 18 digits.</param>
/// <param name="Generation">1 for the ballot's first ticket, 2 for the next (drawn again with replacement), and so on.</param>
public sealed record SampleDraw(string Contest, string Ticket, int Generation);
