using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>A contest's full hand tally: every ballot (or batch) of its frame counted once, and what that count says of
/// the reported outcome.</summary>
/// <param name="Outcome">One of <see cref="HandCountOutcomes"/>.</param>
/// <param name="Winners">The hand count's winners (selection ids, most votes first); when it is tied for the last
/// winning place, the selections above the tie.</param>
/// <param name="Tied">The selections tied for the last winning place (empty when there is no tie).</param>
/// <param name="ReportedWinners">The reported winners (empty when the reported count was itself tied).</param>
/// <param name="Ballots">Ballots counted (ballot audits: ballots entered, or the manifest ballots of the batches tallied
/// when the count was entered per batch) or batches tallied (batch comparison).</param>
/// <param name="Uncounted">Ballots the hand count could not count for the contest: not found, found with no reading
/// of the contest entered, or in a batch with no tally sheet (a reading of <c>not-on-ballot</c>, <c>blank</c> or <c>cant-agree</c> is counted, for no
/// selection). Each could hold a vote for any selection.</param>
public sealed record HandCount(
    string Outcome,
    ImmutableArray<string> Winners,
    ImmutableArray<string> Tied,
    ImmutableArray<string> ReportedWinners,
    long Ballots,
    long Uncounted)
{
    /// <summary>In a full hand tally entered per batch on tally sheets: the batches tallied (their manifest ballots are
    /// <see cref="Ballots"/>). Null when the count was entered ballot by ballot, or in a batch-comparison audit.</summary>
    public long? Batches { get; init; }

    /// <summary>In a full hand tally entered per batch: the frame's batches with no tally sheet when the round closed.
    /// Their manifest ballots are <see cref="Uncounted"/>: each could hold a vote for any selection.</summary>
    public long? UncountedBatches { get; init; }
}
