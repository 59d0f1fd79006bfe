using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>One manifest batch's reported tally for one audited contest (batch comparison), counted from the batch's
/// committed CVRs when the audit was created.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="County">The county id.</param>
/// <param name="Jurisdiction">The jurisdiction as the manifest names it (half of Arlo's batch key).</param>
/// <param name="Container">The container, if the manifest names one.</param>
/// <param name="Tabulator">The tabulator, if the manifest names one.</param>
/// <param name="Batch">The batch name (the other half of Arlo's batch key).</param>
/// <param name="Ballots">The ballots the manifest gives the batch.</param>
/// <param name="Votes">Reported votes per selection, in the contest's selection order; empty when no CVR of the batch
/// carries the contest (the batch does not contain it).</param>
public sealed record ReportedBatchTally(
    string Contest,
    string County,
    string Jurisdiction,
    string? Container,
    string? Tabulator,
    string Batch,
    int Ballots,
    ImmutableArray<ReportedChoice> Votes);
