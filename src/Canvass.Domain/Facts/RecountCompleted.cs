using System.Collections.Immutable;

namespace Canvass.Domain.Facts;

/// <summary>A recount finished: a new tally version that supersedes the certified one, which the log keeps. The recount
/// result is official once it is certified again (a recertification).</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Tally">The recount's votes per selection (the selections the recount reported).</param>
/// <param name="TallyHash">The new tally's hash (<see cref="TallyHash"/>).</param>
/// <param name="Supersedes">The hash of the tally it replaces (the last certified one), or null when none was certified.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When.</param>
/// <param name="Evidence">A link to the recount report.</param>
[Events.EventType("recount-completed.v1")]
public sealed record RecountCompleted(
    string Contest, ImmutableArray<NamedCount> Tally, string TallyHash, string? Supersedes, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
