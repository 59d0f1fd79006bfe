using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>The national roll-up of the electors each candidate won (<em>pledged</em>, from the popular vote); see
/// <see cref="ElectoralCastRollUp"/> for the electoral votes actually cast.</summary>
/// <param name="Rules">The rules used.</param>
/// <param name="States">Every state and the District, in the rules' order.</param>
/// <param name="Totals">Electors pledged per candidate, most first (ties by key).</param>
/// <param name="Unallocated">Electors of units not decided yet.</param>
/// <param name="Outcome">Elected, contingent election required, or undetermined. A candidate's running mate is chosen
/// with the ticket, so the Senate's finalists are the top two tickets.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralAllocation(
    ElectoralCollegeRules Rules,
    ImmutableArray<ElectoralStateAllocation> States,
    ImmutableArray<CandidateElectoralVotes> Totals,
    int Unallocated,
    ElectoralOutcome Outcome)
{
    /// <summary>The electors pledged to <paramref name="candidate"/> nationally.</summary>
    public int VotesOf(string candidate) => Totals.FirstOrDefault(t => t.Candidate == candidate)?.Votes ?? 0;
}
