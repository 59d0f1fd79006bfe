using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>What an audit board counted by hand in one sampled batch for one contest.</summary>
/// <param name="County">The county id.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Contest">The contest id.</param>
/// <param name="Ballots">The ballots the board counted in the batch, when entered.</param>
/// <param name="Votes">Votes counted per selection, in the contest's selection order.</param>
public sealed record AuditedBatchTally(
    string County,
    string Batch,
    string Contest,
    long? Ballots,
    ImmutableArray<ReportedChoice> Votes)
{
    /// <summary>The batch's tabulator, in a full hand tally of a ballot audit whose manifest names one (a batch there is
    /// its county, tabulator and name); null otherwise, and always in a batch-comparison audit, whose batches are keyed by
    /// jurisdiction and name alone.</summary>
    public string? Tabulator { get; init; }
}
