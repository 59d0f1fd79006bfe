using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>One state's electors, allocated by its method from its units' outcomes.</summary>
/// <param name="Rule">The state's rule.</param>
/// <param name="Units">Each unit with its outcome, in the rule's order (at large first).</param>
/// <param name="Electors">Electors pledged per candidate, most first (ties by key).</param>
/// <param name="Unallocated">Electors of units not decided yet (uncounted, tied, or waiting for ranked-choice rounds).</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralStateAllocation(
    ElectoralStateRule Rule,
    ImmutableArray<ElectoralUnitAllocation> Units,
    ImmutableArray<CandidateElectoralVotes> Electors,
    int Unallocated)
{
    /// <summary>True when the state's electors are pledged to more than one candidate (a district split).</summary>
    public bool IsSplit => Electors.Length > 1;
}
