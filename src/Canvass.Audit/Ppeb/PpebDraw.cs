namespace Canvass.Audit;

/// <summary>One draw of the PPEB batch sampler.</summary>
/// <typeparam name="TBatch">The batch key type.</typeparam>
/// <param name="TicketNumber">A label for the draw, not used to pick the batch: the consistent sampler's first ticket
/// of the batch for its first draw, the next ticket of the previous (trimmed) label for each later draw, trimmed to
/// 18 digits.</param>
/// <param name="Batch">The batch drawn.</param>
public sealed record PpebDraw<TBatch>(string TicketNumber, TBatch Batch);
