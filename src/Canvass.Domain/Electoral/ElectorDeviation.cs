namespace Canvass.Domain.Electoral;

/// <summary>Where a state's cast electoral votes for a candidate differ from the electors pledged to that candidate:
/// the trace of faithless (or absent) electors.</summary>
/// <param name="State">The state's USPS code.</param>
/// <param name="Office">President or Vice President.</param>
/// <param name="Candidate">The candidate.</param>
/// <param name="Pledged">Electors pledged to the candidate (0 for someone nobody was pledged to).</param>
/// <param name="Cast">Electoral votes cast for the candidate.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectorDeviation(string State, ElectoralOffice Office, string Candidate, int Pledged, int Cast);
