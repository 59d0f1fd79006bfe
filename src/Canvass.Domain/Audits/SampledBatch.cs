using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>A batch drawn in a round of a batch-comparison audit, with every ticket that drew it.</summary>
/// <param name="County">The county id.</param>
/// <param name="Jurisdiction">The jurisdiction as the manifest names it.</param>
/// <param name="Container">The container, if the manifest names one.</param>
/// <param name="Tabulator">The tabulator, if the manifest names one.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Draws">Each draw of the batch in the round: contest, ticket number and generation (1 for the batch's
/// first draw for that contest, 2 for the next, and so on).</param>
public sealed record SampledBatch(
    string County,
    string Jurisdiction,
    string? Container,
    string? Tabulator,
    string Batch,
    ImmutableArray<SampleDraw> Draws);
