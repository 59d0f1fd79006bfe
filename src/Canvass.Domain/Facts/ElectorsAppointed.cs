namespace Canvass.Domain.Facts;

/// <summary>A state's electors were appointed: its certificate of ascertainment (3 U.S.C. §5).</summary>
/// <param name="Contest">The presidential contest.</param>
/// <param name="Unit">The electoral unit: a state or DC (<c>GA</c>), or a district (<c>ME-CD-2</c>).</param>
/// <param name="Candidate">The candidate whose slate was appointed.</param>
/// <param name="Electors">How many electors.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link to the certificate.</param>
[Events.EventType("electors-appointed.v1")]
public sealed record ElectorsAppointed(string Contest, string Unit, string Candidate, int Electors, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
