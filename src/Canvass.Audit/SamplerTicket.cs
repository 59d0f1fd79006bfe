namespace Canvass.Audit;

/// <summary>One ticket of the consistent sampler: its number (a decimal fraction as text), the id it belongs to, and
/// its generation (1 for the id's first ticket, 2 for the next, …; with replacement, the number of times drawn).</summary>
/// <typeparam name="TId">The id type.</typeparam>
/// <param name="TicketNumber">The ticket number, <c>"0."</c> followed by digits; compared as ordinal text.</param>
/// <param name="Id">The id.</param>
/// <param name="Generation">1 for the first ticket of the id, one more for each later ticket.</param>
public sealed record SamplerTicket<TId>(string TicketNumber, TId Id, int Generation);
