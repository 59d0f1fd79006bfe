using System.Collections.Immutable;
using Canvass.Cli.Audit;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;

namespace Canvass.Cli.Verification;

/// <summary>What <c>canvass audit create</c>, <c>sample</c> and <c>close-round</c> read beyond the audit's own events, as a
/// verifier holds it: the election (contests and selections by position), the count when the audit was created, the
/// committed CVR at every sampled manifest place, and the marks of every sampled ballot's CVR, read back from the
/// committed records and keyed by ballot id, as close-round reads them from the store.</summary>
/// <param name="Index">The election the log defines.</param>
/// <param name="CvrMarks">The committed CVR marks of every sampled ballot that has a CVR.</param>
/// <param name="CvrsAtPlaces">The committed CVR at each sampled (county, batch, position): the position-th CVR of that
/// county with that batch, in import order, as the sample drawer locates it. A place with no CVR is absent.</param>
/// <param name="AtCreation">The count as <c>canvass audit create</c> tabulated it (null without an audit).</param>
/// <param name="BatchVotes">A batch-comparison audit's batch tallies, counted again from the CVRs committed before it.</param>
/// <param name="CvrBatchCounts">The committed CVRs per import (id), county and batch (null: CVRs naming no batch).</param>
internal sealed record ClosingInputs(
    ElectionIndex Index,
    IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> CvrMarks,
    IReadOnlyDictionary<(string County, string Batch, int Position), CvrPlace> CvrsAtPlaces,
    ElectionTabulation? AtCreation = null,
    BatchVoteCounter? BatchVotes = null,
    IReadOnlyDictionary<string, Dictionary<(string County, string? Batch), long>>? CvrBatchCounts = null);

/// <summary>A committed CVR: its ballot id and where its record is committed.</summary>
/// <param name="BallotId">The ballot id (the imprinted id).</param>
/// <param name="ImportId">The CVR import that committed it.</param>
/// <param name="IndexInImport">Its record's 0-based index in that import's commitment.</param>
internal sealed record CvrPlace(string BallotId, string ImportId, long IndexInImport);
