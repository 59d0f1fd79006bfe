using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>The national roll-up of the electoral votes <em>cast</em>, which can differ from the electors pledged
/// (<see cref="ElectoralAllocation"/>) when electors are faithless.</summary>
/// <param name="States">Every state and the District, in the rules' order.</param>
/// <param name="President">Votes cast for President per candidate, most first (ties by key).</param>
/// <param name="VicePresident">Votes cast for Vice President per candidate, most first.</param>
/// <param name="NotCast">Presidential electoral votes not recorded: states that have not voted, and abstentions.</param>
/// <param name="Deviations">Every difference between cast and pledged votes, by state.</param>
/// <param name="PresidentOutcome">The President's outcome; when a contingent election is required,
/// <see cref="ElectoralOutcome.HouseCandidates"/> are the House's finalists.</param>
/// <param name="VicePresidentOutcome">The Vice President's outcome; when a contingent election is required,
/// <see cref="ElectoralOutcome.SenateCandidates"/> are the Senate's finalists.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralCastRollUp(
    ImmutableArray<ElectoralStateCast> States,
    ImmutableArray<CandidateElectoralVotes> President,
    ImmutableArray<CandidateElectoralVotes> VicePresident,
    int NotCast,
    ImmutableArray<ElectorDeviation> Deviations,
    ElectoralOutcome PresidentOutcome,
    ElectoralOutcome VicePresidentOutcome)
{
    /// <summary>Presidential electoral votes cast for <paramref name="candidate"/>.</summary>
    public int VotesOf(string candidate) => President.FirstOrDefault(t => t.Candidate == candidate)?.Votes ?? 0;

    /// <summary>Presidential votes cast otherwise than pledged, in all (<see cref="ElectoralStateCast.Faithless"/>).</summary>
    public int Faithless => States.Sum(s => s.Faithless);

    /// <summary>The states with no vote recorded at all, in the rules' order.</summary>
    public ImmutableArray<string> NotVoted => [.. States.Where(s => !s.HasVoted).Select(s => s.State)];
}
