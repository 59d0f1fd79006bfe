namespace Canvass.Formats.Manifests;

/// <summary>A row of a ballot manifest that did not read as a batch, with what of it did read.</summary>
/// <param name="Line">Its line, or null for rows too narrow or too wide to tell which cell is which (their problems
/// give their lines).</param>
/// <param name="Jurisdiction">Its jurisdiction as written, or null when that cell has a problem or the row is too
/// narrow or too wide to tell which cell it is.</param>
/// <param name="BatchName">Its batch name, or null likewise.</param>
public sealed record ManifestRowRefused(long? Line, string? Jurisdiction, string? BatchName);
