namespace Canvass.Audit;

/// <summary>One batch of a ballot manifest as the sampler sees it: a key, the key's text as Arlo renders it inside
/// the ballot id tuple, and how many ballots it holds (positions 1 to <paramref name="Count"/>).</summary>
/// <typeparam name="TBatch">The batch key type.</typeparam>
/// <param name="Batch">The batch key.</param>
/// <param name="Rendered">The key as Python's <c>str()</c> renders it inside a tuple, e.g. <c>('J1', None, 'Batch 1')</c>.</param>
/// <param name="Count">Ballots in the batch; positions run 1 to <paramref name="Count"/>.</param>
public readonly record struct SamplerBatch<TBatch>(TBatch Batch, string Rendered, int Count);
