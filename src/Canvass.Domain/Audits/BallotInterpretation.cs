using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>What an audit board recorded from the paper of one sampled ballot.</summary>
/// <param name="County">The ballot's county id.</param>
/// <param name="Tabulator">Its tabulator, if the manifest names one.</param>
/// <param name="Batch">Its batch.</param>
/// <param name="Position">Its position in the batch.</param>
/// <param name="NotFound">True when the paper could not be found: it then counts against the reported outcome.</param>
/// <param name="Contests">One interpretation per audited contest on the ballot.</param>
public sealed record BallotInterpretation(
    string County,
    string? Tabulator,
    string Batch,
    int Position,
    bool NotFound,
    ImmutableArray<ContestInterpretation> Contests);
