namespace Canvass.Domain.Audits;

/// <summary>A selection and its votes.</summary>
/// <param name="Selection">The selection id.</param>
/// <param name="Votes">Its votes.</param>
public sealed record ReportedChoice(string Selection, long Votes);
