namespace Canvass.Domain.Audits;

/// <summary>One batch of a committed ballot manifest.</summary>
/// <param name="Jurisdiction">The jurisdiction exactly as the manifest names it: it is part of the text each ballot's
/// sampling ticket is hashed from (Arlo's <c>(jurisdiction, tabulator, batch)</c> key), so observers re-derive the sample
/// from the published manifest.</param>
/// <param name="County">The id of the counting jurisdiction (a county <c>GpUnit</c>) the name resolves to.</param>
/// <param name="Container">The container (box), when the manifest names one.</param>
/// <param name="Tabulator">The tabulator, when the manifest names one.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Ballots">How many ballots the batch holds; positions run from 1 to this count.</param>
public sealed record ManifestBatchEntry(string Jurisdiction, string County, string? Container, string? Tabulator, string Batch, int Ballots);
