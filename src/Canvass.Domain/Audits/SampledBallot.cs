using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>A ballot drawn in a round: where the paper is, every ticket that drew it, and the cast vote record it is
/// compared with, proven to be in its import's commitment when the sample was drawn.</summary>
/// <param name="County">The county id.</param>
/// <param name="Jurisdiction">The jurisdiction as the manifest names it.</param>
/// <param name="Container">The container, if the manifest names one.</param>
/// <param name="Tabulator">The tabulator, if the manifest names one.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Position">The ballot's 1-based position in its batch.</param>
/// <param name="Draws">Each draw of this ballot in the round: contest, ticket number and generation.</param>
/// <param name="BallotId">The CVR's ballot id (the imprinted id), when the county's ballots were committed as CVRs.</param>
/// <param name="ImportId">The CVR import holding that record.</param>
/// <param name="IndexInImport">The record's 0-based leaf index in that import's commitment.</param>
public sealed record SampledBallot(
    string County,
    string Jurisdiction,
    string? Container,
    string? Tabulator,
    string Batch,
    int Position,
    ImmutableArray<SampleDraw> Draws,
    string? BallotId,
    string? ImportId,
    long? IndexInImport);
