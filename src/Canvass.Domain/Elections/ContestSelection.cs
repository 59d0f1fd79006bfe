using System.Collections.Immutable;

namespace Canvass.Domain.Elections;

/// <summary>One line a voter can mark in a contest: a candidate (or ticket), a ballot-measure answer, or a party.</summary>
/// <param name="Id">The selection's id; unique in the election.</param>
/// <param name="CandidateIds">For a candidate contest, the candidate (or the ticket's candidates in office order). Empty
/// for an aggregated write-in line.</param>
/// <param name="IsWriteIn">True for a write-in line.</param>
/// <param name="Text">For a ballot measure, the answer ("Yes", "No"); otherwise the display name.</param>
/// <param name="PartyIds">For a party contest, the party; for fusion voting, the endorsing parties.</param>
public sealed record ContestSelection(
    SelectionId Id,
    ImmutableArray<CandidateId> CandidateIds,
    bool IsWriteIn,
    string Text,
    ImmutableArray<PartyId> PartyIds);
