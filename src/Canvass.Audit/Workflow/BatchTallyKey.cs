namespace Canvass.Audit.Workflow;

/// <summary>Identifies one contest's hand tally of one batch.</summary>
/// <param name="County">The county id.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Contest">The contest id.</param>
/// <param name="Tabulator">The batch's tabulator in a full hand tally of a ballot audit (see
/// <see cref="Domain.Audits.AuditedBatchTally.Tabulator"/>); null in a batch-comparison audit.</param>
public readonly record struct BatchTallyKey(string County, string Batch, string Contest, string? Tabulator = null);
