namespace Canvass.Domain.Electoral;

/// <summary>Electoral votes for one candidate.</summary>
/// <param name="Candidate">The candidate's key (a candidate id, or the name an elector wrote in).</param>
/// <param name="Votes">The electoral votes; never negative.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record CandidateElectoralVotes(string Candidate, int Votes);
