namespace Canvass.Domain.Elections;

/// <summary>A candidate as named on the ballot.</summary>
/// <param name="Id">The candidate's id.</param>
/// <param name="BallotName">The name printed on the ballot.</param>
/// <param name="PartyId">The candidate's party, if any.</param>
/// <param name="PersonId">The person record, if any.</param>
public sealed record Candidate(CandidateId Id, string BallotName, PartyId? PartyId = null, PersonId? PersonId = null);
